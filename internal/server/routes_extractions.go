package server

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/execution"
)

type extractionIDInput struct {
	ID string `path:"id" doc:"Extraction id (ext_...)." example:"ext_01HEM2ZZ7M0Q8ZV4Q2C1N2B3D4"`
}

type extractionOutput struct {
	Body api.Extraction
}

type resultInput struct {
	ID            string  `path:"id" doc:"Extraction id (ext_...)."`
	WaitForBboxes bool    `query:"wait_for_bboxes" doc:"Long-poll until bbox refinement is terminal."`
	Timeout       float64 `query:"timeout" default:"60" minimum:"0" maximum:"600" doc:"Long-poll ceiling in seconds."`
}

type resultOutput struct {
	Body api.ExtractionResultEnvelope
}

func (s *Server) routeExtractions() {
	huma.Register(s.api, huma.Operation{
		OperationID: "get-extraction", Method: http.MethodGet, Path: "/api/v1/extractions/{id}",
		Summary: "Get an extraction's state", Tags: []string{"Extraction"},
		Errors: []int{401, 404},
	}, func(ctx context.Context, in *extractionIDInput) (*extractionOutput, error) {
		e, err := s.exec.Get(ctx, s.workspace(ctx), in.ID)
		if err != nil {
			return nil, err
		}
		return &extractionOutput{Body: execution.View(e)}, nil
	})
	huma.Register(s.api, huma.Operation{
		OperationID: "get-extraction-result", Method: http.MethodGet, Path: "/api/v1/extractions/{id}/result",
		Summary:     "Get an extraction's result",
		Description: "Answers 409 not_ready (with the extraction under extensions) until the extraction has succeeded.",
		Tags:        []string{"Extraction"}, Errors: []int{401, 404, 409},
	}, s.getResult)
}

func (s *Server) getResult(ctx context.Context, in *resultInput) (*resultOutput, error) {
	out, err := s.exec.Result(ctx, s.workspace(ctx), in.ID, in.WaitForBboxes, time.Duration(in.Timeout*float64(time.Second)))
	if err != nil {
		return nil, err
	}
	return &resultOutput{Body: *out}, nil
}

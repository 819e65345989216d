package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/jobs"
	"github.com/quarrydev/quarry/internal/problem"
	"github.com/quarrydev/quarry/internal/store"
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
		e, err := s.getExtraction(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &extractionOutput{Body: jobs.APIExtraction(e)}, nil
	})
	huma.Register(s.api, huma.Operation{
		OperationID: "get-extraction-result", Method: http.MethodGet, Path: "/api/v1/extractions/{id}/result",
		Summary:     "Get an extraction's result",
		Description: "Answers 409 not_ready (with the extraction under extensions) until the extraction has succeeded.",
		Tags:        []string{"Extraction"}, Errors: []int{401, 404, 409},
	}, s.getResult)
}

// longPollEvery is how often a wait_for_bboxes request re-reads the row.
// Reads are indexed point lookups, so a short period costs little and
// answers soon after the leg ends, across processes too.
const longPollEvery = 250 * time.Millisecond

func (s *Server) getResult(ctx context.Context, in *resultInput) (*resultOutput, error) {
	e, err := s.getExtraction(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	if in.WaitForBboxes && e.Status == api.ExtractionSucceeded {
		deadline := time.NewTimer(time.Duration(in.Timeout * float64(time.Second)))
		defer deadline.Stop()
		tick := time.NewTicker(longPollEvery)
		defer tick.Stop()
	wait:
		for !refineSettled(e) {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-deadline.C:
				break wait // on time-out the current (unrefined) result is the answer
			case <-tick.C:
				if e, err = s.getExtraction(ctx, in.ID); err != nil {
					return nil, err
				}
			}
		}
	}
	if e.Status != api.ExtractionSucceeded || len(e.Result) == 0 {
		return nil, problem.New(problem.NotReady, "Extraction %s is %s; the result is available once it has succeeded.", e.ID, e.Status).
			With("extraction", jobs.APIExtraction(e))
	}
	var res api.ExtractionResult
	if err := json.Unmarshal(e.Result, &res); err != nil {
		return nil, err
	}
	return &resultOutput{Body: api.ExtractionResultEnvelope{ID: e.ID, Result: &res}}, nil
}

// refineSettled reports whether there is nothing (more) to wait for: no
// refinement leg, or a terminal one.
func refineSettled(e *store.Extraction) bool {
	st := store.PostProcessingStatus(e.PostProcessing)
	return st == "" || st == api.PostSucceeded || st == api.PostFailed
}

func (s *Server) getExtraction(ctx context.Context, id string) (*store.Extraction, error) {
	e, err := s.store.ExtractionGet(ctx, s.workspace(ctx), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, problem.New(problem.NotFound, "No extraction %q.", id).With("id", id)
	}
	return e, err
}

package server

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quarrydev/quarry/internal/pii"
	"github.com/quarrydev/quarry/internal/problem"
	"github.com/quarrydev/quarry/internal/validate"
)

type validatorsOutput struct {
	Body struct {
		Validators []validate.Info `json:"validators"`
	}
}

type piiTypesOutput struct {
	Body struct {
		Count int            `json:"count"`
		Types []pii.TypeInfo `json:"types"`
	}
}

type piiDetectInput struct {
	Body pii.DetectRequest
}

type piiDetectOutput struct {
	Body pii.DetectResponse
}

// routeCatalogues serves the catalogues people read while writing schemas
// and the stand-alone PII detector.
func (s *Server) routeCatalogues() {
	huma.Register(s.api, huma.Operation{
		OperationID: "list-validators", Method: http.MethodGet, Path: "/api/v1/validators",
		Summary: "Field validator catalogue", Tags: []string{"Catalogues"},
		Description: "Every name usable in a field's `validators[]`, with its parameters and an example that passes.",
	}, func(ctx context.Context, _ *struct{}) (*validatorsOutput, error) {
		out := &validatorsOutput{}
		out.Body.Validators = validate.Catalogue()
		return out, nil
	})
	huma.Register(s.api, huma.Operation{
		OperationID: "list-pii-types", Method: http.MethodGet, Path: "/api/v1/pii/types",
		Summary: "PII type catalogue", Tags: []string{"PII"},
	}, func(ctx context.Context, _ *struct{}) (*piiTypesOutput, error) {
		out := &piiTypesOutput{}
		out.Body.Types = pii.Types()
		out.Body.Count = len(out.Body.Types)
		return out, nil
	})
	huma.Register(s.api, huma.Operation{
		OperationID: "pii-detect", Method: http.MethodPost, Path: "/api/v1/pii:detect",
		Summary:     "Detect (and mask) PII in text",
		Description: "Offsets are Unicode code points into `text`. `masked_text` is null unless `mask` names a strategy.",
		Tags:        []string{"PII"}, MaxBodyBytes: 64 << 20, Errors: []int{400, 401},
	}, func(ctx context.Context, in *piiDetectInput) (*piiDetectOutput, error) {
		res, err := pii.Handle(in.Body, pii.WorkspaceKey(ctx, s.engine.PIIKey))
		if err != nil {
			return nil, problem.Invalid(problem.FieldError{Path: "body", Message: err.Error()})
		}
		return &piiDetectOutput{Body: res}, nil
	})
}

package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/execution"
	"github.com/quarrydev/quarry/internal/problem"
	"github.com/quarrydev/quarry/internal/store"
)

// asyncRoutes serves submit, list and cancel of async extractions.
type asyncRoutes struct {
	s *Server
}

const maxIdempotencyKey = 255

func (s *Server) routeAsync() {
	a := &asyncRoutes{s: s}
	s.mux.HandleFunc("POST /api/v1/extractions", a.submit)
	s.documentSubmit()

	huma.Register(s.api, huma.Operation{
		OperationID: "list-extractions", Method: http.MethodGet, Path: "/api/v1/extractions",
		Summary: "List extractions", Description: "Filtered, newest first (submitted_at DESC), with the filtered total.",
		Tags: []string{"Extraction"}, Errors: []int{400, 401},
	}, a.list)
	huma.Register(s.api, huma.Operation{
		OperationID: "cancel-extraction", Method: http.MethodDelete, Path: "/api/v1/extractions/{id}",
		Summary: "Cancel a queued extraction", Description: "Only while status is queued; otherwise 409 not_cancellable.",
		Tags: []string{"Extraction"}, Errors: []int{401, 404, 409},
	}, a.cancel)
}

// submit answers 202 with the queued extraction. The body's files go to
// the blob store; the job carries only the extraction id.
func (a *asyncRoutes) submit(w http.ResponseWriter, r *http.Request) {
	s, ctx := a.s, r.Context()
	ws := s.workspace(ctx)
	key := strings.TrimSpace(r.Header.Get("Idempotency-Key"))
	if p := checkIdempotencyKey("Idempotency-Key", key); p != nil {
		writeProblem(w, r, p)
		return
	}
	// A replay answers before reading the body: the first request won.
	if first, ok := s.exec.Replay(ctx, ws, key); ok {
		writeJSON(w, http.StatusAccepted, first)
		return
	}
	// Microseconds: what the store keeps, so a replay prints the same time.
	submitted := time.Now().UTC().Truncate(time.Microsecond)
	req, err := s.decodeForRun(w, r)
	if err != nil {
		writeProblem(w, r, problem.From(err))
		return
	}
	out, err := s.exec.Submit(ctx, execution.SubmitParams{WorkspaceID: ws, IdempotencyKey: key, Request: req, Submitted: submitted})
	if err != nil {
		writeProblem(w, r, problem.From(err))
		return
	}
	w.Header().Set("Location", "/api/v1/extractions/"+out.ID)
	writeJSON(w, http.StatusAccepted, out)
}

type listInput struct {
	Status               string `query:"status" doc:"CSV of queued, running, succeeded, failed, cancelled."`
	PostProcessingStatus string `query:"post_processing_status" doc:"CSV of pending, running, succeeded, failed."`
	IdempotencyKey       string `query:"idempotency_key"`
	CreatedAfter         string `query:"created_after" doc:"RFC 3339, inclusive lower bound on submitted_at."`
	CreatedBefore        string `query:"created_before" doc:"RFC 3339, inclusive upper bound on submitted_at."`
	Limit                string `query:"limit" doc:"1-500, default 50."`
	Offset               string `query:"offset" doc:"Rows to skip, >= 0."`
}

type listOutput struct {
	Body api.ExtractionList
}

func (a *asyncRoutes) list(ctx context.Context, in *listInput) (*listOutput, error) {
	p := store.ExtractionListParams{WorkspaceID: a.s.workspace(ctx), IdempotencyKey: in.IdempotencyKey, Limit: 50}
	var errs []problem.FieldError
	bad := func(path, msg, v string) { errs = append(errs, problem.FieldError{Path: path, Message: msg, Value: v}) }
	if p := checkIdempotencyKey("idempotency_key", in.IdempotencyKey); p != nil {
		return nil, p
	}
	p.Statuses = csvOf(in.Status, api.ExtractionStatuses, "status", bad)
	p.PostProcessingStatus = csvOf(in.PostProcessingStatus, api.PostProcessingStatuses, "post_processing_status", bad)
	for _, c := range []struct {
		name, v string
		dst     **time.Time
	}{{"created_after", in.CreatedAfter, &p.CreatedAfter}, {"created_before", in.CreatedBefore, &p.CreatedBefore}} {
		if c.v == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, c.v)
		if err != nil {
			bad(c.name, "must be an RFC 3339 timestamp", c.v)
			continue
		}
		*c.dst = &t
	}
	if in.Limit != "" {
		n, err := strconv.Atoi(in.Limit)
		if err != nil || n < 1 || n > 500 {
			bad("limit", "must be an integer from 1 to 500", in.Limit)
		}
		p.Limit = n
	}
	if in.Offset != "" {
		n, err := strconv.Atoi(in.Offset)
		if err != nil || n < 0 {
			bad("offset", "must be an integer >= 0", in.Offset)
		}
		p.Offset = n
	}
	if len(errs) > 0 {
		return nil, problem.Invalid(errs...)
	}
	out, err := a.s.exec.List(ctx, p)
	if err != nil {
		return nil, err
	}
	return &listOutput{Body: out}, nil
}

// csvOf splits a CSV filter and reports values outside valid.
func csvOf(v string, valid []string, path string, bad func(path, msg, v string)) []string {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	var out []string
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		ok := false
		for _, x := range valid {
			ok = ok || x == part
		}
		if !ok {
			bad(path, "unknown value; valid: "+strings.Join(valid, ", "), part)
			continue
		}
		out = append(out, part)
	}
	return out
}

func (a *asyncRoutes) cancel(ctx context.Context, in *extractionIDInput) (*extractionOutput, error) {
	out, err := a.s.exec.Cancel(ctx, a.s.workspace(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &extractionOutput{Body: out}, nil
}

func ptrTo[T any](v T) *T { return &v }

// documentSubmit adds the hand-written submit handler to the OpenAPI
// document (it reads its body itself, like /extract).
func (s *Server) documentSubmit() {
	resp := s.problemResponses(400, 401, 408, 413, 422, 503)
	resp["202"] = &huma.Response{Description: "Queued.", Content: map[string]*huma.MediaType{"application/json": {Schema: s.schemaRef(api.Extraction{}, "Extraction")}}}
	s.api.OpenAPI().AddOperation(&huma.Operation{
		OperationID: "submit-extraction", Method: http.MethodPost, Path: "/api/v1/extractions", Tags: []string{"Extraction"},
		Summary: "Submit an async extraction",
		Description: "Same body as /extract (JSON or multipart) plus callback_url and metadata. Answers 202 at once. " +
			"An Idempotency-Key header replays the first answer. callback_url must reach a public address " +
			"(422 validation_failed otherwise, unless QUARRY_WEBHOOK_ALLOW_PRIVATE=true).",
		Parameters:  []*huma.Param{{Name: "Idempotency-Key", In: "header", Schema: &huma.Schema{Type: "string", MaxLength: ptrTo(maxIdempotencyKey)}}},
		RequestBody: s.extractRequestBody(),
		Responses:   resp,
	})
}

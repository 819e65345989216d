package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/obs"
	"github.com/quarrydev/quarry/internal/pipeline"
	"github.com/quarrydev/quarry/internal/problem"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/validate"
)

// The extract endpoints read their bodies themselves (multipart streams,
// strict base64, exact problem codes), so they are plain handlers whose
// operations are added to the OpenAPI document by hand.
func (s *Server) routeExtract() {
	s.mux.HandleFunc("POST /api/v1/extract", s.handleExtract)
	s.mux.HandleFunc("POST /api/v1/extract:validate", s.handleValidate)

	reqBody := s.extractRequestBody()
	extractResp := s.problemResponses(400, 401, 408, 413, 422)
	extractResp["200"] = &huma.Response{Description: "The extraction result.", Content: map[string]*huma.MediaType{
		"application/json": {Schema: s.schemaRef(api.ExtractionResult{}, "ExtractionResult")},
	}}
	s.api.OpenAPI().AddOperation(&huma.Operation{
		OperationID: "extract", Method: http.MethodPost, Path: "/api/v1/extract", Tags: []string{"Extraction"},
		Summary:     "Extract synchronously",
		Description: "Runs the pipeline and answers when it finishes or QUARRY_SYNC_TIMEOUT_S passes (408).",
		RequestBody: reqBody, Responses: extractResp,
	})
	validateResp := s.problemResponses(400, 401)
	validateResp["200"] = &huma.Response{Description: "The validation report.", Content: map[string]*huma.MediaType{
		"application/json": {Schema: s.schemaRef(api.ValidationReport{}, "ValidationReport")},
	}}
	s.api.OpenAPI().AddOperation(&huma.Operation{
		OperationID: "extract-validate", Method: http.MethodPost, Path: "/api/v1/extract:validate", Tags: []string{"Extraction"},
		Summary:     "Dry-run the request validator",
		Description: "Checks a request without loading files or storing anything. Always 200; inspect `ok`.",
		RequestBody: reqBody, Responses: validateResp,
	})
}

func (s *Server) handleValidate(w http.ResponseWriter, r *http.Request) {
	req, err := s.decodeValidateRequest(w, r)
	if err != nil {
		writeProblem(w, r, problem.From(err))
		return
	}
	if errs := validate.Structure(req); len(errs) > 0 {
		writeProblem(w, r, problem.Invalid(errs...))
		return
	}
	writeJSON(w, http.StatusOK, validate.Semantic(req))
}

// decodeValidateRequest accepts the extract body; file bytes are not
// needed, so content_base64 is neither required nor decoded.
func (s *Server) decodeValidateRequest(w http.ResponseWriter, r *http.Request) (*api.ExtractRequest, error) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return s.decodeExtractRequest(w, r)
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	buf, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, bodyError(err, s.cfg.MaxBodyBytes)
	}
	return parseRequestJSON(buf, "")
}

func (s *Server) handleExtract(w http.ResponseWriter, r *http.Request) {
	submitted := time.Now().UTC()
	timing := newServerTiming()
	req, err := s.decodeExtractRequest(w, r)
	if err == nil {
		err = pipeline.Check(req)
	}
	timing.mark("decode")
	if err != nil {
		writeProblem(w, r, problem.From(err))
		return
	}
	res, err := s.runSync(r.Context(), req, submitted, timing)
	if err != nil {
		writeProblem(w, r, problem.From(err))
		return
	}
	w.Header().Set("Server-Timing", timing.header())
	writeJSON(w, http.StatusOK, res)
}

// runSync runs the pipeline under the sync time limit and stores the
// outcome: a succeeded row with its result, or a failed row on time-out.
// Refused input (load problems) is not stored: nothing was extracted.
func (s *Server) runSync(ctx context.Context, req *api.ExtractRequest, submitted time.Time, timing *serverTiming) (*api.ExtractionResult, error) {
	id := ids.New("ext")
	ctx, cancel := context.WithTimeout(ctx, s.cfg.SyncTimeout)
	defer cancel()
	type outcome struct {
		res *api.ExtractionResult
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		// The pipeline honours ctx; running it in its own goroutine also
		// bounds the answer time if a stage is slow to notice.
		defer func() {
			if p := recover(); p != nil {
				done <- outcome{err: errors.New("pipeline panic")}
			}
		}()
		res, err := s.engine.Run(ctx, id, req)
		done <- outcome{res, err}
	}()
	var out outcome
	select {
	case out = <-done:
	case <-ctx.Done():
		out = outcome{err: ctx.Err()}
	}
	timing.mark("pipeline")
	if out.err != nil {
		if errors.Is(out.err, context.DeadlineExceeded) {
			s.storeSync(context.WithoutCancel(ctx), id, req, submitted, nil, "sync time limit exceeded")
			return nil, problem.New(problem.Timeout, "The extraction took longer than %s; submit it as an async extraction.", s.cfg.SyncTimeout).
				With("extraction_id", id)
		}
		return nil, out.err
	}
	if err := s.storeSync(ctx, id, req, submitted, out.res, ""); err != nil {
		obs.Logger(ctx).Error("storing sync extraction failed", "err", err)
		return nil, problem.New(problem.Unavailable, "The result could not be stored; retry later.")
	}
	timing.mark("store")
	return out.res, nil
}

// storeSync writes the sync extraction in one insert, so a reader never
// sees it half-written.
func (s *Server) storeSync(ctx context.Context, id string, req *api.ExtractRequest, submitted time.Time, res *api.ExtractionResult, failure string) error {
	reqJSON, err := s.persistRequest(ctx, req)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	ids := obs.GetIDs(ctx)
	e := &store.Extraction{
		ID: id, WorkspaceID: s.workspace(ctx), Mode: "sync", SubmittedAt: submitted, StartedAt: &submitted,
		FinishedAt: &now, Attempts: 1, CorrelationID: ids.CorrelationID, TenantID: ids.TenantID, Request: reqJSON,
	}
	if res != nil {
		e.Status = api.ExtractionSucceeded
		if e.Result, err = json.Marshal(res); err != nil {
			return err
		}
	} else {
		e.Status = api.ExtractionFailed
		e.Error = &failure
	}
	return s.store.ExtractionInsert(ctx, e)
}

// persistRequest stores each file's bytes in the blob store and returns
// the request JSON with blob keys in place of content.
func (s *Server) persistRequest(ctx context.Context, req *api.ExtractRequest) ([]byte, error) {
	type storedFile struct {
		api.FileInput
		BlobKey string `json:"blob_key"`
		Bytes   int    `json:"bytes"`
	}
	cp := struct {
		*api.ExtractRequest
		Files []storedFile `json:"files"`
	}{ExtractRequest: req}
	for _, f := range req.Files {
		key, err := s.blobs.Put(ctx, f.Data)
		if err != nil {
			return nil, err
		}
		f.ContentBase64 = ""
		cp.Files = append(cp.Files, storedFile{FileInput: f, BlobKey: key, Bytes: len(f.Data)})
	}
	return json.Marshal(cp)
}

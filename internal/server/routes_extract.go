package server

import (
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/execution"
	"github.com/quarrydev/quarry/internal/pipeline"
	"github.com/quarrydev/quarry/internal/problem"
)

// The extract endpoints read their bodies themselves (multipart streams,
// strict base64, exact problem codes), so they are plain handlers whose
// operations are added to the OpenAPI document by hand.
func (s *Server) routeExtract() {
	s.mux.HandleFunc("POST /api/v1/extract", s.handleExtract)
	s.mux.HandleFunc("POST /api/v1/extract:validate", s.handleValidate)

	reqBody := s.extractRequestBody()
	extractResp := s.problemResponses(400, 401, 408, 413, 422, 503)
	extractResp["200"] = &huma.Response{Description: "The extraction result.", Content: map[string]*huma.MediaType{
		"application/json": {Schema: s.schemaRef(api.ExtractionResult{}, "ExtractionResult")},
	}}
	s.api.OpenAPI().AddOperation(&huma.Operation{
		OperationID: "extract", Method: http.MethodPost, Path: "/api/v1/extract", Tags: []string{"Extraction"},
		Summary:     "Extract synchronously",
		Description: "Runs the pipeline and answers when it finishes or QUARRY_SYNC_TIMEOUT_S passes (408).",
		RequestBody: reqBody, Responses: extractResp,
	})
	validateResp := s.problemResponses(400, 401, 408, 413, 503)
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
	errs, rep := pipeline.Verdict(req)
	if len(errs) > 0 {
		writeProblem(w, r, problem.Invalid(errs...))
		return
	}
	writeJSON(w, http.StatusOK, rep)
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
		return nil, s.bodyError(err)
	}
	return parseRequestJSON(buf, "")
}

func (s *Server) handleExtract(w http.ResponseWriter, r *http.Request) {
	submitted := time.Now().UTC()
	timing := newServerTiming()
	req, err := s.decodeForRun(w, r)
	timing.mark("decode")
	if err != nil {
		writeProblem(w, r, problem.From(err))
		return
	}
	release, err := s.budget.pipeline(r.Context())
	if err != nil {
		writeProblem(w, r, problem.From(err))
		return
	}
	defer release()
	res, err := s.exec.RunSync(r.Context(), execution.SyncParams{WorkspaceID: s.workspace(r.Context()), Request: req,
		Submitted: submitted, Mark: timing.mark})
	if err != nil {
		writeProblem(w, r, problem.From(err))
		return
	}
	w.Header().Set("Server-Timing", timing.header())
	writeJSON(w, http.StatusOK, res)
}

// decodeForRun reads a request that is going to run (sync or async):
// decoded, checked by pipeline.Check (the checker the dry run shares),
// then its files must not be empty; the dry run never looks at bytes.
func (s *Server) decodeForRun(w http.ResponseWriter, r *http.Request) (*api.ExtractRequest, error) {
	req, err := s.decodeExtractRequest(w, r)
	if err == nil {
		err = pipeline.Check(req)
	}
	if err == nil {
		err = emptyFiles(req)
	}
	return req, err
}

package mcp

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// object is a tool's structured output: the REST answer, reshaped where
// an agent needs less.
type object = map[string]any

type processInput struct {
	document
	Locale           string `json:"locale,omitempty" jsonschema:"the document's language or region (tr, de-DE, en-US); gates PII detectors and OCR; default: detect"`
	MaskPII          *bool  `json:"mask_pii,omitempty" jsonschema:"mask personal data in the stored text and fields (default true)"`
	DocumentTypeHint string `json:"document_type_hint,omitempty" jsonschema:"the type if known (invoice, receipt, bank_statement, ...); skips classification"`
	Wait             *bool  `json:"wait,omitempty" jsonschema:"wait for the job to finish and include its result (default true); progress is reported while waiting"`
	TimeoutSeconds   int    `json:"timeout_seconds,omitempty" jsonschema:"how long to wait, 1 to 600 (default 120); the job goes on after it"`
}

type jobInput struct {
	JobID string `json:"job_id" jsonschema:"the job id (job_...) that document.process returned"`
}

// fileArg is one file of an extract request.
type fileArg struct {
	document
	ContentType  string `json:"content_type,omitempty" jsonschema:"optional MIME hint; the real type is sniffed"`
	ExpectedType string `json:"expected_type,omitempty" jsonschema:"pins the file to one of document_types[].id"`
}

type extractInput struct {
	Files         []fileArg        `json:"files" jsonschema:"the files to process together"`
	Intention     string           `json:"intention,omitempty" jsonschema:"what the files are for, in words (helps classification)"`
	DocumentTypes []map[string]any `json:"document_types,omitempty" jsonschema:"declared document types: {id, description, field_groups:[{name, fields:[{name, type, description, validators}]}]}; empty uses the built-in types"`
	Rules         []map[string]any `json:"rules,omitempty" jsonschema:"cross-field and cross-document rules: {id, expression (CEL), severity, message}"`
	Options       map[string]any   `json:"options,omitempty" jsonschema:"pipeline options: stages, pii {locale, mask}, ocr, llm ... (see the REST reference)"`
}

func (s *Server) addDocumentTools() {
	sdk.AddTool(s.sdk, &sdk.Tool{Name: "document.process",
		Description: "Process one document (PDF, scan, photo, office file, e-invoice) into fields, a quality grade (A-D) and a PII summary. " +
			"Costs credits. Waits for the job by default and reports progress; with wait=false it returns the job to poll with job.status.",
		InputSchema: s.schemaFor(mustSchema[processInput]()),
		Annotations: &sdk.ToolAnnotations{OpenWorldHint: ptr(false)}}, s.process)
	sdk.AddTool(s.sdk, &sdk.Tool{Name: "job.status",
		Description: "The state of a job (queued, running, completed, failed) with its quality, language and PII counts once it ran.",
		Annotations: readOnly()}, s.jobStatus)
	sdk.AddTool(s.sdk, &sdk.Tool{Name: "job.result",
		Description: "The extracted fields of a finished document job, its document type, quality (score, grade, warnings) and PII summary " +
			"by type. Field values are masked when the job masked personal data.",
		Annotations: readOnly()}, s.jobResult)
	sdk.AddTool(s.sdk, &sdk.Tool{Name: "extract",
		Description: "Run the extraction pipeline synchronously on one or more files with your own declared document types, fields, " +
			"validators and rules; returns the full ExtractionResult (documents, fields with boxes and confidence, validations, quality).",
		InputSchema: s.schemaFor(mustSchema[extractInput]())}, s.extract)
	sdk.AddTool(s.sdk, &sdk.Tool{Name: "schema.validate",
		Description: "Dry-run an extract request: checks document types, fields, validators and rules without processing anything or " +
			"spending credits. Use it before extract when you wrote your own types.",
		InputSchema: s.schemaFor(mustSchema[extractInput]()), Annotations: readOnly()}, s.validateSchema)
}

func readOnly() *sdk.ToolAnnotations {
	return &sdk.ToolAnnotations{ReadOnlyHint: true, OpenWorldHint: ptr(false)}
}

func ptr[T any](v T) *T { return &v }

func (s *Server) process(ctx context.Context, req *sdk.CallToolRequest, in processInput) (*sdk.CallToolResult, object, error) {
	key := s.keyOf(req.Extra)
	name, data, err := s.read(ctx, in.document)
	if err != nil {
		return nil, nil, err
	}
	if len(data) == 0 {
		return nil, nil, errors.New("the document is empty")
	}
	body, ctype, err := uploadBody(name, data, in)
	if err != nil {
		return nil, nil, err
	}
	r, err := s.be.do(ctx, key, http.MethodPost, "/v1/data-process/async", body, ctype, jsonLimit)
	if err != nil {
		return nil, nil, err
	}
	raw, err := r.v1Data()
	if err != nil {
		return nil, nil, err
	}
	var up struct {
		Jobs []struct {
			JobID string `json:"job_id"`
		} `json:"jobs"`
		Rejected []struct {
			Error string `json:"error"`
		} `json:"rejected"`
	}
	if err := json.Unmarshal(raw, &up); err != nil {
		return nil, nil, err
	}
	if len(up.Jobs) == 0 {
		if len(up.Rejected) > 0 {
			return nil, nil, fmt.Errorf("the document was refused: %s", up.Rejected[0].Error)
		}
		return nil, nil, errors.New("the document was not accepted")
	}
	job := up.Jobs[0].JobID
	if in.Wait == nil || *in.Wait {
		err := s.wait(ctx, req, waitLimit(in.TimeoutSeconds), s.extractionStep(key, job))
		switch {
		case ctx.Err() != nil:
			s.cancelIfQueued(ctx, key, job)
			return nil, nil, ctx.Err()
		case err != nil && !errors.Is(err, errStillRunning):
			return nil, nil, err
		}
	}
	out, err := s.jobObject(ctx, key, job)
	if err != nil {
		return nil, nil, err
	}
	res := object{"job": out}
	if out["status"] == "completed" {
		if res["result"], err = s.resultOf(ctx, key, job); err != nil {
			return nil, nil, err
		}
	}
	return nil, res, nil
}

// uploadBody is the multipart form POST /v1/data-process/async reads.
func uploadBody(name string, data []byte, in processInput) (*bytes.Buffer, string, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("files", name)
	if err != nil {
		return nil, "", err
	}
	if _, err := fw.Write(data); err != nil {
		return nil, "", err
	}
	if in.Locale != "" {
		_ = mw.WriteField("locale", in.Locale)
	}
	cfg := map[string]any{}
	if in.MaskPII != nil {
		cfg["mask_pii"] = *in.MaskPII
	}
	if in.DocumentTypeHint != "" {
		cfg["document_type_hint"] = in.DocumentTypeHint
	}
	if len(cfg) > 0 {
		raw, _ := json.Marshal(cfg)
		_ = mw.WriteField("pipeline_config", string(raw))
	}
	if err := mw.Close(); err != nil {
		return nil, "", err
	}
	return &buf, mw.FormDataContentType(), nil
}

// extractionStep looks at a document job through /api/v1/extractions,
// which the /v1 rate limit does not count, so waiting costs the plan
// nothing; the job's /v1 view is read once at the end.
func (s *Server) extractionStep(key, job string) func(context.Context) (step, error) {
	path := "/api/v1/extractions/" + extractionOf(job)
	return func(ctx context.Context) (step, error) {
		raw, err := s.be.api(ctx, key, http.MethodGet, path, nil)
		if err != nil {
			return step{}, err
		}
		var x struct {
			Status string `json:"status"`
		}
		if err := json.Unmarshal(raw, &x); err != nil {
			return step{}, err
		}
		st := step{message: job + ": " + x.Status}
		switch x.Status {
		case "queued":
			st.progress = 0.1
		case "running":
			st.progress = 0.5
		default:
			st.progress, st.done = 1, true
		}
		return st, nil
	}
}

// cancelIfQueued stops a job the client gave up on while it has not
// started; a running job finishes (its credits are held already).
func (s *Server) cancelIfQueued(ctx context.Context, key, job string) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_, _ = s.be.api(cctx, key, http.MethodDelete, "/api/v1/extractions/"+extractionOf(job), nil)
}

// extractionOf is the /api/v1 id of a /v1 job: the same record.
func extractionOf(job string) string { return "ext_" + strings.TrimPrefix(job, "job_") }

func checkJobID(id string) error {
	if !strings.HasPrefix(id, "job_") || len(id) < 8 || strings.ContainsAny(id, "/?#") {
		return fmt.Errorf("job_id must be a job id like job_01J...; got %q", id)
	}
	return nil
}

func (s *Server) jobObject(ctx context.Context, key, job string) (object, error) {
	if err := checkJobID(job); err != nil {
		return nil, err
	}
	raw, err := s.be.v1(ctx, key, http.MethodGet, "/v1/jobs/"+job, nil)
	if err != nil {
		return nil, err
	}
	return decodeObject(raw)
}

func (s *Server) jobStatus(ctx context.Context, req *sdk.CallToolRequest, in jobInput) (*sdk.CallToolResult, object, error) {
	out, err := s.jobObject(ctx, s.keyOf(req.Extra), in.JobID)
	return nil, out, err
}

func (s *Server) jobResult(ctx context.Context, req *sdk.CallToolRequest, in jobInput) (*sdk.CallToolResult, object, error) {
	if err := checkJobID(in.JobID); err != nil {
		return nil, nil, err
	}
	out, err := s.resultOf(ctx, s.keyOf(req.Extra), in.JobID)
	return nil, out, err
}

// resultOf reads a job's execution record (GET /v1/executions/{id}) and
// keeps what an agent acts on; the whole record is the resource
// quarry://executions/{id}.
func (s *Server) resultOf(ctx context.Context, key, job string) (object, error) {
	exec := "exec_" + strings.TrimPrefix(job, "job_")
	raw, err := s.be.v1(ctx, key, http.MethodGet, "/v1/executions/"+exec, nil)
	if err != nil {
		return nil, err
	}
	x, err := decodeObject(raw)
	if err != nil {
		return nil, err
	}
	out := object{"job_id": job, "execution_id": exec, "status": x["status"], "document_type": x["document_type"],
		"quality": x["quality"], "privacy": x["privacy"], "failure_reason": x["failure_reason"],
		"extraction_method_per_field": x["extraction_method_per_field"], "resource": "quarry://executions/" + exec}
	out["fields"] = object{}
	if recs, ok := x["records"].([]any); ok && len(recs) > 0 {
		out["fields"] = recs[0]
	}
	if p, ok := x["pii"].(map[string]any); ok {
		out["pii"] = object{"count": p["count"], "by_type": p["by_type"]}
	}
	return out, nil
}

// extractBody turns the tool's arguments into the /api/v1 request,
// reading local paths into base64 first.
func (s *Server) extractBody(ctx context.Context, in extractInput) (object, error) {
	files := make([]object, 0, len(in.Files))
	for i, f := range in.Files {
		d := f.document
		if d.Path != "" || d.URL != "" {
			name, data, err := s.read(ctx, d)
			if err != nil {
				return nil, fmt.Errorf("files[%d]: %w", i, err)
			}
			d = document{Filename: name, ContentBase64: base64.StdEncoding.EncodeToString(data)}
		}
		file := object{"filename": nameOr(d.Filename, fmt.Sprintf("file%d", i+1)), "content_base64": d.ContentBase64}
		if f.ContentType != "" {
			file["content_type"] = f.ContentType
		}
		if f.ExpectedType != "" {
			file["expected_type"] = f.ExpectedType
		}
		files = append(files, file)
	}
	body := object{"files": files}
	if in.Intention != "" {
		body["intention"] = in.Intention
	}
	if len(in.DocumentTypes) > 0 {
		body["document_types"] = in.DocumentTypes
	}
	if len(in.Rules) > 0 {
		body["rules"] = in.Rules
	}
	if len(in.Options) > 0 {
		body["options"] = in.Options
	}
	return body, nil
}

func (s *Server) extract(ctx context.Context, req *sdk.CallToolRequest, in extractInput) (*sdk.CallToolResult, object, error) {
	if len(in.Files) == 0 {
		return nil, nil, errors.New("files needs at least one file")
	}
	body, err := s.extractBody(ctx, in)
	if err != nil {
		return nil, nil, err
	}
	raw, err := s.be.api(ctx, s.keyOf(req.Extra), http.MethodPost, "/api/v1/extract", body)
	if err != nil {
		return nil, nil, err
	}
	out, err := decodeObject(raw)
	return nil, out, err
}

func (s *Server) validateSchema(ctx context.Context, req *sdk.CallToolRequest, in extractInput) (*sdk.CallToolResult, object, error) {
	body, err := s.extractBody(ctx, in)
	if err != nil {
		return nil, nil, err
	}
	raw, err := s.be.api(ctx, s.keyOf(req.Extra), http.MethodPost, "/api/v1/extract:validate", body)
	if err != nil {
		return nil, nil, err
	}
	out, err := decodeObject(raw)
	return nil, out, err
}

func decodeObject(raw json.RawMessage) (object, error) {
	var out object
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("the answer is not a JSON object: %v", err)
	}
	if out == nil {
		out = object{}
	}
	return out, nil
}

package server

import (
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/dataset"
	"github.com/quarrydev/quarry/internal/export"
	"github.com/quarrydev/quarry/internal/llmsettings"
	"github.com/quarrydev/quarry/internal/pii"
)

// v1Doc describes one /v1 route for the OpenAPI document. The /v1
// handlers are plain net/http (the contract's envelope and error codes
// are not huma's), so their operations are added to the document here;
// TestV1RoutesAreDocumented keeps this table and the routes together.
type v1Doc struct {
	method, path, summary, tag string
	in                         any // request body type (nil: none)
	out                        any // the envelope's data type (nil: none)
	status                     int
	errors                     []string
	multipart, file            bool
}

var v1Docs = []v1Doc{
	{http.MethodPost, "/v1/auth/signup", "Create an account (a verification link follows)", "People", map[string]string{}, map[string]any{}, 201, []string{v1Validation, "CONFLICT"}, false, false},
	{http.MethodGet, "/v1/auth/verify", "Verify an e-mail address with its link's token", "People", nil, map[string]any{}, 200, []string{v1Validation}, false, false},
	{http.MethodPost, "/v1/auth/verify/resend", "Send a new verification link", "People", map[string]string{}, map[string]any{}, 200, []string{v1Validation}, false, false},
	{http.MethodPost, "/v1/auth/login", "Sign in: access and refresh tokens", "People", map[string]string{}, v1Tokens{}, 200, []string{v1Unauthorized, v1RateLimited}, false, false},
	{http.MethodPost, "/v1/auth/refresh", "Trade a refresh token for new tokens (rotation)", "People", map[string]string{}, v1Tokens{}, 200, []string{v1Unauthorized}, false, false},
	{http.MethodPost, "/v1/team/invite", "Invite a person into the workspace with a role", "People", map[string]string{}, map[string]any{}, 201, []string{v1Forbidden, v1Validation}, false, false},
	{http.MethodGet, "/v1/team/members", "The workspace's members", "People", nil, []v1Member{}, 200, nil, false, false},
	{http.MethodPatch, "/v1/team/members/{user_id}/role", "Change a member's role", "People", map[string]string{}, v1Member{}, 200, []string{v1Forbidden, v1NotFound, "LAST_OWNER"}, false, false},
	{http.MethodDelete, "/v1/team/members/{user_id}", "Remove a member", "People", nil, nil, 204, []string{v1Forbidden, v1NotFound, "LAST_OWNER"}, false, false},
	{http.MethodGet, "/v1/api-keys", "The workspace's API keys (never their secrets)", "Keys", nil, []v1APIKey{}, 200, []string{v1Forbidden}, false, false},
	{http.MethodPost, "/v1/api-keys", "Issue a key; its secret is in this answer only", "Keys", map[string]string{}, v1APIKey{}, 201, []string{v1Forbidden, v1Validation}, false, false},
	{http.MethodDelete, "/v1/api-keys/{id}", "Revoke a key at once", "Keys", nil, nil, 204, []string{v1Forbidden, v1NotFound}, false, false},
	{http.MethodPost, "/v1/data-process/async", "Upload documents: one job each (multipart `files`)", "Documents", nil, v1UploadAnswer{}, 202, []string{v1MissingInput, v1QuotaExceeded, v1TrialExpired, v1FileTooLarge, v1UnsupportedFile, v1Validation}, true, false},
	{http.MethodGet, "/v1/jobs", "Jobs, newest first (page/page_size or limit/offset, status)", "Jobs", nil, []v1Job{}, 200, []string{v1Validation}, false, false},
	{http.MethodGet, "/v1/jobs/{id}", "A job with its processing summary", "Jobs", nil, v1Job{}, 200, []string{v1NotFound}, false, false},
	{http.MethodPost, "/v1/jobs/{id}/feedback", "Give feedback on a job's result (an upsert)", "Jobs", map[string]string{}, map[string]any{}, 200, []string{v1NotFound, v1Validation}, false, false},
	{http.MethodGet, "/v1/jobs/{id}/feedback", "A job's feedback (null when none)", "Jobs", nil, map[string]any{}, 200, []string{v1NotFound}, false, false},
	{http.MethodGet, "/v1/executions/{id}", "The record of one pipeline run", "Jobs", nil, v1Execution{}, 200, []string{v1NotFound}, false, false},
	{http.MethodGet, "/v1/documents", "Documents, newest first", "Documents", nil, []v1Document{}, 200, []string{v1Validation}, false, false},
	{http.MethodGet, "/v1/documents/{id}", "A document with its processing history", "Documents", nil, v1Document{}, 200, []string{v1NotFound}, false, false},
	{http.MethodGet, "/v1/documents/{id}/file", "The original bytes (members and up)", "Documents", nil, nil, 200, []string{v1NotFound, v1Forbidden, v1DocumentFileNotAvailable}, false, true},
	{http.MethodPost, "/v1/documents/{id}/reprocess", "Run the pipeline again: a new job", "Documents", nil, map[string]any{}, 202, []string{v1NotFound, v1QuotaExceeded, v1DocumentFileNotAvailable}, false, false},
	{http.MethodPost, "/v1/webhooks", "Register a webhook (a secret made here is answered once)", "Webhooks", map[string]any{}, v1Hook{}, 201, []string{v1Forbidden, v1Validation}, false, false},
	{http.MethodGet, "/v1/webhooks", "The workspace's webhooks", "Webhooks", nil, []v1Hook{}, 200, []string{v1Forbidden}, false, false},
	{http.MethodDelete, "/v1/webhooks/{id}", "Delete a webhook", "Webhooks", nil, nil, 204, []string{v1Forbidden, v1NotFound}, false, false},
	{http.MethodGet, "/v1/webhooks/{id}/deliveries", "A webhook's delivery attempts, newest first", "Webhooks", nil, []v1Delivery{}, 200, []string{v1Forbidden, v1NotFound}, false, false},
	{http.MethodGet, "/v1/usage", "Credits of the current period", "Usage", nil, v1Usage{}, 200, nil, false, false},
	{http.MethodGet, "/v1/usage/current", "Credits of the current period, flat", "Usage", nil, v1UsageCurrent{}, 200, nil, false, false},
	{http.MethodGet, "/v1/usage/rate-limits", "The rate window (reading it costs no request)", "Usage", nil, v1RateLimits{}, 200, nil, false, false},
	{http.MethodGet, "/v1/usage/history", "Credits and jobs per day (period=7d, 30d or 90d): a bare array", "Usage", nil, []audit.Day{}, 200, []string{v1Validation}, false, false},
	{http.MethodGet, "/v1/usage/quality-trend", "Quality per day (period=7d, 30d or 90d): a bare array", "Usage", nil, []audit.QualityDay{}, 200, []string{v1Validation}, false, false},
	{http.MethodGet, "/v1/audit/export", "The audit trail, format=json or csv (admins and owners)", "Compliance", nil, []audit.Entry{}, 200, []string{v1Forbidden, v1Validation}, false, false},
	{http.MethodGet, "/v1/compliance/record", "A GDPR Article 30 record of processing", "Compliance", nil, audit.ROPA{}, 200, nil, false, false},
	{http.MethodPost, "/v1/datasets", "Build a dataset from execution_ids, job_ids or a filter: a dataset_build job", "Datasets", map[string]any{}, map[string]any{}, 202, []string{v1Forbidden, v1NotFound, v1Validation, v1Conflict}, false, false},
	{http.MethodPost, "/v1/datasets/build-from-execution/{id}", "Build a dataset from one execution: a dataset_build job", "Datasets", map[string]any{}, map[string]any{}, 202, []string{v1Forbidden, v1NotFound, v1Validation, v1Conflict}, false, false},
	{http.MethodGet, "/v1/datasets", "Datasets, newest first (status, source_execution_id, source_document_id, job_id, q)", "Datasets", nil, []v1Dataset{}, 200, []string{v1Validation}, false, false},
	{http.MethodGet, "/v1/datasets/{id}", "A dataset with the formats it downloads in", "Datasets", nil, v1Dataset{}, 200, []string{v1NotFound}, false, false},
	{http.MethodDelete, "/v1/datasets/{id}", "Delete a dataset with every version", "Datasets", nil, nil, 204, []string{v1Forbidden, v1NotFound}, false, false},
	{http.MethodGet, "/v1/datasets/{id}/profile", "The current version's statistics and what its PII implies", "Datasets", nil, dataset.Profile{}, 200, []string{v1NotFound, v1Conflict}, false, false},
	{http.MethodGet, "/v1/datasets/{id}/rows", "A page of flattened rows (page, page_size, q)", "Datasets", nil, map[string]any{}, 200, []string{v1NotFound, v1Conflict, v1Validation}, false, false},
	{http.MethodGet, "/v1/datasets/{id}/compliance-report", "KVKK/GDPR report of the data held, format=json or pdf (Pro and up)", "Datasets", nil, dataset.Report{}, 200, []string{v1NotFound, v1Conflict, v1PlanUpgrade, v1Validation}, false, false},
	{http.MethodGet, "/v1/datasets/{id}/export/{fmt}", "Download the current version in a format (an attachment named <slug>.<ext>)", "Datasets", nil, nil, 200, []string{v1NotFound, v1Conflict, v1Validation}, false, true},
	{http.MethodGet, "/v1/datasets/{id}/export", "Download the current version, format=<fmt>", "Datasets", nil, nil, 200, []string{v1NotFound, v1Conflict, v1Validation}, false, true},
	{http.MethodPost, "/v1/settings/llm-config", "Set the workspace's own model (provider, model, api_key sealed at rest, base_url)", "Settings", map[string]any{}, v1LLMConfig{}, 200, []string{v1Forbidden, v1Validation}, false, false},
	{http.MethodGet, "/v1/settings/llm-config", "The workspace's model settings (never the key: has_api_key)", "Settings", nil, v1LLMConfig{}, 200, []string{v1Forbidden}, false, false},
	{http.MethodDelete, "/v1/settings/llm-config", "Remove the workspace's model settings (runs use the server's model)", "Settings", nil, nil, 204, []string{v1Forbidden, v1NotFound}, false, false},
	{http.MethodPost, "/v1/settings/llm-config/test", "One tiny call with the saved settings, or with the body's unsaved ones", "Settings", map[string]any{}, llmsettings.TestResult{}, 200, []string{v1Forbidden, v1NotFound, v1Validation}, false, false},
	{http.MethodPost, "/v1/fine-tune", "Fine-tune a model on a dataset with the workspace's OpenAI-compatible settings (Pro and up)", "Settings", map[string]any{}, v1FineTune{}, 202, []string{v1Forbidden, v1NotFound, v1Conflict, v1PlanUpgrade, v1Validation}, false, false},
	{http.MethodGet, "/v1/fine-tune/{id}", "A fine-tuning job's progress (asks the provider while it runs)", "Settings", nil, v1FineTune{}, 200, []string{v1NotFound}, false, false},
}

// bareArrays answer a bare array in data, as the contract shows.
var bareArrays = map[string]bool{"/v1/usage/history": true, "/v1/usage/quality-trend": true}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// documentV1 adds the /v1 operations to the OpenAPI document.
func (s *Server) documentV1() {
	oa := s.api.OpenAPI()
	errRef := s.schemaRef(v1Error{}, "V1Error")
	envelope := func(data *huma.Schema) *huma.Schema {
		return &huma.Schema{Type: "object", Required: []string{"status", "data", "error"}, Properties: map[string]*huma.Schema{
			"status": {Type: "string", Enum: []any{"success", "accepted", "error"}}, "data": data,
			"error": {OneOf: []*huma.Schema{errRef, {Type: "null"}}}}}
	}
	oa.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"apiKey": {Type: "apiKey", In: "header", Name: "X-API-KEY"},
		"bearer": {Type: "http", Scheme: "bearer", Description: "an API key or an access token from /v1/auth/login"},
	}
	for _, d := range v1Docs {
		op := &huma.Operation{Method: d.method, Path: d.path, Summary: d.summary, Tags: []string{"Platform: " + d.tag},
			OperationID: "v1-" + opName(d.method, d.path), Responses: map[string]*huma.Response{},
			Security: []map[string][]string{{"apiKey": {}}, {"bearer": {}}}}
		for _, m := range pathParam.FindAllStringSubmatch(d.path, -1) {
			op.Parameters = append(op.Parameters, &huma.Param{Name: m[1], In: "path", Required: true, Schema: &huma.Schema{Type: "string"}})
		}
		switch {
		case d.multipart:
			op.RequestBody = &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{"multipart/form-data": {Schema: &huma.Schema{
				Type: "object", Required: []string{"files"}, Properties: map[string]*huma.Schema{
					"files":  {Type: "array", Items: &huma.Schema{Type: "string", Format: "binary"}},
					"locale": {Type: "string"}, "pipeline_config": {Type: "string", Description: "JSON: document_type_hint, mask_pii"}}}}}}
		case d.in != nil:
			op.RequestBody = &huma.RequestBody{Content: map[string]*huma.MediaType{"application/json": {Schema: &huma.Schema{Type: "object"}}}}
		}
		ok := &huma.Response{Description: http.StatusText(d.status)}
		switch {
		case d.file && strings.Contains(d.path, "/export"):
			// A dataset download is typed by its format.
			ok.Content = map[string]*huma.MediaType{}
			for _, f := range export.Formats() {
				body := &huma.Schema{Type: "string", Format: "binary"}
				if strings.Contains(f.ContentType, "json") {
					body = &huma.Schema{Description: "the records, as the format lays them out"}
				}
				ok.Content[f.ContentType] = &huma.MediaType{Schema: body}
			}
		case d.file:
			ok.Content = map[string]*huma.MediaType{"application/octet-stream": {Schema: &huma.Schema{Type: "string", Format: "binary"}}}
		case d.out != nil && bareArrays[d.path]:
			item := reflect.New(reflect.TypeOf(d.out).Elem()).Elem().Interface()
			ok.Content = map[string]*huma.MediaType{"application/json": {Schema: envelope(&huma.Schema{Type: "array", Items: s.schemaRef(item, "")})}}
		case d.out != nil:
			ok.Content = map[string]*huma.MediaType{"application/json": {Schema: envelope(s.dataSchema(d.out))}}
		}
		op.Responses[strconv.Itoa(d.status)] = ok
		codes := append([]string{v1InvalidAPIKey}, d.errors...)
		for _, c := range codes {
			st, known := v1Status[c]
			if !known {
				st = http.StatusConflict // CONFLICT, LAST_OWNER
			}
			key := strconv.Itoa(st)
			r, seen := op.Responses[key]
			if !seen {
				r = &huma.Response{Description: c, Content: map[string]*huma.MediaType{"application/json": {Schema: envelope(&huma.Schema{Type: "null"})}}}
				op.Responses[key] = r
			} else {
				r.Description += ", " + c
			}
		}
		oa.AddOperation(op)
	}
	nullableStructs(oa, v1Job{}, v1Execution{}, v1Document{}, v1Usage{}, v1Processing{}, v1ExecutionSumm{}, pii.WireFinding{})
}

// nullableStructs lets a pointer-to-struct field of the given types be
// null in their component schemas: huma cannot mark a $ref nullable from
// a tag, and the contract answers null for an absent summary.
func nullableStructs(oa *huma.OpenAPI, types ...any) {
	for _, v := range types {
		t := reflect.TypeOf(v)
		sch := oa.Components.Schemas.Map()[huma.DefaultSchemaNamer(t, "")]
		if sch == nil {
			continue
		}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.Type.Kind() != reflect.Pointer || f.Type.Elem().Kind() != reflect.Struct {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if p := sch.Properties[name]; p != nil && len(p.OneOf) == 0 {
				sch.Properties[name] = &huma.Schema{OneOf: []*huma.Schema{p, {Type: "null"}}}
			}
		}
	}
}

// dataSchema is the schema of an envelope's data: a registered type, a
// list of one, or any object.
func (s *Server) dataSchema(v any) *huma.Schema {
	t := reflect.TypeOf(v)
	switch {
	case t.Kind() == reflect.Map:
		return &huma.Schema{Type: "object"}
	case t.Kind() == reflect.Slice:
		return &huma.Schema{Type: "object", Properties: map[string]*huma.Schema{
			"items": {Type: "array", Items: s.schemaRef(reflect.New(t.Elem()).Elem().Interface(), "")},
			"total": {Type: "integer"}}}
	}
	return s.schemaRef(v, "")
}

// opName turns "GET /v1/jobs/{id}" into "get-jobs-id".
func opName(method, path string) string {
	words := nonWord.Split(strings.TrimPrefix(path, "/v1/"), -1)
	return strings.ToLower(method) + "-" + strings.Trim(strings.Join(words, "-"), "-")
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

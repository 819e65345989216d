package mcp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

type buildInput struct {
	Name            string   `json:"name" jsonschema:"the dataset's name, unique in the workspace"`
	Description     string   `json:"description,omitempty"`
	JobIDs          []string `json:"job_ids,omitempty" jsonschema:"processed document jobs (job_...) to include"`
	ExecutionIDs    []string `json:"execution_ids,omitempty" jsonschema:"executions (exec_...) to include"`
	WorkspaceWide   bool     `json:"workspace_wide,omitempty" jsonschema:"include every processed document of the workspace"`
	MaskPII         *bool    `json:"mask_pii,omitempty" jsonschema:"mask personal data in the rows (default true)"`
	ReplaceExisting bool     `json:"replace_existing,omitempty" jsonschema:"rebuild a dataset of the same name with these sources"`
	Wait            *bool    `json:"wait,omitempty" jsonschema:"wait for the build and return the dataset (default true); progress is reported"`
	TimeoutSeconds  int      `json:"timeout_seconds,omitempty" jsonschema:"how long to wait, 1 to 600 (default 120)"`
}

type searchInput struct {
	Query   string         `json:"query" jsonschema:"what to look for, in words or keywords (at most 1000 characters)"`
	TopK    int            `json:"top_k,omitempty" jsonschema:"how many results, 1 to 50 (default 5)"`
	Mode    string         `json:"mode,omitempty" jsonschema:"auto (default), structured, semantic or hybrid; semantic and hybrid need the Pro plan"`
	Filters map[string]any `json:"filters,omitempty" jsonschema:"narrow the search: dataset_id, document_type, language, quality_grade (A-D), pii_masked"`
}

type exportInput struct {
	DatasetID string `json:"dataset_id" jsonschema:"the dataset (ds_...)"`
	Format    string `json:"format" jsonschema:"jsonl, json, csv, md, xml or rag come back as text; parquet, xlsx and hf (zip) as a file resource"`
}

type datasetInput struct {
	DatasetID string `json:"dataset_id" jsonschema:"the dataset (ds_...)"`
}

func (s *Server) addDatasetTools() {
	sdk.AddTool(s.sdk, &sdk.Tool{Name: "dataset.build",
		Description: "Build a dataset (one row per document, personal data masked by default) from processed jobs or the whole " +
			"workspace. Waits for the build by default, reporting progress, and returns the dataset with its row count and export formats."},
		s.build)
	sdk.AddTool(s.sdk, &sdk.Tool{Name: "dataset.search",
		Description: "Search the workspace's datasets in words; returns the best matching chunks with their dataset, score and metadata.",
		Annotations: readOnly()}, s.search)
	sdk.AddTool(s.sdk, &sdk.Tool{Name: "dataset.export",
		Description: "Export a ready dataset. Text formats (jsonl, json, csv, md, xml, rag) come back inline; binary ones (parquet, " +
			"xlsx, hf) as an embedded file resource with its MIME type.", Annotations: readOnly()}, s.export)
	sdk.AddTool(s.sdk, &sdk.Tool{Name: "dataset.profile",
		Description: "Profile a dataset: each column's type, fill rate, distinct values and PII types, with the dataset's quality spread.",
		Annotations: readOnly()}, s.profile)
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,100}$`)

func checkID(field, id string) error {
	if !idPattern.MatchString(id) {
		return fmt.Errorf("%s must be an id like ds_01J...; got %q", field, id)
	}
	return nil
}

func (s *Server) build(ctx context.Context, req *sdk.CallToolRequest, in buildInput) (*sdk.CallToolResult, object, error) {
	key := s.keyOf(req.Extra)
	body := object{"name": in.Name, "description": in.Description, "job_ids": in.JobIDs, "execution_ids": in.ExecutionIDs,
		"workspace_wide": in.WorkspaceWide, "replace_existing": in.ReplaceExisting}
	if in.MaskPII != nil {
		body["mask_pii"] = *in.MaskPII
	}
	raw, err := s.be.v1(ctx, key, http.MethodPost, "/v1/datasets", body)
	if err != nil {
		return nil, nil, err
	}
	var acc struct {
		JobID     string `json:"job_id"`
		DatasetID string `json:"dataset_id"`
	}
	if err := json.Unmarshal(raw, &acc); err != nil {
		return nil, nil, err
	}
	if err := checkJobID(acc.JobID); err != nil {
		return nil, nil, err
	}
	out := object{"job_id": acc.JobID, "dataset_id": acc.DatasetID}
	if in.Wait == nil || *in.Wait {
		var job object
		err := s.wait(ctx, req, waitLimit(in.TimeoutSeconds), func(ctx context.Context) (step, error) {
			j, err := s.jobObject(ctx, key, acc.JobID)
			if err != nil {
				return step{}, err
			}
			job = j
			status, _ := j["status"].(string)
			st := step{message: acc.JobID + ": " + status, progress: 0.1}
			switch status {
			case "running":
				st.progress = 0.5
			case "completed", "failed":
				st.progress, st.done = 1, true
			}
			return st, nil
		})
		if err != nil && !errors.Is(err, errStillRunning) {
			return nil, nil, err
		}
		out["job"] = job
		if job["status"] == "failed" {
			return nil, nil, fmt.Errorf("the build failed: %v", job["failure_reason"])
		}
	}
	raw, err = s.be.v1(ctx, key, http.MethodGet, "/v1/datasets/"+url.PathEscape(acc.DatasetID), nil)
	if err != nil {
		return nil, nil, err
	}
	if out["dataset"], err = decodeObject(raw); err != nil {
		return nil, nil, err
	}
	return nil, out, nil
}

// search calls POST /v1/search (contract E23).
func (s *Server) search(ctx context.Context, req *sdk.CallToolRequest, in searchInput) (*sdk.CallToolResult, object, error) {
	if strings.TrimSpace(in.Query) == "" {
		return nil, nil, errors.New("query must not be empty")
	}
	body := object{"query": in.Query}
	if in.TopK != 0 {
		body["top_k"] = in.TopK
	}
	if in.Mode != "" {
		body["mode"] = in.Mode
	}
	if len(in.Filters) > 0 {
		body["filters"] = in.Filters
	}
	raw, err := s.be.v1(ctx, s.keyOf(req.Extra), http.MethodPost, "/v1/search", body)
	var ce *callError
	// The /v1 catch-all answers a route it lacks with "No route ...".
	if errors.As(err, &ce) && ce.Status == http.StatusNotFound && strings.HasPrefix(ce.Message, "No route") {
		return nil, nil, errors.New("search is not available on this Quarry server (POST /v1/search answered 404)")
	}
	if err != nil {
		return nil, nil, err
	}
	out, err := decodeObject(raw)
	return nil, out, err
}

func (s *Server) profile(ctx context.Context, req *sdk.CallToolRequest, in datasetInput) (*sdk.CallToolResult, object, error) {
	if err := checkID("dataset_id", in.DatasetID); err != nil {
		return nil, nil, err
	}
	raw, err := s.be.v1(ctx, s.keyOf(req.Extra), http.MethodGet, "/v1/datasets/"+in.DatasetID+"/profile", nil)
	if err != nil {
		return nil, nil, err
	}
	out, err := decodeObject(raw)
	return nil, out, err
}

func (s *Server) export(ctx context.Context, req *sdk.CallToolRequest, in exportInput) (*sdk.CallToolResult, object, error) {
	if err := checkID("dataset_id", in.DatasetID); err != nil {
		return nil, nil, err
	}
	if err := checkID("format", in.Format); err != nil {
		return nil, nil, err
	}
	path := "/v1/datasets/" + in.DatasetID + "/export/" + in.Format
	r, err := s.be.do(ctx, s.keyOf(req.Extra), http.MethodGet, path, nil, "", s.opt.MaxFileBytes)
	if errors.Is(err, errTooLarge) {
		return nil, nil, fmt.Errorf("the export is larger than %d bytes; download it from GET %s instead", s.opt.MaxFileBytes, path)
	}
	if err != nil {
		return nil, nil, err
	}
	if r.status >= 300 {
		_, err := r.v1Data()
		return nil, nil, err
	}
	ctype := r.header.Get("Content-Type")
	filename := in.DatasetID + "." + in.Format
	if _, params, err := mime.ParseMediaType(r.header.Get("Content-Disposition")); err == nil && params["filename"] != "" {
		filename = params["filename"]
	}
	uri := "quarry://datasets/" + in.DatasetID + "/export/" + in.Format
	out := object{"dataset_id": in.DatasetID, "format": in.Format, "filename": filename, "content_type": ctype, "bytes": len(r.body), "resource": uri}
	mt, _, _ := mime.ParseMediaType(ctype)
	if isText(mt) && utf8.Valid(r.body) {
		return &sdk.CallToolResult{Content: []sdk.Content{
			&sdk.TextContent{Text: string(r.body)},
		}}, out, nil
	}
	meta, _ := json.Marshal(out)
	return &sdk.CallToolResult{Content: []sdk.Content{
		&sdk.TextContent{Text: string(meta)},
		&sdk.EmbeddedResource{Resource: &sdk.ResourceContents{URI: uri, MIMEType: mt, Blob: r.body}},
	}}, out, nil
}

func isText(mt string) bool {
	switch {
	case strings.HasPrefix(mt, "text/"), mt == "application/json", mt == "application/x-ndjson", mt == "application/xml", strings.HasSuffix(mt, "+json"):
		return true
	}
	return false
}

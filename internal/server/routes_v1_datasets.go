package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/quarrydev/quarry/internal/dataset"
	"github.com/quarrydev/quarry/internal/export"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// v1PlanUpgrade refuses a feature the workspace's plan lacks.
const v1PlanUpgrade = "PLAN_UPGRADE_REQUIRED"

func init() { v1Status[v1PlanUpgrade] = http.StatusForbidden }

// v1Dataset is a dataset as /v1 shows it (E13): format_summary.files is
// keyed by the formats it can be exported in (none before it is ready),
// which is where the published clients read the available formats from.
type v1Dataset struct {
	ID            string          `json:"id"`
	Name          string          `json:"name"`
	Slug          string          `json:"slug"`
	Description   string          `json:"description"`
	Status        string          `json:"status"`
	RowCount      int             `json:"row_count"`
	Version       int             `json:"version"`
	CreatedAt     string          `json:"created_at"`
	UpdatedAt     string          `json:"updated_at"`
	FormatSummary v1FormatSummary `json:"format_summary"`
}

type v1FormatSummary struct {
	Files map[string]v1ExportFile `json:"files"`
}

// v1ExportFile tells a client how one format downloads.
type v1ExportFile struct {
	Format      string `json:"format"`
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	URL         string `json:"url"`
}

func toV1Dataset(d *store.Dataset) v1Dataset {
	out := v1Dataset{ID: d.ID, Name: d.Name, Slug: d.Slug, Description: d.Description, Status: d.Status, RowCount: d.RowCount,
		Version: d.Version, CreatedAt: stampUTC(d.CreatedAt), UpdatedAt: stampUTC(d.UpdatedAt),
		FormatSummary: v1FormatSummary{Files: map[string]v1ExportFile{}}}
	if d.Version > 0 {
		for _, f := range export.Formats() {
			out.FormatSummary.Files[f.ID] = v1ExportFile{Format: f.ID, Filename: d.Slug + "." + f.Ext, ContentType: f.ContentType,
				URL: "/v1/datasets/" + d.ID + "/export/" + f.ID}
		}
	}
	return out
}

// v1DatasetBuild is the body of POST /v1/datasets (and, without the
// sources, of build-from-execution).
type v1DatasetBuild struct {
	Name            string           `json:"name"`
	Slug            string           `json:"slug"`
	Description     string           `json:"description"`
	ExecutionIDs    []string         `json:"execution_ids"`
	JobIDs          []string         `json:"job_ids"`
	Filter          *v1DatasetFilter `json:"filter"`
	WorkspaceWide   bool             `json:"workspace_wide"`
	MaskPII         *bool            `json:"mask_pii"`
	ForceRebuild    bool             `json:"force_rebuild"`
	ReplaceExisting bool             `json:"replace_existing"`
}

// v1DatasetFilter selects executions when the build runs.
type v1DatasetFilter struct {
	DocumentType  string   `json:"document_type"`
	DocumentTypes []string `json:"document_types"`
	MinGrade      string   `json:"min_grade"`
	CreatedAfter  string   `json:"created_after"`
	CreatedBefore string   `json:"created_before"`
	Language      string   `json:"language"`
	Languages     []string `json:"languages"`
	HasPII        *bool    `json:"has_pii"`
}

func (f *v1DatasetFilter) toFilter() (*dataset.Filter, string) {
	out := &dataset.Filter{DocumentTypes: f.DocumentTypes, MinGrade: f.MinGrade, Languages: f.Languages, HasPII: f.HasPII}
	if f.DocumentType != "" {
		out.DocumentTypes = append(out.DocumentTypes, f.DocumentType)
	}
	if f.Language != "" {
		out.Languages = append(out.Languages, f.Language)
	}
	if f.CreatedAfter != "" {
		t, err := parseWhen(f.CreatedAfter)
		if err != nil {
			return nil, "filter.created_after must be a date (2026-11-30) or an RFC 3339 time."
		}
		out.CreatedAfter = &t
	}
	if f.CreatedBefore != "" {
		t, err := parseWhen(f.CreatedBefore)
		if err != nil {
			return nil, "filter.created_before must be a date (2026-11-30) or an RFC 3339 time."
		}
		out.CreatedBefore = &t
	}
	return out, ""
}

func (s *Server) routeV1Datasets() {
	s.mux.HandleFunc("POST /v1/datasets", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleMember) {
			return
		}
		var in v1DatasetBuild
		if !decodeV1(w, r, &in) {
			return
		}
		if strings.TrimSpace(in.Name) == "" {
			v1Fail(w, r, v1Validation, "name is required (unique in the workspace).")
			return
		}
		req := dataset.BuildRequest{WorkspaceID: s.workspace(r.Context()), Name: in.Name, Slug: in.Slug, Description: in.Description,
			IDs: append(in.ExecutionIDs, in.JobIDs...), Mask: in.MaskPII, ForceRebuild: in.ForceRebuild, ReplaceExisting: in.ReplaceExisting}
		switch {
		case in.Filter != nil:
			f, msg := in.Filter.toFilter()
			if msg != "" {
				v1Fail(w, r, v1Validation, msg)
				return
			}
			req.Filter = f
		case in.WorkspaceWide:
			req.Filter = &dataset.Filter{}
		}
		s.v1Build(w, r, req)
	})
	s.mux.HandleFunc("POST /v1/datasets/build-from-execution/{id}", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleMember) {
			return
		}
		id := r.PathValue("id")
		ext := dataset.ExtractionOf(id)
		// The execution is looked up before the body is read, so another
		// workspace's id answers 404 whatever the body says.
		if _, err := s.store.ExtractionGet(r.Context(), s.workspace(r.Context()), ext); ext == "" || errors.Is(err, store.ErrNotFound) {
			v1Fail(w, r, v1NotFound, "No execution "+id+".")
			return
		} else if err != nil {
			v1Fail(w, r, v1Internal, "Reading the execution failed.")
			return
		}
		var in v1DatasetBuild
		if !decodeOptionalV1(w, r, &in) {
			return
		}
		if len(in.ExecutionIDs)+len(in.JobIDs) > 0 || in.Filter != nil || in.WorkspaceWide {
			v1Fail(w, r, v1Validation, "This route builds from the execution in its path; use POST /v1/datasets for other sources.")
			return
		}
		name := in.Name
		if name == "" {
			name = "execution-" + strings.ToLower(strings.TrimPrefix(ext, "ext_"))
		}
		s.v1Build(w, r, dataset.BuildRequest{WorkspaceID: s.workspace(r.Context()), Name: name, Slug: in.Slug, Description: in.Description,
			IDs: []string{ext}, Mask: in.MaskPII, ForceRebuild: in.ForceRebuild, ReplaceExisting: in.ReplaceExisting})
	})
	s.mux.HandleFunc("GET /v1/datasets", func(w http.ResponseWriter, r *http.Request) {
		page, size, offset, ok := v1Paging(w, r)
		if !ok {
			return
		}
		q := r.URL.Query()
		p := store.DatasetListParams{WorkspaceID: s.workspace(r.Context()), Status: q.Get("status"), SourceExecutionID: q.Get("source_execution_id"),
			SourceDocumentID: q.Get("source_document_id"), Query: q.Get("q"), Limit: size, Offset: offset}
		if p.SourceExecutionID == "" && q.Get("job_id") != "" {
			p.SourceExecutionID = q.Get("job_id") // a processing job and its execution are one
		}
		switch p.Status {
		case "", store.DatasetBuilding, store.DatasetReady, store.DatasetFailed:
		default:
			v1Fail(w, r, v1Validation, "status must be building, ready or failed.")
			return
		}
		list, total, err := s.datasets.List(r.Context(), p)
		if err != nil {
			v1Fail(w, r, v1Internal, "Listing the datasets failed.")
			return
		}
		items := make([]v1Dataset, 0, len(list))
		for _, d := range list {
			items = append(items, toV1Dataset(d))
		}
		v1OK(w, http.StatusOK, map[string]any{"items": items, "total": total, "page": page, "page_size": size})
	})
	s.mux.HandleFunc("GET /v1/datasets/{id}", func(w http.ResponseWriter, r *http.Request) {
		d, err := s.datasets.Get(r.Context(), s.workspace(r.Context()), r.PathValue("id"))
		if s.v1DatasetErr(w, r, err) {
			return
		}
		v1OK(w, http.StatusOK, toV1Dataset(d))
	})
	s.mux.HandleFunc("DELETE /v1/datasets/{id}", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleMember) {
			return
		}
		if s.v1DatasetErr(w, r, s.datasets.Delete(r.Context(), s.workspace(r.Context()), r.PathValue("id"))) {
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	s.mux.HandleFunc("GET /v1/datasets/{id}/profile", func(w http.ResponseWriter, r *http.Request) {
		_, p, err := s.datasets.Profile(r.Context(), s.workspace(r.Context()), r.PathValue("id"))
		if s.v1DatasetErr(w, r, err) {
			return
		}
		v1OK(w, http.StatusOK, p)
	})
	s.mux.HandleFunc("GET /v1/datasets/{id}/rows", s.v1DatasetRows)
	s.mux.HandleFunc("GET /v1/datasets/{id}/compliance-report", s.v1ComplianceReport)
	s.mux.HandleFunc("GET /v1/datasets/{id}/export/{fmt}", func(w http.ResponseWriter, r *http.Request) {
		s.v1Export(w, r, r.PathValue("fmt"))
	})
	s.mux.HandleFunc("GET /v1/datasets/{id}/export", func(w http.ResponseWriter, r *http.Request) {
		s.v1Export(w, r, r.URL.Query().Get("format"))
	})
}

// v1Build admits a build and answers 202 with the job to poll.
func (s *Server) v1Build(w http.ResponseWriter, r *http.Request, req dataset.BuildRequest) {
	acc, err := s.datasets.Build(r.Context(), req)
	var inv *dataset.InvalidError
	switch {
	case errors.As(err, &inv):
		v1Fail(w, r, v1Validation, inv.Msg)
	case errors.Is(err, dataset.ErrConflict):
		v1Fail(w, r, v1Conflict, "A dataset named "+strconv.Quote(req.Name)+" exists with another source or slug, or is building; "+
			"pass replace_existing (or force_rebuild for the same source) once its build ended.")
	case errors.Is(err, dataset.ErrNotFound):
		v1Fail(w, r, v1NotFound, "An execution or job of the request is not in this workspace.")
	case err != nil:
		v1Fail(w, r, v1Internal, "The build could not be queued; retry later.")
	default:
		writeJSON(w, http.StatusAccepted, map[string]any{"status": "accepted", "error": nil,
			"data": map[string]any{"job_id": acc.JobID, "id": acc.JobID, "job_type": dataset.KindBuild, "status": acc.Status,
				"reference_id": acc.DatasetID, "dataset_id": acc.DatasetID, "version": acc.Version},
			"meta": map[string]string{"poll": "/v1/jobs/" + acc.JobID}})
	}
}

// v1DatasetErr answers a service error; false when there was none.
func (s *Server) v1DatasetErr(w http.ResponseWriter, r *http.Request, err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, dataset.ErrNotFound):
		v1Fail(w, r, v1NotFound, "No dataset "+r.PathValue("id")+".")
	case errors.Is(err, dataset.ErrNotReady):
		v1Fail(w, r, v1Conflict, "The dataset has no ready version yet; poll its build job.")
	case errors.Is(err, dataset.ErrPlan):
		v1Fail(w, r, v1PlanUpgrade, "The compliance report comes with the Pro and Enterprise plans.")
	default:
		v1Fail(w, r, v1Internal, "Reading the dataset failed.")
	}
	return true
}

// v1Rows is the row preview (E18): pages of flattened rows with the
// contract's own pagination object.
func (s *Server) v1DatasetRows(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, size := 1, 50
	for _, p := range []struct {
		key string
		dst *int
		max int
	}{{"page", &page, 1 << 20}, {"page_size", &size, 500}} {
		if v := q.Get(p.key); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > p.max {
				v1Fail(w, r, v1Validation, "page >= 1 and page_size 1-500.")
				return
			}
			*p.dst = n
		}
	}
	query := strings.TrimSpace(q.Get("q"))
	rp, err := s.datasets.Rows(r.Context(), s.workspace(r.Context()), r.PathValue("id"), query, size, (page-1)*size)
	if s.v1DatasetErr(w, r, err) {
		return
	}
	var qv any
	if query != "" {
		qv = query
	}
	v1OK(w, http.StatusOK, map[string]any{"dataset_id": rp.Dataset.ID, "dataset_name": rp.Dataset.Name, "dataset_slug": rp.Dataset.Slug,
		"version": rp.Dataset.Version, "columns": rp.Columns, "query": qv, "rows": rp.Rows,
		"pagination": map[string]any{"page": page, "page_size": size, "total_rows": rp.TotalRows, "filtered_total": rp.FilteredTotal,
			"returned_rows": len(rp.Rows), "has_next": page*size < rp.FilteredTotal}})
}

// v1ComplianceReport answers the KVKK/GDPR report as JSON or as a PDF.
func (s *Server) v1ComplianceReport(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	if format != "" && format != "json" && format != "pdf" {
		// The dataset is checked first so a stranger learns nothing.
		if _, err := s.datasets.Get(r.Context(), s.workspace(r.Context()), r.PathValue("id")); s.v1DatasetErr(w, r, err) {
			return
		}
		v1Fail(w, r, v1Validation, "format must be json or pdf.")
		return
	}
	rep, err := s.datasets.Compliance(r.Context(), s.workspace(r.Context()), r.PathValue("id"))
	if s.v1DatasetErr(w, r, err) {
		return
	}
	if format != "pdf" {
		v1OK(w, http.StatusOK, rep)
		return
	}
	var buf bytes.Buffer
	if err := rep.WritePDF(&buf); err != nil {
		v1Fail(w, r, v1Internal, "Drawing the report failed.")
		return
	}
	d, _ := s.datasets.Get(r.Context(), s.workspace(r.Context()), r.PathValue("id"))
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+d.Slug+`-compliance-report.pdf"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = w.Write(buf.Bytes())
}

// v1Export streams the current version in a format. Headers are sent
// with the first byte, so a writer that fails before writing anything
// (an unknown or unavailable format) still answers an error envelope.
func (s *Server) v1Export(w http.ResponseWriter, r *http.Request, format string) {
	ws, id := s.workspace(r.Context()), r.PathValue("id")
	d, err := s.datasets.Get(r.Context(), ws, id)
	if s.v1DatasetErr(w, r, err) {
		return
	}
	f, ok := export.Lookup(format)
	if !ok {
		v1Fail(w, r, v1Validation, "format must be one of jsonl, json, csv, parquet, md (markdown), xml, xlsx, hf (arrow) or rag.")
		return
	}
	opt := export.Options{MinQuality: strings.ToUpper(r.URL.Query().Get("min_quality"))}
	if g := opt.MinQuality; g != "" && (len(g) != 1 || !strings.Contains("ABCD", g)) {
		v1Fail(w, r, v1Validation, "min_quality must be A, B, C or D.")
		return
	}
	lw := &lazyWriter{w: w, header: func(h http.Header) {
		h.Set("Content-Type", f.ContentType)
		h.Set("Content-Disposition", `attachment; filename="`+d.Slug+"."+f.Ext+`"`)
	}}
	err = s.datasets.Export(r.Context(), ws, id, f, lw, opt)
	switch {
	case err == nil && !lw.started:
		lw.header(w.Header()) // an empty file is still the file
		w.WriteHeader(http.StatusOK)
	case err != nil && !lw.started:
		if !s.v1DatasetErr(w, r, exportErr(err)) {
			v1Fail(w, r, v1Internal, "The export failed: "+err.Error())
		}
	case err != nil:
		// Bytes are out: the connection is cut so the client sees a
		// truncated download rather than a complete-looking file.
		panic(http.ErrAbortHandler)
	}
}

// exportErr keeps the service's dataset errors and drops the rest to nil,
// so v1DatasetErr answers only what it knows.
func exportErr(err error) error {
	if errors.Is(err, dataset.ErrNotFound) || errors.Is(err, dataset.ErrNotReady) {
		return err
	}
	return nil
}

// lazyWriter sets the download headers on the first write.
type lazyWriter struct {
	w       http.ResponseWriter
	header  func(http.Header)
	started bool
}

func (l *lazyWriter) Write(p []byte) (int, error) {
	if !l.started {
		l.started = true
		l.header(l.w.Header())
		l.w.WriteHeader(http.StatusOK)
	}
	return l.w.Write(p)
}

// decodeOptionalV1 is decodeV1 for a body that may be absent.
func decodeOptionalV1(w http.ResponseWriter, r *http.Request, v any) bool {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		v1Fail(w, r, v1Validation, "The body could not be read: "+err.Error())
		return false
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return true
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		v1Fail(w, r, v1Validation, "The body is not the JSON this route takes: "+err.Error())
		return false
	}
	return true
}

// v1BuildJob answers a dataset_build job as the job object (E3) with its
// dataset_summary once the build is done. ok is false and the job nil
// when the id is no build of this workspace (the caller goes on to the
// processing jobs); a non-nil job with ok false means an error was
// answered.
func (s *Server) v1BuildJob(w http.ResponseWriter, r *http.Request) (*v1Job, bool) {
	b, err := s.datasets.Job(r.Context(), s.workspace(r.Context()), r.PathValue("id"))
	if errors.Is(err, dataset.ErrNotFound) {
		return nil, false
	}
	if err != nil {
		v1Fail(w, r, v1Internal, "Reading the job failed.")
		return &v1Job{}, false
	}
	return toV1BuildJob(b), true
}

// toV1BuildJob is a dataset build as the job object (E3).
func toV1BuildJob(b *dataset.BuildJob) *v1Job {
	v := b.Version
	j := &v1Job{ID: b.JobID, JobID: b.JobID, JobType: dataset.KindBuild, Status: b.Status, CreatedAt: stampUTC(v.CreatedAt),
		ResultMeta: map[string]string{}}
	if v.FinishedAt != nil {
		at := stampUTC(*v.FinishedAt)
		j.CompletedAt = &at
	}
	switch b.Status {
	case "running":
		j.ResultMeta["pipeline_stage"] = "dataset"
	case "failed":
		reason := "PROCESSING_FAILED"
		if v.Error != "" {
			reason = v.Error
		}
		j.Error, j.FailureReason = &reason, &reason
	case "completed":
		j.HasDataset = true
		j.DatasetSummary = map[string]any{"dataset_id": b.Dataset.ID, "name": b.Dataset.Name, "slug": b.Dataset.Slug,
			"status": store.DatasetReady, "version": v.Version, "row_count": v.RowCount}
	}
	return j
}

// v1BuildJobs answers GET /v1/jobs?job_type=dataset_build.
func (s *Server) v1BuildJobs(w http.ResponseWriter, r *http.Request, page, size, offset int) {
	list, total, err := s.datasets.Builds(r.Context(), s.workspace(r.Context()), r.URL.Query().Get("status"), size, offset)
	var inv *dataset.InvalidError
	switch {
	case errors.As(err, &inv):
		v1Fail(w, r, v1Validation, inv.Msg)
		return
	case err != nil:
		v1Fail(w, r, v1Internal, "Listing the jobs failed.")
		return
	}
	items := make([]*v1Job, 0, len(list))
	for _, b := range list {
		items = append(items, toV1BuildJob(b))
	}
	v1OK(w, http.StatusOK, map[string]any{"items": items, "total": total, "page": page, "page_size": size})
}

// markHasDataset sets has_dataset on a processing job whose execution is
// a row of some dataset's current version.
func (s *Server) markHasDataset(r *http.Request, j *v1Job) {
	if j.Status != "completed" {
		return
	}
	_, n, err := s.datasets.List(r.Context(), store.DatasetListParams{WorkspaceID: s.workspace(r.Context()), SourceExecutionID: j.JobID, Limit: 1})
	if err == nil && n > 0 {
		j.HasDataset = true
		if j.ProcessingSummary != nil {
			j.ProcessingSummary.HasDataset = true
		}
	}
}

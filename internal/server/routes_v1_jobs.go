package server

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/store"
)

// v1Job is the job object of the contract (section E3): the union of
// what the published clients read, so each finds its fields.
type v1Job struct {
	ID                string            `json:"id"`
	JobID             string            `json:"job_id"`
	JobType           string            `json:"job_type"`
	Status            string            `json:"status"`
	DocumentID        *string           `json:"document_id" nullable:"true"`
	Error             *string           `json:"error" nullable:"true"`
	FailureReason     *string           `json:"failure_reason" nullable:"true"`
	CreatedAt         string            `json:"created_at"`
	CompletedAt       *string           `json:"completed_at" nullable:"true"`
	ResultMeta        map[string]string `json:"result_meta"`
	ProcessingSummary *v1Processing     `json:"processing_summary"`
	ExecutionSummary  *v1ExecutionSumm  `json:"execution_summary"`
	DatasetSummary    any               `json:"dataset_summary"`
	DetectedLanguage  *string           `json:"detected_language" nullable:"true"`
	PIIFindingsCount  int               `json:"pii_findings_count"`
	PrivacyApplied    bool              `json:"privacy_applied"`
	Quality           *v1QualityBrief   `json:"quality"`
	HasDataset        bool              `json:"has_dataset"`
}

type v1QualityBrief struct {
	Score float64 `json:"score"`
	Grade string  `json:"grade"`
}

type v1QualityDetailed struct {
	Score         float64  `json:"score"`
	Grade         string   `json:"grade"`
	FieldFillRate float64  `json:"field_fill_rate"`
	OCRConfidence *float64 `json:"ocr_confidence" nullable:"true"`
	Warnings      []string `json:"warnings"`
}

type v1Privacy struct {
	PIIFindingsCount  int  `json:"pii_findings_count"`
	PrivacyApplied    bool `json:"privacy_applied"`
	MaskedRecordCount int  `json:"masked_record_count"`
}

type v1Processing struct {
	ExecutionID    string             `json:"execution_id"`
	Quality        *v1QualityDetailed `json:"quality"`
	Privacy        v1Privacy          `json:"privacy"`
	PIITypeSummary map[string]int     `json:"pii_type_summary"`
	Fields         map[string]any     `json:"fields"`
	RowCount       int                `json:"row_count"`
	HasDataset     bool               `json:"has_dataset"`
}

type v1ExecutionSumm struct {
	ExecutionID   string    `json:"execution_id"`
	Status        string    `json:"status"`
	Degraded      bool      `json:"degraded"`
	FailureReason *string   `json:"failure_reason" nullable:"true"`
	Privacy       v1Privacy `json:"privacy"`
}

// v1JobStatus maps an extraction's status to the contract's four.
func v1JobStatus(s string) string {
	switch s {
	case api.ExtractionSucceeded:
		return "completed"
	case api.ExtractionFailed, api.ExtractionCancelled:
		return "failed"
	case api.ExtractionRunning:
		return "running"
	}
	return "queued"
}

// executionID names the execution record of a job: one per job here.
func executionID(extractionID string) string { return "exec_" + extractionID[len("ext_"):] }

func toV1Job(e *store.Extraction) v1Job {
	j := v1Job{ID: jobID(e.ID), JobID: jobID(e.ID), JobType: "data_process", Status: v1JobStatus(e.Status),
		CreatedAt: stampUTC(e.SubmittedAt), ResultMeta: map[string]string{}}
	var meta map[string]any
	_ = json.Unmarshal(e.Metadata, &meta)
	if d, ok := meta["document_id"].(string); ok {
		j.DocumentID = &d
	}
	if e.FinishedAt != nil {
		v := stampUTC(*e.FinishedAt)
		j.CompletedAt = &v
	}
	switch j.Status {
	case "running":
		j.ResultMeta["pipeline_stage"] = "extract"
	case "failed":
		reason := "PROCESSING_FAILED"
		if e.Status == api.ExtractionCancelled {
			reason = "CANCELLED"
		} else if e.Error != nil && *e.Error != "" {
			reason = *e.Error
		}
		j.Error, j.FailureReason = &reason, &reason
		j.ExecutionSummary = &v1ExecutionSumm{ExecutionID: executionID(e.ID), Status: "failed", FailureReason: &reason}
	case "completed":
		j.summarise(e)
	}
	return j
}

// summarise reads the stored result into the processing summary.
func (j *v1Job) summarise(e *store.Extraction) {
	var res api.ExtractionResult
	if err := json.Unmarshal(e.Result, &res); err != nil {
		return
	}
	p := &v1Processing{ExecutionID: executionID(e.ID), PIITypeSummary: map[string]int{}, Fields: map[string]any{}}
	filled, total := 0, 0
	for _, d := range res.Documents {
		for _, g := range d.FieldGroups {
			for _, f := range g.Fields {
				total++
				if f.Value != nil && f.Value != "" {
					filled++
					if _, seen := p.Fields[f.Name]; !seen {
						p.Fields[f.Name] = f.Value
					}
				}
			}
		}
	}
	if len(res.Documents) > 0 {
		p.RowCount = 1
	}
	masked := 0
	for _, f := range res.Files {
		if j.DetectedLanguage == nil && f.Language != "" {
			lang := f.Language
			j.DetectedLanguage = &lang
		}
		var pii struct {
			Count  int            `json:"count"`
			ByType map[string]int `json:"by_type"`
		}
		if json.Unmarshal(f.PII, &pii) == nil {
			j.PIIFindingsCount += pii.Count
			for t, n := range pii.ByType {
				p.PIITypeSummary[t] += n
			}
		}
		if f.MaskedText != nil && pii.Count > 0 {
			j.PrivacyApplied = true
			masked++
		}
		var q struct {
			Score         float64  `json:"score"`
			Grade         string   `json:"grade"`
			OCRConfidence *float64 `json:"ocr_confidence"`
			Reasons       []string `json:"reasons"`
		}
		if p.Quality == nil && json.Unmarshal(f.Quality, &q) == nil && q.Grade != "" {
			p.Quality = &v1QualityDetailed{Score: q.Score, Grade: q.Grade, OCRConfidence: q.OCRConfidence, Warnings: q.Reasons}
			if p.Quality.Warnings == nil {
				p.Quality.Warnings = []string{}
			}
		}
	}
	if p.Quality != nil {
		if total > 0 {
			p.Quality.FieldFillRate = float64(filled) / float64(total)
		}
		j.Quality = &v1QualityBrief{Score: p.Quality.Score, Grade: p.Quality.Grade}
	}
	p.Privacy = v1Privacy{PIIFindingsCount: j.PIIFindingsCount, PrivacyApplied: j.PrivacyApplied, MaskedRecordCount: masked}
	j.ProcessingSummary = p
	j.ExecutionSummary = &v1ExecutionSumm{ExecutionID: p.ExecutionID, Status: "completed", Degraded: res.Status == "partial", Privacy: p.Privacy}
}

func (s *Server) routeV1Jobs() {
	s.mux.HandleFunc("GET /v1/jobs/{id}", func(w http.ResponseWriter, r *http.Request) {
		if j, ok := s.v1BuildJob(w, r); ok || j != nil {
			if ok {
				v1OK(w, http.StatusOK, j)
			}
			return
		}
		if e, ok := s.v1JobRow(w, r); ok {
			j := toV1Job(e)
			s.markHasDataset(r, &j)
			v1OK(w, http.StatusOK, j)
		}
	})
	s.mux.HandleFunc("GET /v1/jobs", func(w http.ResponseWriter, r *http.Request) {
		page, size, offset, ok := v1Paging(w, r)
		if !ok {
			return
		}
		q := r.URL.Query()
		p := store.ExtractionListParams{WorkspaceID: s.workspace(r.Context()), Limit: size, Offset: offset}
		if st := q.Get("status"); st != "" {
			p.Statuses = map[string][]string{"queued": {api.ExtractionQueued}, "running": {api.ExtractionRunning},
				"completed": {api.ExtractionSucceeded}, "failed": {api.ExtractionFailed, api.ExtractionCancelled}}[st]
			if p.Statuses == nil {
				v1Fail(w, r, v1Validation, "status must be queued, running, completed or failed.")
				return
			}
		}
		for _, b := range []struct {
			key string
			dst **time.Time
		}{{"created_after", &p.CreatedAfter}, {"created_before", &p.CreatedBefore}} {
			if v := q.Get(b.key); v != "" {
				t, err := parseWhen(v)
				if err != nil {
					v1Fail(w, r, v1Validation, b.key+" must be a date (2026-11-30) or an RFC 3339 time.")
					return
				}
				*b.dst = &t
			}
		}
		empty := map[string]any{"items": []v1Job{}, "total": 0, "page": page, "page_size": size}
		if jt := q.Get("job_type"); jt == "dataset_build" {
			s.v1BuildJobs(w, r, page, size, offset)
			return
		} else if jt != "" && jt != "data_process" {
			v1OK(w, http.StatusOK, empty)
			return
		}
		var list []*store.Extraction
		var total int
		var err error
		if doc := q.Get("document_id"); doc != "" {
			list, total, err = s.documentJobs(r, doc, p)
		} else {
			list, total, err = s.store.ExtractionList(r.Context(), p)
		}
		if err != nil {
			v1Fail(w, r, v1Internal, "Listing the jobs failed.")
			return
		}
		items := make([]v1Job, 0, len(list))
		for _, e := range list {
			items = append(items, toV1Job(e))
		}
		v1OK(w, http.StatusOK, map[string]any{"items": items, "total": total, "page": page, "page_size": size})
	})
}

// documentJobs lists the jobs of one document, newest first, with the
// list's other filters applied; an unknown document has none.
func (s *Server) documentJobs(r *http.Request, doc string, p store.ExtractionListParams) ([]*store.Extraction, int, error) {
	ids, err := s.store.DocumentJobs(r.Context(), p.WorkspaceID, doc)
	if err != nil {
		return nil, 0, err
	}
	var all []*store.Extraction
	for i := len(ids) - 1; i >= 0; i-- {
		e, err := s.store.ExtractionGet(r.Context(), p.WorkspaceID, ids[i])
		if err != nil {
			continue
		}
		if len(p.Statuses) > 0 && !slices.Contains(p.Statuses, e.Status) ||
			p.CreatedAfter != nil && e.SubmittedAt.Before(*p.CreatedAfter) || p.CreatedBefore != nil && !e.SubmittedAt.Before(*p.CreatedBefore) {
			continue
		}
		all = append(all, e)
	}
	total := len(all)
	if p.Offset >= total {
		return nil, total, nil
	}
	return all[p.Offset:min(p.Offset+p.Limit, total)], total, nil
}

// parseWhen reads a date or an RFC 3339 time.
func parseWhen(v string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, v)
}

// v1Paging reads page/page_size or limit/offset (both published); the
// page size is at most 100.
func v1Paging(w http.ResponseWriter, r *http.Request) (page, size, offset int, ok bool) {
	q := r.URL.Query()
	num := func(k string, def int) (int, bool) {
		v := q.Get(k)
		if v == "" {
			return def, true
		}
		n, err := strconv.Atoi(v)
		return n, err == nil && n >= 0
	}
	page, ok1 := num("page", 1)
	size, ok2 := num("page_size", 20)
	limit, ok3 := num("limit", 0)
	off, ok4 := num("offset", -1)
	if !ok1 || !ok2 || !ok3 || !ok4 || page < 1 || size < 1 || size > 100 || limit > 100 {
		v1Fail(w, r, v1Validation, "page >= 1, page_size 1-100, limit 0-100 and offset >= 0.")
		return 0, 0, 0, false
	}
	if limit > 0 {
		size = limit
	}
	offset = (page - 1) * size
	if off >= 0 {
		offset = off
		page = off/size + 1
	}
	return page, size, offset, true
}

package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/execution"
	"github.com/quarrydev/quarry/internal/pii"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// v1Execution is the record of one pipeline run (contract section E6).
type v1Execution struct {
	ID                       string             `json:"id"`
	JobID                    string             `json:"job_id"`
	DocumentID               *string            `json:"document_id" nullable:"true"`
	Status                   string             `json:"status"`
	DocumentType             *string            `json:"document_type" nullable:"true"`
	ResultMeta               map[string]any     `json:"result_meta"`
	Privacy                  v1Privacy          `json:"privacy"`
	OutputSummary            v1OutputSummary    `json:"output_summary"`
	Records                  []map[string]any   `json:"records"`
	Dataset                  any                `json:"dataset"`
	ClassificationMethod     string             `json:"classification_method"`
	ExtractionMethodPerField map[string]string  `json:"extraction_method_per_field"`
	Quality                  *v1QualityDetailed `json:"quality"`
	OCRConfidence            *float64           `json:"ocr_confidence" nullable:"true"`
	PII                      v1ExecPII          `json:"pii"`
	MaskedText               *string            `json:"masked_text" nullable:"true"`
	FailureReason            *string            `json:"failure_reason" nullable:"true"`
	// FieldVerdicts is the judge's verdict on each record column (Quarry
	// addition, docs/judge.md).
	FieldVerdicts map[string]api.Judgement `json:"field_verdicts"`
}

type v1OutputSummary struct {
	RowCount       int            `json:"row_count"`
	ColumnCount    int            `json:"column_count"`
	Columns        []string       `json:"columns"`
	PIITypeSummary map[string]int `json:"pii_type_summary"`
}

// v1ExecPII lists findings by type and position, never their values.
type v1ExecPII struct {
	Count    int               `json:"count"`
	ByType   map[string]int    `json:"by_type"`
	Findings []pii.WireFinding `json:"findings"`
}

func (s *Server) toV1Execution(e *store.Extraction) v1Execution {
	j := toV1Job(e)
	x := v1Execution{ID: executionID(e.ID), JobID: j.JobID, DocumentID: j.DocumentID, Status: j.Status, ResultMeta: map[string]any{},
		Records: []map[string]any{}, ClassificationMethod: "deterministic", ExtractionMethodPerField: map[string]string{},
		PII: v1ExecPII{ByType: map[string]int{}, Findings: []pii.WireFinding{}}, FailureReason: j.FailureReason,
		OutputSummary: v1OutputSummary{Columns: []string{}, PIITypeSummary: map[string]int{}}, FieldVerdicts: map[string]api.Judgement{}}
	if j.ProcessingSummary != nil {
		p := j.ProcessingSummary
		x.Privacy, x.Quality, x.OutputSummary.PIITypeSummary = p.Privacy, p.Quality, p.PIITypeSummary
	}
	x.ResultMeta["detected_language"] = j.DetectedLanguage
	x.ResultMeta["privacy_applied"], x.ResultMeta["pii_findings_count"] = j.PrivacyApplied, j.PIIFindingsCount
	if x.Quality != nil {
		x.ResultMeta["grade"], x.ResultMeta["score"], x.ResultMeta["warnings"] = x.Quality.Grade, x.Quality.Score, x.Quality.Warnings
		x.OCRConfidence = x.Quality.OCRConfidence
	}
	var res api.ExtractionResult
	if e.Status != api.ExtractionSucceeded || json.Unmarshal(e.Result, &res) != nil {
		return x
	}
	if len(res.Documents) > 0 {
		t := res.Documents[0].Type
		x.DocumentType = &t
		x.ResultMeta["document_type"] = t
		row := map[string]any{}
		for _, g := range res.Documents[0].FieldGroups {
			for _, f := range g.Fields {
				if _, seen := row[f.Name]; seen {
					continue
				}
				x.OutputSummary.Columns = append(x.OutputSummary.Columns, f.Name)
				x.ExtractionMethodPerField[f.Name] = "deterministic"
				if m, ok := res.Documents[0].ExtractionMethods[g.Name+"."+f.Name]; ok {
					x.ExtractionMethodPerField[f.Name] = m
				}
				row[f.Name] = maskValue(f.Value, j.PrivacyApplied)
			}
		}
		x.Records = append(x.Records, row)
		addJudge(&x, &res, j.PrivacyApplied)
		x.OutputSummary.RowCount, x.OutputSummary.ColumnCount = 1, len(x.OutputSummary.Columns)
	}
	for _, f := range res.Files {
		var sum pii.Summary
		if json.Unmarshal(f.PII, &sum) == nil {
			x.PII.Count += sum.Count
			for t, n := range sum.ByType {
				x.PII.ByType[t] += n
			}
			x.PII.Findings = append(x.PII.Findings, sum.Findings...)
		}
		if x.MaskedText == nil && f.MaskedText != nil {
			x.MaskedText = f.MaskedText
		}
	}
	return x
}

// maskValue redacts the personal data inside a field value when the job
// masked its text, so records never show what the masked text hides.
func maskValue(v any, masking bool) any {
	str, ok := v.(string)
	if !masking || !ok || str == "" {
		return v
	}
	masked, err := pii.Mask(str, pii.Detect(str, pii.Options{}), pii.MaskRedact, nil)
	if err != nil {
		return "[MASKED]"
	}
	return masked
}

func (s *Server) routeV1Executions() {
	s.mux.HandleFunc("GET /v1/executions/{id}", func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		if !strings.HasPrefix(id, "exec_") {
			v1Fail(w, r, v1NotFound, "No execution "+id+".")
			return
		}
		e, err := s.store.ExtractionGet(r.Context(), s.workspace(r.Context()), "ext_"+strings.TrimPrefix(id, "exec_"))
		switch {
		case errors.Is(err, store.ErrNotFound):
			v1Fail(w, r, v1NotFound, "No execution "+id+".")
		case err != nil:
			v1Fail(w, r, v1Internal, "Reading the execution failed.")
		default:
			v1OK(w, http.StatusOK, s.toV1Execution(e))
		}
	})
	s.mux.HandleFunc("POST /v1/jobs/{id}/feedback", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleMember) {
			return
		}
		e, ok := s.v1JobRow(w, r)
		if !ok {
			return
		}
		var in struct {
			Rating string  `json:"rating"`
			Issue  *string `json:"issue"`
			Notes  *string `json:"notes"`
		}
		if !decodeV1(w, r, &in) {
			return
		}
		switch in.Rating {
		case "up", "down", "positive", "negative": // both published vocabularies, stored as given
		default:
			v1Fail(w, r, v1Validation, "rating must be up or down (positive or negative also accepted).")
			return
		}
		f := &store.Feedback{WorkspaceID: e.WorkspaceID, ExtractionID: e.ID, Rating: in.Rating, Issue: in.Issue, Notes: in.Notes, CreatedAt: time.Now().UTC()}
		if err := s.store.FeedbackPut(r.Context(), f); err != nil {
			v1Fail(w, r, v1Internal, "Storing the feedback failed.")
			return
		}
		v1OK(w, http.StatusOK, toV1Feedback(f))
	})
	s.mux.HandleFunc("GET /v1/jobs/{id}/feedback", func(w http.ResponseWriter, r *http.Request) {
		e, ok := s.v1JobRow(w, r)
		if !ok {
			return
		}
		f, err := s.store.FeedbackGet(r.Context(), e.WorkspaceID, e.ID)
		switch {
		case errors.Is(err, store.ErrNotFound):
			v1OK(w, http.StatusOK, nil)
		case err != nil:
			v1Fail(w, r, v1Internal, "Reading the feedback failed.")
		default:
			out := toV1Feedback(f)
			// People's corrections of the result count as feedback too
			// (routes_v1_revisions.go).
			if n, err := s.store.RevisionCount(r.Context(), e.WorkspaceID, e.ID); err == nil {
				out["corrections"] = n
			}
			v1OK(w, http.StatusOK, out)
		}
	})
}

func toV1Feedback(f *store.Feedback) map[string]any {
	return map[string]any{"id": fmt.Sprintf("fb_%s", strings.TrimPrefix(f.ExtractionID, "ext_")), "job_id": execution.JobID(f.ExtractionID),
		"rating": f.Rating, "issue": f.Issue, "notes": f.Notes, "created_at": stampUTC(f.CreatedAt)}
}

// v1JobRow loads the extraction behind a /v1 job id of the workspace.
func (s *Server) v1JobRow(w http.ResponseWriter, r *http.Request) (*store.Extraction, bool) {
	id := r.PathValue("id")
	e, err := s.store.ExtractionGet(r.Context(), s.workspace(r.Context()), extractionID(id))
	switch {
	case errors.Is(err, store.ErrNotFound):
		v1Fail(w, r, v1NotFound, "No job "+id+".")
		return nil, false
	case err != nil:
		v1Fail(w, r, v1Internal, "Reading the job failed.")
		return nil, false
	}
	return e, true
}

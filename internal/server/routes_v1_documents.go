package server

import (
	"context"
	"errors"
	"net/http"
	"path"
	"strconv"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/execution"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

const v1DocumentFileNotAvailable = "DOCUMENT_FILE_NOT_AVAILABLE"

func init() { v1Status[v1DocumentFileNotAvailable] = http.StatusBadRequest }

type v1Document struct {
	ID                string           `json:"id"`
	Filename          string           `json:"filename"`
	FileExt           string           `json:"file_ext"`
	MediaType         string           `json:"media_type"`
	Size              int64            `json:"size"`
	SHA256            string           `json:"sha256"`
	Status            string           `json:"status"`
	StoragePath       string           `json:"storage_path"`
	CreatedAt         string           `json:"created_at"`
	ProcessingCount   *int             `json:"processing_count,omitempty"`
	LatestExecution   *v1ExecBrief     `json:"latest_execution,omitempty"`
	Dataset           any              `json:"dataset"`
	ProcessingHistory []v1HistoryEntry `json:"processing_history,omitempty"`
	RelatedDatasets   []any            `json:"related_datasets,omitempty"`
}

type v1ExecBrief struct {
	ID     string `json:"id"`
	JobID  string `json:"job_id"`
	Status string `json:"status"`
}

type v1HistoryEntry struct {
	JobID        string  `json:"job_id"`
	Status       string  `json:"status"`
	QualityGrade *string `json:"quality_grade" nullable:"true"`
	CreatedAt    string  `json:"created_at"`
}

// documentStatus names a document by its latest job: processed once a
// job completed, failed when the latest failed, else processing.
func documentStatus(latest string) string {
	switch latest {
	case "completed":
		return "processed"
	case "failed":
		return "failed"
	}
	return "processing"
}

func (s *Server) toV1Document(ctx context.Context, d *store.Document, history bool) v1Document {
	out := v1Document{ID: d.ID, Filename: d.Filename, FileExt: path.Ext(d.Filename), MediaType: d.MediaType, Size: d.Size,
		SHA256: d.SHA256, StoragePath: "/v1/documents/" + d.ID + "/file", CreatedAt: stampUTC(d.CreatedAt), Status: "processing"}
	ids, err := s.store.DocumentJobs(ctx, d.WorkspaceID, d.ID)
	if err != nil || len(ids) == 0 {
		ids = []string{d.JobID}
	}
	var latest *store.Extraction
	var entries []v1HistoryEntry
	for _, id := range ids {
		e, err := s.store.ExtractionGet(ctx, d.WorkspaceID, id)
		if err != nil {
			continue
		}
		latest = e
		grade, _ := execution.ResultBrief(e.Result)
		entries = append(entries, v1HistoryEntry{JobID: jobID(e.ID), Status: v1JobStatus(e.Status), QualityGrade: grade, CreatedAt: stampUTC(e.SubmittedAt)})
	}
	if latest != nil {
		out.Status = documentStatus(v1JobStatus(latest.Status))
	}
	if history {
		n := len(entries)
		out.ProcessingCount, out.ProcessingHistory, out.RelatedDatasets = &n, entries, []any{}
		if out.ProcessingHistory == nil {
			out.ProcessingHistory = []v1HistoryEntry{}
		}
		if latest != nil {
			out.LatestExecution = &v1ExecBrief{ID: executionID(latest.ID), JobID: jobID(latest.ID), Status: v1JobStatus(latest.Status)}
		}
	}
	return out
}

func (s *Server) routeV1Documents() {
	s.mux.HandleFunc("GET /v1/documents", func(w http.ResponseWriter, r *http.Request) {
		page, size, offset, ok := v1Paging(w, r)
		if !ok {
			return
		}
		list, total, err := s.store.DocumentList(r.Context(), s.workspace(r.Context()), size, offset)
		if err != nil {
			v1Fail(w, r, v1Internal, "Listing the documents failed.")
			return
		}
		items := make([]v1Document, 0, len(list))
		for _, d := range list {
			items = append(items, s.toV1Document(r.Context(), d, false))
		}
		v1OK(w, http.StatusOK, map[string]any{"items": items, "total": total, "page": page, "page_size": size})
	})
	s.mux.HandleFunc("GET /v1/documents/{id}", func(w http.ResponseWriter, r *http.Request) {
		if d, ok := s.v1Document(w, r); ok {
			v1OK(w, http.StatusOK, s.toV1Document(r.Context(), d, true))
		}
	})
	// The original bytes hold the personal data masking removes from
	// results, so viewers may not fetch them.
	s.mux.HandleFunc("GET /v1/documents/{id}/file", func(w http.ResponseWriter, r *http.Request) {
		d, req, ok := s.v1DocumentWithFile(w, r)
		if !ok {
			return
		}
		s.record(r, audit.Event{Action: "document.downloaded", Subject: d.ID, DocumentID: d.ID})
		w.Header().Set("Content-Type", d.MediaType)
		w.Header().Set("Content-Disposition", `attachment; filename="`+safeFilename(d.Filename)+`"`)
		w.Header().Set("Content-Length", strconv.Itoa(len(req.Files[0].Data)))
		_, _ = w.Write(req.Files[0].Data)
	})
	s.mux.HandleFunc("POST /v1/documents/{id}/reprocess", func(w http.ResponseWriter, r *http.Request) {
		d, req, ok := s.v1DocumentWithFile(w, r)
		if !ok {
			return
		}
		ws := d.WorkspaceID
		admit := func(ctx context.Context, tx store.Tx, e *store.Extraction) error {
			if err := s.ledger.Hold(ctx, tx, ws, e.ID); err != nil {
				return err
			}
			if err := tx.DocumentJobAdd(ctx, ws, d.ID, e.ID, e.SubmittedAt); err != nil {
				return err
			}
			return audit.Record(ctx, tx, ws, audit.Event{Action: "document.reprocessed", Subject: jobID(e.ID), DocumentID: d.ID})
		}
		req.CallbackURL = ""
		x, err := s.exec.Submit(r.Context(), execution.SubmitParams{WorkspaceID: ws, Request: req, Submitted: time.Now().UTC(), Admit: admit})
		switch {
		case errors.Is(err, billing.ErrQuotaExceeded):
			s.platform.refused(v1QuotaExceeded)
			v1Fail(w, r, v1QuotaExceeded, rejectionMessage(v1QuotaExceeded, billing.Plan{}))
		case errors.Is(err, billing.ErrTrialExpired):
			s.platform.refused(v1TrialExpired)
			v1Fail(w, r, v1TrialExpired, rejectionMessage(v1TrialExpired, billing.Plan{}))
		case err != nil:
			v1Fail(w, r, v1Internal, "The document could not be queued again; retry later.")
		default:
			id := jobID(x.ID)
			writeJSON(w, http.StatusAccepted, map[string]any{"status": "accepted", "error": nil,
				"data": map[string]any{"job_id": id, "job_type": "data_process", "status": "queued", "document_id": d.ID},
				"meta": map[string]string{"poll": "/v1/jobs/" + id}})
		}
	})
}

func (s *Server) v1Document(w http.ResponseWriter, r *http.Request) (*store.Document, bool) {
	d, err := s.store.DocumentGet(r.Context(), s.workspace(r.Context()), r.PathValue("id"))
	switch {
	case errors.Is(err, store.ErrNotFound):
		v1Fail(w, r, v1NotFound, "No document "+r.PathValue("id")+".")
		return nil, false
	case err != nil:
		v1Fail(w, r, v1Internal, "Reading the document failed.")
		return nil, false
	}
	return d, true
}

// v1DocumentWithFile is the document of the path, with its file, for a
// member or more: what reading the original bytes and reprocessing need.
func (s *Server) v1DocumentWithFile(w http.ResponseWriter, r *http.Request) (*store.Document, *api.ExtractRequest, bool) {
	if !s.v1Allow(w, r, tenant.RoleMember) {
		return nil, nil, false
	}
	d, ok := s.v1Document(w, r)
	if !ok {
		return nil, nil, false
	}
	req, ok := s.v1DocumentRequest(w, r, d)
	return d, req, ok
}

// v1DocumentRequest loads the stored request (with the file's bytes) of
// the document's first job.
func (s *Server) v1DocumentRequest(w http.ResponseWriter, r *http.Request, d *store.Document) (*api.ExtractRequest, bool) {
	e, err := s.store.ExtractionGet(r.Context(), d.WorkspaceID, d.JobID)
	var req *api.ExtractRequest
	if err == nil {
		req, err = execution.LoadRequest(r.Context(), s.blobs, e.Request)
	}
	if err != nil || len(req.Files) != 1 {
		v1Fail(w, r, v1DocumentFileNotAvailable, "The document's file is no longer stored.")
		return nil, false
	}
	return req, true
}

// safeFilename keeps a header value free of quotes and line breaks.
func safeFilename(name string) string {
	b := []rune{}
	for _, c := range name {
		if c == '"' || c == '\\' || c < 0x20 || c == 0x7f {
			c = '_'
		}
		b = append(b, c)
	}
	return string(b)
}

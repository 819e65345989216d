package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/execution"
	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
	"github.com/quarrydev/quarry/internal/validate"
)

// Per-file rejection codes of an upload.
const (
	v1FileTooLarge    = "FILE_TOO_LARGE"
	v1UnsupportedFile = "UNSUPPORTED_FILE"
	v1EmptyDocument   = "EMPTY_DOCUMENT"
	v1MissingInput    = "MISSING_INPUT"
)

func init() {
	v1Status[v1FileTooLarge] = http.StatusRequestEntityTooLarge
	v1Status[v1UnsupportedFile] = http.StatusUnsupportedMediaType
	v1Status[v1MissingInput] = http.StatusBadRequest
}

type v1Rejected struct {
	Filename string `json:"filename"`
	Error    string `json:"error"`
	Message  string `json:"message,omitempty"` // a connector key's refusal says why (routes_v1_connectors.go)
}

type v1UploadJob struct {
	Filename           string `json:"filename"`
	JobID              string `json:"job_id"`
	Status             string `json:"status"`
	DocumentID         string `json:"document_id"`
	IsDuplicate        bool   `json:"is_duplicate"`
	ExistingDocumentID string `json:"existing_document_id,omitempty"`
	ExistingJobID      string `json:"existing_job_id,omitempty"`
}

type v1UploadAnswer struct {
	Accepted int           `json:"accepted"`
	Rejected []v1Rejected  `json:"rejected"`
	Jobs     []v1UploadJob `json:"jobs"`
	JobIDs   []string      `json:"job_ids"`
}

// pipelineConfig is the upload's optional pipeline_config form field.
type pipelineConfig struct {
	DocumentTypeHint string `json:"document_type_hint"`
	MaskPII          *bool  `json:"mask_pii"`
}

// A /v1 job is an /api/v1 extraction underneath: the same record, named
// job_<ulid> on /v1 and ext_<ulid> on /api/v1.
var jobID, extractionID = execution.JobID, execution.ExtractionOfJob

func (s *Server) routeV1Upload() {
	s.mux.HandleFunc("POST /v1/data-process/async", s.v1Upload)
}

// v1Upload accepts files as documents and queues one job each; a file
// that cannot be accepted is listed in rejected while the others go on.
func (s *Server) v1Upload(w http.ResponseWriter, r *http.Request) {
	if !s.v1Allow(w, r, tenant.RoleMember) {
		return
	}
	ctx := r.Context()
	ws := s.workspace(ctx)
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		if mt == "application/json" || mt == "application/x-www-form-urlencoded" {
			s.v1UploadSource(w, r, mt, "", "und", "")
			return
		}
		v1Fail(w, r, v1MissingInput, "Send the documents as multipart/form-data parts named `files`.")
		return
	}
	plan, ok := s.v1Plan(w, r, ws)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	form := uploadForm{locale: "und", maxFile: min(plan.MaxFileBytes, s.cfg.Limits.MaxBytes), maxFiles: s.cfg.Edge.MaxFiles}
	if err := form.read(multipart.NewReader(r.Body, params["boundary"])); err != nil {
		v1Fail(w, r, v1Validation, "The multipart body could not be read: "+err.Error())
		return
	}
	if form.source != "" {
		s.v1UploadSource(w, r, mt, form.source, form.locale, form.pipelineConfig)
		return
	}
	if len(form.files) == 0 && len(form.rejected) == 0 {
		v1Fail(w, r, v1MissingInput, "No file: send one or more multipart parts named `files`.")
		return
	}
	var cfg pipelineConfig
	if form.pipelineConfig != "" {
		if err := json.Unmarshal([]byte(form.pipelineConfig), &cfg); err != nil {
			v1Fail(w, r, v1Validation, "pipeline_config is not JSON: "+err.Error())
			return
		}
	}
	out := v1UploadAnswer{Rejected: form.rejected, Jobs: []v1UploadJob{}, JobIDs: []string{}}
	for _, f := range form.files {
		job, code := s.v1Admit(ctx, ws, f, form.locale, cfg, nil)
		if code != "" {
			if code == v1QuotaExceeded || code == v1TrialExpired {
				s.platform.refused(code)
			}
			out.Rejected = append(out.Rejected, v1Rejected{Filename: f.name, Error: code})
			s.record(r, audit.Event{Action: "document.rejected", Outcome: audit.Failure, Details: map[string]any{"code": code}})
			continue
		}
		if job.IsDuplicate {
			s.record(r, audit.Event{Action: "document.duplicate", Subject: job.JobID, DocumentID: job.DocumentID})
		}
		out.Jobs = append(out.Jobs, job)
		if !job.IsDuplicate {
			out.Accepted++
		}
		out.JobIDs = append(out.JobIDs, job.JobID)
	}
	if len(out.Jobs) == 0 {
		// Nothing went in: one reason for all is the request's error.
		if code := sameCode(out.Rejected); code != "" && code != v1EmptyDocument {
			if code == v1Internal {
				v1Fail(w, r, v1Internal, "The documents could not be queued; retry later.")
				return
			}
			v1Fail(w, r, code, rejectionMessage(code, plan))
			return
		}
	}
	env := map[string]any{"status": "accepted", "data": out, "error": nil}
	if len(out.JobIDs) > 0 {
		env["meta"] = map[string]string{"poll": "/v1/jobs/" + out.JobIDs[0]}
	}
	writeJSON(w, http.StatusAccepted, env)
}

// v1Admit makes one file a document and a job, or returns its rejection
// code. A file the workspace holds already comes back as a duplicate of
// its first job and costs nothing. also (may be nil) runs in the
// transaction that admits the file, or for a duplicate in one of its
// own: a connector pull records its sync ledger there.
func (s *Server) v1Admit(ctx context.Context, ws string, f uploadFile, locale string, cfg pipelineConfig,
	also func(context.Context, store.Tx, v1UploadJob) error) (v1UploadJob, string) {
	sum := sha256.Sum256(f.data)
	hash := hex.EncodeToString(sum[:])
	dup := func(d *store.Document) (v1UploadJob, string) {
		job := s.duplicate(ctx, ws, f.name, d)
		if also != nil {
			if err := s.store.InTx(ctx, func(tx store.Tx) error { return also(ctx, tx, job) }); err != nil {
				return v1UploadJob{}, v1Internal
			}
		}
		return job, ""
	}
	if d, err := s.store.DocumentByHash(ctx, ws, hash); err == nil {
		return dup(d)
	}
	mask := "redact"
	if cfg.MaskPII != nil && !*cfg.MaskPII {
		mask = ""
	}
	docID := ids.New("doc")
	meta := map[string]any{"document_id": docID, "job_type": "data_process"}
	if cfg.DocumentTypeHint != "" {
		meta["document_type_hint"] = cfg.DocumentTypeHint
	}
	in := api.FileInput{Filename: f.name, Data: f.data}
	if slices.Contains(validate.BuiltinTypeIDs, cfg.DocumentTypeHint) {
		in.ExpectedType = cfg.DocumentTypeHint // the caller knows what it sent: no guessing
	}
	req := &api.ExtractRequest{
		Files:    []api.FileInput{in},
		Options:  &api.Options{PII: &api.PIIOptions{Locale: locale, Mask: mask}, Stages: platformStages()},
		Metadata: meta,
	}
	admit := func(ctx context.Context, tx store.Tx, e *store.Extraction) error {
		if err := s.ledger.Hold(ctx, tx, ws, e.ID); err != nil {
			return err
		}
		if err := tx.DocumentInsert(ctx, &store.Document{ID: docID, WorkspaceID: ws, SHA256: hash, Filename: f.name,
			MediaType: f.mediaType, Size: int64(len(f.data)), JobID: e.ID, CreatedAt: e.SubmittedAt}); err != nil {
			return err
		}
		if err := tx.DocumentJobAdd(ctx, ws, docID, e.ID, e.SubmittedAt); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, ws, audit.Event{Action: "document.uploaded", Subject: jobID(e.ID), DocumentID: docID,
			Details: map[string]any{"media_type": f.mediaType, "bytes": len(f.data)}}); err != nil {
			return err
		}
		if also != nil {
			return also(ctx, tx, v1UploadJob{Filename: f.name, JobID: jobID(e.ID), Status: "queued", DocumentID: docID})
		}
		return nil
	}
	x, err := s.exec.Submit(ctx, execution.SubmitParams{WorkspaceID: ws, Request: req, Submitted: time.Now().UTC(), Admit: admit})
	switch {
	case err == nil:
		return v1UploadJob{Filename: f.name, JobID: jobID(x.ID), Status: "queued", DocumentID: docID}, ""
	case errors.Is(err, billing.ErrQuotaExceeded):
		return v1UploadJob{}, v1QuotaExceeded
	case errors.Is(err, billing.ErrTrialExpired):
		return v1UploadJob{}, v1TrialExpired
	case errors.Is(err, store.ErrConflict):
		// The same content won a concurrent upload: a duplicate after all.
		if d, derr := s.store.DocumentByHash(ctx, ws, hash); derr == nil {
			return dup(d)
		}
	}
	return v1UploadJob{}, v1Internal
}

func (s *Server) duplicate(ctx context.Context, ws, name string, d *store.Document) v1UploadJob {
	status := "queued"
	if e, err := s.store.ExtractionGet(ctx, ws, d.JobID); err == nil {
		status = v1JobStatus(e.Status)
	}
	return v1UploadJob{Filename: name, JobID: jobID(d.JobID), Status: status, DocumentID: d.ID, IsDuplicate: true,
		ExistingDocumentID: d.ID, ExistingJobID: jobID(d.JobID)}
}

func sameCode(rs []v1Rejected) string {
	if len(rs) == 0 {
		return ""
	}
	for _, r := range rs[1:] {
		if r.Error != rs[0].Error {
			return ""
		}
	}
	return rs[0].Error
}

func rejectionMessage(code string, plan billing.Plan) string {
	switch code {
	case v1QuotaExceeded:
		return "The workspace has no credits left in this billing period."
	case v1TrialExpired:
		return "The workspace's trial has ended; choose a plan to go on."
	case v1FileTooLarge:
		return "The file is larger than the " + plan.Name + " plan allows."
	case v1UnsupportedFile:
		return "The file's type is not one Quarry reads."
	}
	return "No document was accepted."
}

// uploadFile is one accepted part.
type uploadFile struct {
	name, mediaType string
	data            []byte
}

// uploadForm reads an upload's parts one at a time, holding at most one
// file past its size limit (the part is drained, not kept).
type uploadForm struct {
	locale, pipelineConfig string
	source                 string // a connector pull's `source` field (JSON)
	maxFile                int64
	maxFiles               int
	files                  []uploadFile
	rejected               []v1Rejected
}

func (f *uploadForm) read(mr *multipart.Reader) error {
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch part.FormName() {
		case "files", "file":
			if err := f.readFile(part); err != nil {
				return err
			}
		case "locale", "pipeline_config", "source":
			v, err := io.ReadAll(io.LimitReader(part, 64<<10))
			if err != nil {
				return err
			}
			switch part.FormName() {
			case "locale":
				f.locale = strings.TrimSpace(string(v))
			case "pipeline_config":
				f.pipelineConfig = string(v)
			default:
				f.source = strings.TrimSpace(string(v))
			}
		default:
			_, _ = io.Copy(io.Discard, part)
		}
	}
}

func (f *uploadForm) readFile(part *multipart.Part) error {
	name := part.FileName()
	if name == "" {
		name = "upload"
	}
	if f.maxFiles > 0 && len(f.files)+len(f.rejected) >= f.maxFiles {
		return errors.New("too many files in one request")
	}
	data, err := io.ReadAll(io.LimitReader(part, f.maxFile+1))
	if err != nil {
		return err
	}
	switch {
	case int64(len(data)) > f.maxFile:
		_, _ = io.Copy(io.Discard, part)
		f.rejected = append(f.rejected, v1Rejected{Filename: name, Error: v1FileTooLarge})
		return nil
	case len(data) == 0:
		f.rejected = append(f.rejected, v1Rejected{Filename: name, Error: v1EmptyDocument})
		return nil
	}
	mt := ingest.Sniff(data, name, part.Header.Get("Content-Type"))
	if !slices.Contains(ingest.SupportedTypes(), mt) {
		f.rejected = append(f.rejected, v1Rejected{Filename: name, Error: v1UnsupportedFile})
		return nil
	}
	f.files = append(f.files, uploadFile{name: name, mediaType: mt, data: data})
	return nil
}

package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// Corrections: a person's value for an extracted field, stored as a
// revision beside the extracted value (store.Revisions) and never over
// it. POST /v1/jobs/{id}/revisions adds one; GET lists them with the
// field's current (latest) human value. The job's feedback counts them.
const maxRevisionValue = 16 << 10 // one value's JSON, bytes

type v1Revision struct {
	ID        string          `json:"id"`
	JobID     string          `json:"job_id"`
	Field     string          `json:"field"`
	Value     json.RawMessage `json:"value"`
	Extracted json.RawMessage `json:"extracted_value"`
	Author    string          `json:"author"`
	Note      string          `json:"note"`
	CreatedAt string          `json:"created_at"`
}

func toV1Revision(r *store.Revision) v1Revision {
	return v1Revision{ID: r.ID, JobID: jobID(r.ExtractionID), Field: r.Field, Value: r.Value, Extracted: r.Extracted,
		Author: r.Author, Note: r.Note, CreatedAt: stampUTC(r.CreatedAt)}
}

// fieldValue finds group.field in a result's first document (the one
// /v1 executions report) and returns its extracted value as JSON.
func fieldValue(res *api.ExtractionResult, path string) (json.RawMessage, bool) {
	group, name, ok := strings.Cut(path, ".")
	if !ok || len(res.Documents) == 0 {
		return nil, false
	}
	for _, g := range res.Documents[0].FieldGroups {
		if g.Name != group {
			continue
		}
		for _, f := range g.Fields {
			if f.Name == name {
				b, err := json.Marshal(f.Value)
				return b, err == nil
			}
		}
	}
	return nil, false
}

func (s *Server) routeV1Revisions() {
	s.mux.HandleFunc("POST /v1/jobs/{id}/revisions", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleMember) {
			return
		}
		e, ok := s.v1JobRow(w, r)
		if !ok {
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxRevisionValue+4<<10)
		var in struct {
			Field string          `json:"field"`
			Value json.RawMessage `json:"value"`
			Note  string          `json:"note"`
		}
		if !decodeV1(w, r, &in) {
			return
		}
		if e.Status != api.ExtractionSucceeded {
			v1Fail(w, r, v1Validation, "Only a completed job's fields can be corrected.")
			return
		}
		var res api.ExtractionResult
		if err := json.Unmarshal(e.Result, &res); err != nil {
			v1Fail(w, r, v1Internal, "Reading the job's result failed.")
			return
		}
		extracted, found := fieldValue(&res, in.Field)
		switch {
		case !found:
			v1Fail(w, r, v1Validation, "field must name a field of the result as group.field (see the job's execution).")
			return
		case len(bytes.TrimSpace(in.Value)) == 0:
			v1Fail(w, r, v1Validation, "value is required (JSON: a string, number, boolean or null).")
			return
		case len(in.Value) > maxRevisionValue:
			v1Fail(w, r, v1Validation, "value is too long.")
			return
		case len(in.Note) > 2000:
			v1Fail(w, r, v1Validation, "note is at most 2000 characters.")
			return
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, in.Value); err != nil {
			v1Fail(w, r, v1Validation, "value is not JSON.")
			return
		}
		p, _ := tenant.From(r.Context())
		author := p.UserID
		if author == "" {
			author = p.KeyID
		}
		rev := &store.Revision{ID: ids.New("rev"), WorkspaceID: e.WorkspaceID, ExtractionID: e.ID, Field: in.Field,
			Value: compact.Bytes(), Extracted: extracted, Author: author, Note: in.Note, CreatedAt: time.Now().UTC()}
		err := s.store.InTx(r.Context(), func(tx store.Tx) error {
			if err := tx.RevisionInsert(r.Context(), rev); err != nil {
				return err
			}
			return audit.Record(r.Context(), tx, e.WorkspaceID, audit.Event{Action: "job.field_corrected", Actor: author,
				Subject: jobID(e.ID), Details: map[string]any{"field": in.Field}})
		})
		if err != nil {
			v1Fail(w, r, v1Internal, "Storing the correction failed.")
			return
		}
		v1OK(w, http.StatusCreated, toV1Revision(rev))
	})
	s.mux.HandleFunc("GET /v1/jobs/{id}/revisions", func(w http.ResponseWriter, r *http.Request) {
		e, ok := s.v1JobRow(w, r)
		if !ok {
			return
		}
		list, err := s.store.RevisionList(r.Context(), e.WorkspaceID, e.ID)
		if err != nil {
			v1Fail(w, r, v1Internal, "Reading the corrections failed.")
			return
		}
		items := make([]v1Revision, 0, len(list))
		current := map[string]json.RawMessage{}
		for _, rev := range list {
			items = append(items, toV1Revision(rev))
			current[rev.Field] = rev.Value // oldest first: the last one stands
		}
		v1OK(w, http.StatusOK, map[string]any{"items": items, "total": len(items), "current": current})
	})
}

func init() {
	v1Docs = append(v1Docs,
		v1Doc{http.MethodPost, "/v1/jobs/{id}/revisions", "Correct a field: a person's value stored beside the extracted one, never over it", "Jobs", map[string]any{}, v1Revision{}, 201, []string{v1NotFound, v1Validation}, false, false},
		v1Doc{http.MethodGet, "/v1/jobs/{id}/revisions", "A job's corrections, oldest first, with each field's current value", "Jobs", nil, map[string]any{}, 200, []string{v1NotFound}, false, false})
}

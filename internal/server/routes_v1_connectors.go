package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/source"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
	"github.com/quarrydev/quarry/internal/webhook"
)

// Per-key codes of a connector pull, and the code of a bucket that
// refused or could not be reached (a 502: the fault is upstream).
const (
	v1ObjectNotFound = source.CodeObjectMissing
	v1ConnectorError = source.CodeConnectorError
	v1NoSecretKey    = "SECRET_KEY_REQUIRED"
)

func init() {
	v1Status[v1ObjectNotFound] = http.StatusNotFound
	v1Status[v1ConnectorError] = http.StatusBadGateway
	v1Status[v1NoSecretKey] = http.StatusNotImplemented
	v1Docs = append(v1Docs, connectorDocs...)
}

// newSources builds the connectors service: the upload's admission, the
// config's secret key and an SSRF guard unless d says otherwise. A set
// but unusable secret key stops start-up, as it does for LLM settings.
func newSources(s *Server, d Deps) *source.Service {
	o := source.Options{SecretKey: d.Config.SecretKey, Guard: webhook.Guard{AllowPrivate: d.Config.WebhookAllowPrivate, Resolver: d.Resolver}}
	if d.Sources != nil {
		o = *d.Sources
	}
	o.Admit = sourceAdmitter{s}
	if o.MaxFileBytes == 0 {
		o.MaxFileBytes = d.Config.Limits.MaxBytes // as an upload's part
	}
	svc, err := source.New(d.Store, o)
	if err != nil {
		panic("connectors: " + err.Error())
	}
	return svc
}

// Sources is the connectors service (the app registers its sync workers).
func (s *Server) Sources() *source.Service { return s.sources }

// sourceAdmitter admits a bucket's object exactly as an uploaded file:
// the same type sniffing, credit hold and duplicate rule (v1Admit).
type sourceAdmitter struct{ s *Server }

func (a sourceAdmitter) Admit(ctx context.Context, in source.Admission) source.Admitted {
	if len(in.Data) == 0 {
		return source.Admitted{Rejection: v1EmptyDocument}
	}
	mt := ingest.Sniff(in.Data, in.Filename, "")
	if !slices.Contains(ingest.SupportedTypes(), mt) {
		return source.Admitted{Rejection: v1UnsupportedFile}
	}
	cfg := pipelineConfig{DocumentTypeHint: in.DocumentTypeHint, MaskPII: in.MaskPII}
	var also func(context.Context, store.Tx, v1UploadJob) error
	if in.Also != nil {
		also = func(ctx context.Context, tx store.Tx, j v1UploadJob) error { return in.Also(ctx, tx, admittedOf(j)) }
	}
	locale := in.Locale
	if locale == "" {
		locale = "und"
	}
	job, code := a.s.v1Admit(ctx, in.WorkspaceID, uploadFile{name: in.Filename, mediaType: mt, data: in.Data}, locale, cfg, also)
	if code != "" {
		return source.Admitted{Rejection: code}
	}
	return admittedOf(job)
}

func admittedOf(j v1UploadJob) source.Admitted {
	return source.Admitted{JobID: j.JobID, DocumentID: j.DocumentID, Status: j.Status, Duplicate: j.IsDuplicate}
}

// v1Source is the `source` of a connector pull: connector_id is a number
// in the docs and a string in the SDKs; both are taken.
type v1Source struct {
	ConnectorID json.RawMessage `json:"connector_id"`
	Keys        []string        `json:"keys"`
}

// idOf reads an id sent as a JSON string or number.
func idOf(raw json.RawMessage) string {
	var sv string
	if json.Unmarshal(raw, &sv) == nil {
		return strings.TrimSpace(sv)
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// v1UploadSource processes objects of a connector like uploaded files
// (E1's connector forms): a JSON body {"source":{...}, "locale",
// "pipeline_config"}, or form fields holding the same (urlencoded, or
// multipart with `field` already read). Each key is one document and job
// in the upload's answer; a key that cannot be read is in rejected with
// its own code and message.
func (s *Server) v1UploadSource(w http.ResponseWriter, r *http.Request, mt, field, locale, pipeline string) {
	ctx := r.Context()
	ws := s.workspace(ctx)
	switch mt {
	case "application/json":
		var in struct {
			Source         *v1Source       `json:"source"`
			Locale         string          `json:"locale"`
			PipelineConfig json.RawMessage `json:"pipeline_config"`
		}
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
		if err := dec.Decode(&in); err != nil {
			v1Fail(w, r, v1Validation, "The body is not the JSON this route takes: "+err.Error())
			return
		}
		if in.Source == nil {
			v1Fail(w, r, v1MissingInput, "Send `source` ({connector_id, keys}) as JSON, or the documents as multipart `files`.")
			return
		}
		if in.Locale != "" {
			locale = in.Locale
		}
		// pipeline_config is an object here, or a string holding one as
		// in the form.
		if len(in.PipelineConfig) > 0 && string(in.PipelineConfig) != "null" {
			var sv string
			if json.Unmarshal(in.PipelineConfig, &sv) == nil {
				pipeline = sv
			} else {
				pipeline = string(in.PipelineConfig)
			}
		}
		raw, _ := json.Marshal(in.Source)
		field = string(raw)
	case "application/x-www-form-urlencoded":
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		if err := r.ParseForm(); err != nil {
			v1Fail(w, r, v1Validation, "The form could not be read: "+err.Error())
			return
		}
		field, pipeline = r.PostForm.Get("source"), r.PostForm.Get("pipeline_config")
		if l := strings.TrimSpace(r.PostForm.Get("locale")); l != "" {
			locale = l
		}
		if field == "" {
			v1Fail(w, r, v1MissingInput, "Send `source` ({connector_id, keys}) as a form field, or the documents as multipart `files`.")
			return
		}
	}
	var src v1Source
	if err := json.Unmarshal([]byte(field), &src); err != nil {
		v1Fail(w, r, v1Validation, "source must be JSON {\"connector_id\": ..., \"keys\": [...]}: "+err.Error())
		return
	}
	id := idOf(src.ConnectorID)
	if id == "" {
		v1Fail(w, r, v1Validation, "source.connector_id is required.")
		return
	}
	if max := s.cfg.Edge.MaxFiles; max > 0 && len(src.Keys) > max {
		v1Fail(w, r, v1Validation, "source.keys names more objects than one request may ("+strconv.Itoa(max)+").")
		return
	}
	var cfg pipelineConfig
	if pipeline != "" {
		if err := json.Unmarshal([]byte(pipeline), &cfg); err != nil {
			v1Fail(w, r, v1Validation, "pipeline_config is not JSON: "+err.Error())
			return
		}
	}
	plan, ok := s.v1Plan(w, r, ws)
	if !ok {
		return
	}
	outs, err := s.sources.Pull(ctx, ws, id, src.Keys, source.PullOptions{Locale: locale, DocumentTypeHint: cfg.DocumentTypeHint, MaskPII: cfg.MaskPII})
	if s.v1SourceErr(w, r, err) {
		return
	}
	out := v1UploadAnswer{Rejected: []v1Rejected{}, Jobs: []v1UploadJob{}, JobIDs: []string{}}
	for _, o := range outs {
		if o.Rejection != "" {
			if o.Rejection == v1QuotaExceeded || o.Rejection == v1TrialExpired {
				s.platform.refused(o.Rejection)
			}
			out.Rejected = append(out.Rejected, v1Rejected{Filename: o.Key, Error: o.Rejection, Message: o.Message})
			s.record(r, audit.Event{Action: "document.rejected", Outcome: audit.Failure, Details: map[string]any{"code": o.Rejection, "connector_id": id}})
			continue
		}
		job := v1UploadJob{Filename: o.Key, JobID: o.JobID, Status: o.Status, DocumentID: o.DocumentID, IsDuplicate: o.Duplicate}
		if o.Duplicate {
			job.ExistingDocumentID, job.ExistingJobID = o.DocumentID, o.JobID
		} else {
			out.Accepted++
		}
		out.Jobs = append(out.Jobs, job)
		out.JobIDs = append(out.JobIDs, job.JobID)
	}
	if len(out.Jobs) == 0 {
		if code := sameCode(out.Rejected); code != "" && code != v1EmptyDocument {
			msg := out.Rejected[0].Message
			if msg == "" || len(out.Rejected) > 1 && code != v1ConnectorError {
				msg = rejectionMessage(code, plan)
			}
			v1Fail(w, r, code, msg)
			return
		}
	}
	env := map[string]any{"status": "accepted", "data": out, "error": nil}
	if len(out.JobIDs) > 0 {
		env["meta"] = map[string]string{"poll": "/v1/jobs/" + out.JobIDs[0]}
	}
	writeJSON(w, http.StatusAccepted, env)
}

// v1SourceErr answers the connectors service's errors; false when err is
// nil.
func (s *Server) v1SourceErr(w http.ResponseWriter, r *http.Request, err error) bool {
	var ie *source.InputError
	var pe *source.PlanError
	switch {
	case err == nil:
		return false
	case errors.Is(err, source.ErrNotFound):
		v1Fail(w, r, v1NotFound, "No connector or schedule with that id in this workspace.")
	case errors.As(err, &ie):
		v1Fail(w, r, v1Validation, ie.Msg)
	case errors.As(err, &pe):
		v1Fail(w, r, pe.Code, pe.Msg)
	case errors.Is(err, source.ErrNoSecretKey):
		v1Fail(w, r, v1NoSecretKey, err.Error())
	case source.IsConnectorFailure(err):
		v1Fail(w, r, v1ConnectorError, source.Explain(err))
	default:
		v1Fail(w, r, v1Internal, "The connector request failed: "+err.Error())
	}
	return true
}

// v1Connector is a connector as answered (E25, E26): never its config.
type v1Connector struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	Type         string  `json:"type"`
	Active       bool    `json:"active"`
	LastTestedAt *string `json:"last_tested_at"`
	LastUsedAt   *string `json:"last_used_at"`
	CreatedAt    string  `json:"created_at"`
}

func toV1Connector(c *store.Connector) v1Connector {
	out := v1Connector{ID: c.ID, Name: c.Name, Type: c.Type, Active: c.Active, CreatedAt: stampUTC(c.CreatedAt)}
	if c.LastTestedAt != nil {
		v := stampUTC(*c.LastTestedAt)
		out.LastTestedAt = &v
	}
	if c.LastUsedAt != nil {
		v := stampUTC(*c.LastUsedAt)
		out.LastUsedAt = &v
	}
	return out
}

type v1ConnectorTest struct {
	Success   bool   `json:"success"`
	LatencyMS *int64 `json:"latency_ms"`
	Message   string `json:"message"`
}

type v1ConnectorIn struct {
	Type   string         `json:"type"`
	Name   string         `json:"name"`
	Config map[string]any `json:"config"`
}

func (s *Server) routeV1Connectors() {
	s.mux.HandleFunc("POST /v1/connectors", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleAdmin) {
			return
		}
		var in v1ConnectorIn
		if !decodeV1(w, r, &in) {
			return
		}
		c, err := s.sources.Create(r.Context(), s.workspace(r.Context()), source.CreateInput{Type: in.Type, Name: in.Name, Config: in.Config})
		if s.v1SourceErr(w, r, err) {
			return
		}
		v1OK(w, http.StatusCreated, toV1Connector(c))
	})
	s.mux.HandleFunc("GET /v1/connectors", func(w http.ResponseWriter, r *http.Request) {
		list, err := s.sources.List(r.Context(), s.workspace(r.Context()))
		if s.v1SourceErr(w, r, err) {
			return
		}
		items := make([]v1Connector, 0, len(list))
		for _, c := range list {
			items = append(items, toV1Connector(c))
		}
		v1OK(w, http.StatusOK, map[string]any{"items": items, "total": len(items)})
	})
	s.mux.HandleFunc("GET /v1/connectors/{id}", func(w http.ResponseWriter, r *http.Request) {
		c, err := s.sources.Get(r.Context(), s.workspace(r.Context()), r.PathValue("id"))
		if s.v1SourceErr(w, r, err) {
			return
		}
		v1OK(w, http.StatusOK, toV1Connector(c))
	})
	s.mux.HandleFunc("DELETE /v1/connectors/{id}", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleAdmin) {
			return
		}
		if s.v1SourceErr(w, r, s.sources.Delete(r.Context(), s.workspace(r.Context()), r.PathValue("id"))) {
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	s.mux.HandleFunc("POST /v1/connectors/{id}/test", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleMember) {
			return
		}
		res, err := s.sources.Test(r.Context(), s.workspace(r.Context()), r.PathValue("id"))
		if s.v1SourceErr(w, r, err) {
			return
		}
		// A failed check is an answer, not an error (E28): HTTP 200.
		v1OK(w, http.StatusOK, v1ConnectorTest{Success: res.Success, LatencyMS: res.LatencyMS, Message: res.Message})
	})
	s.routeV1Schedules()
	s.routeV1DatasetActions()
}

package server

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/execution"
	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
	"github.com/quarrydev/quarry/internal/webhook"
)

// v1HookEvents are the events a hook may subscribe to. dataset.ready is
// accepted now and fires once datasets exist.
var v1HookEvents = []string{execution.EventJobCompleted, execution.EventJobFailed, "dataset.ready"}

type v1Hook struct {
	ID        string   `json:"id"`
	URL       string   `json:"url"`
	Events    []string `json:"events"`
	Active    bool     `json:"active"`
	CreatedAt string   `json:"created_at"`
	Secret    string   `json:"secret,omitempty"` // only in the create answer, and only when Quarry made it
}

type v1Delivery struct {
	ID         string `json:"id"`
	EventID    string `json:"event_id"`
	EventType  string `json:"event_type"`
	Attempt    int    `json:"attempt"`
	HTTPStatus int    `json:"http_status"`
	Success    bool   `json:"success"`
	Error      string `json:"error,omitempty"`
	At         string `json:"at"`
}

func toV1Hook(h *store.Hook) v1Hook {
	return v1Hook{ID: h.ID, URL: h.URL, Events: h.Events, Active: h.Active, CreatedAt: stampUTC(h.CreatedAt)}
}

func (s *Server) routeV1Webhooks() {
	guard := webhook.Guard{AllowPrivate: s.cfg.WebhookAllowPrivate, Resolver: s.resolver}
	s.mux.HandleFunc("POST /v1/webhooks", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleAdmin) {
			return
		}
		var in struct {
			URL        string         `json:"url"`
			Events     []string       `json:"events"`
			Secret     string         `json:"secret"`
			AutoExport map[string]any `json:"auto_export"`
		}
		if !decodeV1(w, r, &in) {
			return
		}
		u, err := url.Parse(in.URL)
		if err != nil || u.Host == "" || u.Scheme != "https" && !(s.cfg.WebhookAllowPrivate && u.Scheme == "http") {
			v1Fail(w, r, v1Validation, "url must be an https URL.")
			return
		}
		if err := guard.CheckURL(r.Context(), in.URL); err != nil {
			v1Fail(w, r, v1Validation, "url is not allowed: "+err.Error())
			return
		}
		if len(in.Events) == 0 {
			v1Fail(w, r, v1Validation, "events must name at least one of job.completed, job.failed, dataset.ready.")
			return
		}
		for _, e := range in.Events {
			if !slices.Contains(v1HookEvents, e) {
				v1Fail(w, r, v1Validation, "Unknown event "+e+"; events are job.completed, job.failed, dataset.ready.")
				return
			}
		}
		auto, ok := s.v1AutoExport(w, r, in.AutoExport)
		if !ok {
			return
		}
		h := &store.Hook{ID: ids.New("wh"), WorkspaceID: s.workspace(r.Context()), URL: in.URL,
			Events: slices.Compact(slices.Sorted(slices.Values(in.Events))), Secret: in.Secret, CreatedAt: time.Now().UTC(), Active: true}
		made := h.Secret == ""
		if made {
			var b [32]byte
			_, _ = rand.Read(b[:])
			h.Secret = "whsec_" + hex.EncodeToString(b[:])
		}
		if err := s.store.InTx(r.Context(), func(tx store.Tx) error {
			if err := tx.HookInsert(r.Context(), h); err != nil || auto == nil {
				return err
			}
			auto.HookID, auto.WorkspaceID = h.ID, h.WorkspaceID
			return tx.AutoExportPut(r.Context(), auto)
		}); err != nil {
			v1Fail(w, r, v1Internal, "Registering the webhook failed.")
			return
		}
		s.record(r, audit.Event{Action: "webhook.created", Subject: h.ID, Details: map[string]any{"events": h.Events}})
		out := toV1Hook(h)
		if made {
			out.Secret = h.Secret
		}
		v1OK(w, http.StatusCreated, out)
	})
	s.mux.HandleFunc("GET /v1/webhooks", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleAdmin) {
			return
		}
		hooks, err := s.store.HookList(r.Context(), s.workspace(r.Context()))
		if err != nil {
			v1Fail(w, r, v1Internal, "Listing the webhooks failed.")
			return
		}
		items := make([]v1Hook, 0, len(hooks))
		for _, h := range hooks {
			items = append(items, toV1Hook(h))
		}
		v1OK(w, http.StatusOK, map[string]any{"items": items, "total": len(items)})
	})
	s.mux.HandleFunc("DELETE /v1/webhooks/{id}", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleAdmin) {
			return
		}
		err := s.store.HookDelete(r.Context(), s.workspace(r.Context()), r.PathValue("id"), time.Now().UTC())
		switch {
		case errors.Is(err, store.ErrNotFound):
			v1Fail(w, r, v1NotFound, "No webhook with that id in this workspace.")
		case err != nil:
			v1Fail(w, r, v1Internal, "Deleting the webhook failed.")
		default:
			s.record(r, audit.Event{Action: "webhook.deleted", Subject: r.PathValue("id")})
			w.WriteHeader(http.StatusNoContent)
		}
	})
	s.mux.HandleFunc("GET /v1/webhooks/{id}/deliveries", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleAdmin) {
			return
		}
		ws, id := s.workspace(r.Context()), r.PathValue("id")
		if _, err := s.store.HookGet(r.Context(), ws, id); err != nil {
			v1Fail(w, r, v1NotFound, "No webhook with that id in this workspace.")
			return
		}
		list, err := s.store.HookDeliveryList(r.Context(), ws, id, 100)
		if err != nil {
			v1Fail(w, r, v1Internal, "Listing the deliveries failed.")
			return
		}
		items := make([]v1Delivery, 0, len(list))
		for _, d := range list {
			items = append(items, v1Delivery{ID: d.ID, EventID: d.EventID, EventType: d.EventType, Attempt: d.Attempt,
				HTTPStatus: d.HTTPStatus, Success: d.Error == "", Error: d.Error, At: stampUTC(d.At)})
		}
		v1OK(w, http.StatusOK, map[string]any{"items": items, "total": len(items)})
	})
}

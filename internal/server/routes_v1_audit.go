package server

import (
	"net/http"
	"time"

	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/obs"
	"github.com/quarrydev/quarry/internal/tenant"
)

// auditExportMax bounds one export; ?since= pages through a longer trail.
const auditExportMax = 100_000

// record appends an audit event for the request's workspace. A failure
// to record is logged, not answered: the action itself has happened.
func (s *Server) record(r *http.Request, e audit.Event) {
	if err := audit.Record(r.Context(), s.store, s.workspace(r.Context()), e); err != nil {
		obs.Logger(r.Context()).Error("audit record failed", "action", e.Action, "err", err)
	}
}

func (s *Server) routeV1Audit() {
	s.mux.HandleFunc("GET /v1/compliance/record", func(w http.ResponseWriter, r *http.Request) {
		ws := s.workspace(r.Context())
		plan, ok := s.v1Plan(w, r, ws)
		if !ok {
			return
		}
		row, err := s.store.WorkspaceGet(r.Context(), ws)
		if err != nil {
			v1Fail(w, r, v1Internal, "Reading the workspace failed.")
			return
		}
		now := time.Now()
		events, err := s.store.AuditList(r.Context(), ws, now.Add(-plan.Retention), auditExportMax)
		if err != nil {
			v1Fail(w, r, v1Internal, "Reading the audit trail failed.")
			return
		}
		v1OK(w, http.StatusOK, audit.BuildROPA(row.Name, plan.Retention, events, now))
	})
	s.mux.HandleFunc("GET /v1/audit/export", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleAdmin) {
			return
		}
		format := r.URL.Query().Get("format")
		if format == "" {
			format = "json"
		}
		if format != "json" && format != "csv" {
			v1Fail(w, r, v1Validation, "format must be json or csv.")
			return
		}
		var since time.Time
		if v := r.URL.Query().Get("since"); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				v1Fail(w, r, v1Validation, "since must be an RFC 3339 time.")
				return
			}
			since = t
		}
		ws := s.workspace(r.Context())
		events, err := s.store.AuditList(r.Context(), ws, since, auditExportMax)
		if err != nil {
			v1Fail(w, r, v1Internal, "Reading the audit trail failed.")
			return
		}
		s.record(r, audit.Event{Action: "audit.exported", Details: map[string]any{"format": format, "events": len(events)}})
		entries := audit.Entries(events)
		name := "audit-" + ws + "-" + time.Now().UTC().Format("20060102")
		if format == "csv" {
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			w.Header().Set("Content-Disposition", `attachment; filename="`+safeFilename(name)+`.csv"`)
			_ = audit.WriteCSV(w, entries)
			return
		}
		w.Header().Set("Content-Disposition", `attachment; filename="`+safeFilename(name)+`.json"`)
		v1OK(w, http.StatusOK, map[string]any{"items": entries, "total": len(entries)})
	})
}

package server

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/quarrydev/quarry/internal/source"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// v1Schedule is a cron schedule as answered (E30, E31).
type v1Schedule struct {
	ID             string  `json:"id"`
	ConnectorID    string  `json:"connector_id"`
	Name           string  `json:"name"`
	CronExpression string  `json:"cron_expression,omitempty"`
	Interval       string  `json:"interval,omitempty"`
	PrefixFilter   string  `json:"prefix_filter"`
	IsActive       bool    `json:"is_active"`
	Enabled        bool    `json:"enabled"`
	LastRunAt      *string `json:"last_run_at"`
	NextRunAt      string  `json:"next_run_at"`
	CreatedAt      string  `json:"created_at"`
}

// v1IntervalSchedule is the interval form's answer (E29).
type v1IntervalSchedule struct {
	ID          string  `json:"id"`
	ConnectorID string  `json:"connector_id"`
	Interval    string  `json:"interval"`
	Prefix      string  `json:"prefix"`
	Enabled     bool    `json:"enabled"`
	LastRunAt   *string `json:"last_run_at"`
	NextRunAt   string  `json:"next_run_at"`
	CreatedAt   string  `json:"created_at"`
}

// v1SyncLog is one sync run (E33, E34).
type v1SyncLog struct {
	ID           string  `json:"id"`
	ScheduleID   string  `json:"schedule_id"`
	ConnectorID  string  `json:"connector_id"`
	Status       string  `json:"status"`
	StartedAt    string  `json:"started_at"`
	CompletedAt  *string `json:"completed_at"`
	FilesFound   int     `json:"files_found"`
	FilesNew     int     `json:"files_new"`
	FilesSkipped int     `json:"files_skipped"`
	FilesFailed  int     `json:"files_failed"`
	ErrorMessage *string `json:"error_message"`
}

func stampPtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	v := stampUTC(*t)
	return &v
}

func intervalName(d time.Duration) string {
	for name, v := range source.Intervals {
		if v == d {
			return name
		}
	}
	return d.String()
}

func toV1Schedule(x *store.Schedule) v1Schedule {
	out := v1Schedule{ID: x.ID, ConnectorID: x.ConnectorID, Name: x.Name, CronExpression: x.Cron, PrefixFilter: x.Prefix,
		IsActive: x.Active, Enabled: x.Enabled, LastRunAt: stampPtr(x.LastRunAt), NextRunAt: stampUTC(x.NextRunAt), CreatedAt: stampUTC(x.CreatedAt)}
	if x.Interval > 0 {
		out.Interval = intervalName(x.Interval)
	}
	return out
}

func toV1IntervalSchedule(x *store.Schedule) v1IntervalSchedule {
	return v1IntervalSchedule{ID: x.ID, ConnectorID: x.ConnectorID, Interval: intervalName(x.Interval), Prefix: x.Prefix, Enabled: x.Enabled,
		LastRunAt: stampPtr(x.LastRunAt), NextRunAt: stampUTC(x.NextRunAt), CreatedAt: stampUTC(x.CreatedAt)}
}

func toV1SyncLog(l *store.SyncLog) v1SyncLog {
	out := v1SyncLog{ID: l.ID, ScheduleID: l.ScheduleID, ConnectorID: l.ConnectorID, Status: l.Status, StartedAt: stampUTC(l.StartedAt),
		CompletedAt: stampPtr(l.CompletedAt), FilesFound: l.FilesFound, FilesNew: l.FilesNew, FilesSkipped: l.FilesSkipped, FilesFailed: l.FilesFailed}
	if l.ErrorMessage != "" {
		out.ErrorMessage = &l.ErrorMessage
	}
	return out
}

func (s *Server) routeV1Schedules() {
	s.mux.HandleFunc("POST /v1/connectors/{id}/schedules", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleAdmin) {
			return
		}
		// Both published body spellings (DOCSRC and SDK-JS).
		var in struct {
			Cron           string `json:"cron"`
			CronExpression string `json:"cron_expression"`
			Prefix         string `json:"prefix"`
			PrefixFilter   string `json:"prefix_filter"`
			Name           string `json:"name"`
		}
		// The connector first: another workspace's id is a 404 whatever the body.
		if _, err := s.sources.Get(r.Context(), s.workspace(r.Context()), r.PathValue("id")); s.v1SourceErr(w, r, err) {
			return
		}
		if !decodeV1(w, r, &in) {
			return
		}
		expr, prefix := in.CronExpression, in.PrefixFilter
		if expr == "" {
			expr = in.Cron
		}
		if prefix == "" {
			prefix = in.Prefix
		}
		if expr == "" {
			v1Fail(w, r, v1Validation, "cron_expression (or cron) is required: 5 fields in UTC, e.g. \"0 6 * * *\".")
			return
		}
		x, err := s.sources.CreateSchedule(r.Context(), s.workspace(r.Context()),
			source.ScheduleInput{ConnectorID: r.PathValue("id"), Name: in.Name, Cron: expr, Prefix: prefix})
		if s.v1SourceErr(w, r, err) {
			return
		}
		v1OK(w, http.StatusCreated, toV1Schedule(x))
	})
	s.mux.HandleFunc("GET /v1/connectors/{id}/schedules", func(w http.ResponseWriter, r *http.Request) {
		list, err := s.sources.Schedules(r.Context(), s.workspace(r.Context()), r.PathValue("id"))
		if s.v1SourceErr(w, r, err) {
			return
		}
		out := make([]v1Schedule, 0, len(list))
		for _, x := range list {
			out = append(out, toV1Schedule(x))
		}
		v1OK(w, http.StatusOK, out) // a bare array (section 1.5)
	})
	s.mux.HandleFunc("DELETE /v1/connectors/{id}/schedules/{sid}", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleAdmin) {
			return
		}
		if s.v1SourceErr(w, r, s.sources.DeleteSchedule(r.Context(), s.workspace(r.Context()), r.PathValue("id"), r.PathValue("sid"))) {
			return
		}
		v1OK(w, http.StatusOK, map[string]bool{"deleted": true})
	})
	s.mux.HandleFunc("POST /v1/connectors/{id}/schedules/{sid}/trigger", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleMember) {
			return
		}
		l, err := s.sources.Trigger(r.Context(), s.workspace(r.Context()), r.PathValue("id"), r.PathValue("sid"))
		if s.v1SourceErr(w, r, err) {
			return
		}
		// Accepted work, as every 202 on /v1: the log is polled for the end.
		writeJSON(w, http.StatusAccepted, map[string]any{"status": "accepted", "error": nil, "data": toV1SyncLog(l),
			"meta": map[string]string{"poll": "/v1/connectors/" + r.PathValue("id") + "/schedules/" + r.PathValue("sid") + "/logs"}})
	})
	s.mux.HandleFunc("GET /v1/connectors/{id}/schedules/{sid}/logs", func(w http.ResponseWriter, r *http.Request) {
		list, err := s.sources.Logs(r.Context(), s.workspace(r.Context()), r.PathValue("id"), r.PathValue("sid"))
		if s.v1SourceErr(w, r, err) {
			return
		}
		out := make([]v1SyncLog, 0, len(list))
		for _, l := range list {
			out = append(out, toV1SyncLog(l))
		}
		v1OK(w, http.StatusOK, out)
	})

	// The interval form (E29).
	s.mux.HandleFunc("POST /v1/scheduler/schedules", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleAdmin) {
			return
		}
		var in struct {
			ConnectorID json.RawMessage `json:"connector_id"`
			Interval    string          `json:"interval"`
			Prefix      string          `json:"prefix"`
			Enabled     *bool           `json:"enabled"`
			Name        string          `json:"name"`
		}
		if !decodeV1(w, r, &in) {
			return
		}
		id := idOf(in.ConnectorID)
		if id == "" {
			v1Fail(w, r, v1Validation, "connector_id is required.")
			return
		}
		if in.Interval == "" {
			v1Fail(w, r, v1Validation, "interval is required: one of 1h, 6h, 12h, 24h.")
			return
		}
		x, err := s.sources.CreateSchedule(r.Context(), s.workspace(r.Context()),
			source.ScheduleInput{ConnectorID: id, Name: in.Name, Interval: in.Interval, Prefix: in.Prefix, Enabled: in.Enabled})
		if s.v1SourceErr(w, r, err) {
			return
		}
		v1OK(w, http.StatusCreated, toV1IntervalSchedule(x))
	})
	s.mux.HandleFunc("GET /v1/scheduler/schedules", func(w http.ResponseWriter, r *http.Request) {
		ctx, ws := r.Context(), s.workspace(r.Context())
		conns, err := s.sources.List(ctx, ws)
		if s.v1SourceErr(w, r, err) {
			return
		}
		items := []v1IntervalSchedule{}
		for _, c := range conns {
			list, err := s.sources.Schedules(ctx, ws, c.ID)
			if s.v1SourceErr(w, r, err) {
				return
			}
			for _, x := range list {
				if x.Interval > 0 {
					items = append(items, toV1IntervalSchedule(x))
				}
			}
		}
		v1OK(w, http.StatusOK, map[string]any{"items": items, "total": len(items)})
	})
	s.mux.HandleFunc("DELETE /v1/scheduler/schedules/{sid}", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleAdmin) {
			return
		}
		ctx, ws := r.Context(), s.workspace(r.Context())
		x, err := s.sources.FindSchedule(ctx, ws, r.PathValue("sid"))
		if s.v1SourceErr(w, r, err) {
			return
		}
		if s.v1SourceErr(w, r, s.sources.DeleteSchedule(ctx, ws, x.ConnectorID, x.ID)) {
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

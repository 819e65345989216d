package server

import (
	"math"
	"net/http"
	"time"

	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/billing"
)

// v1 usage answers. Limits the plan does not have are null.
type v1Credits struct {
	Used      int64  `json:"used"`
	Limit     *int64 `json:"limit" nullable:"true"`
	Remaining *int64 `json:"remaining" nullable:"true"`
}

type v1Trial struct {
	IsTrial            bool   `json:"is_trial"`
	TrialEndsAt        string `json:"trial_ends_at"`
	TrialDaysRemaining int    `json:"trial_days_remaining"`
}

type v1Usage struct {
	Plan  string   `json:"plan"`
	Trial *v1Trial `json:"trial"`
	Usage struct {
		Credits v1Credits `json:"credits"`
	} `json:"usage"`
}

type v1UsageCurrent struct {
	Plan             string `json:"plan"`
	CreditsUsed      int64  `json:"credits_used"`
	CreditsLimit     *int64 `json:"credits_limit" nullable:"true"`
	CreditsRemaining *int64 `json:"credits_remaining" nullable:"true"`
	ResetAt          string `json:"reset_at"`
	PeriodStart      string `json:"period_start"`
	PeriodEnd        string `json:"period_end"`
}

// v1RateLimits carries both published shapes: the flat one of the
// clients fixed against the service, and the nested rate_limit of the
// docs.
type v1RateLimits struct {
	Plan           string `json:"plan"`
	Unlimited      bool   `json:"unlimited"`
	Limit          *int   `json:"limit" nullable:"true"`
	Used           int    `json:"used"`
	Remaining      *int   `json:"remaining" nullable:"true"`
	WindowSeconds  int    `json:"window_seconds"`
	ResetInSeconds int    `json:"reset_in_seconds"`
	RateLimit      struct {
		RPM            *int `json:"rpm"`
		Used           int  `json:"used"`
		Remaining      *int `json:"remaining"`
		ResetInSeconds int  `json:"reset_in_seconds"`
	} `json:"rate_limit"`
}

func (s *Server) routeV1Usage() {
	s.mux.HandleFunc("GET /v1/usage", func(w http.ResponseWriter, r *http.Request) {
		u, ok := s.v1UsageOf(w, r)
		if !ok {
			return
		}
		var out v1Usage
		out.Plan = u.Plan.ID
		out.Usage.Credits = v1Credits{Used: u.Used, Limit: limit64(u.Limit), Remaining: limit64(u.Remaining)}
		if !u.TrialEndsAt.IsZero() {
			left := int(math.Ceil(time.Until(u.TrialEndsAt).Hours() / 24))
			out.Trial = &v1Trial{IsTrial: true, TrialEndsAt: u.TrialEndsAt.Format("2006-01-02"), TrialDaysRemaining: max(left, 0)}
		}
		v1OK(w, http.StatusOK, out)
	})
	s.mux.HandleFunc("GET /v1/usage/current", func(w http.ResponseWriter, r *http.Request) {
		u, ok := s.v1UsageOf(w, r)
		if !ok {
			return
		}
		v1OK(w, http.StatusOK, v1UsageCurrent{Plan: u.Plan.ID, CreditsUsed: u.Used, CreditsLimit: limit64(u.Limit),
			CreditsRemaining: limit64(u.Remaining), ResetAt: stampUTC(u.PeriodEnd),
			PeriodStart: stampUTC(u.PeriodStart), PeriodEnd: stampUTC(u.PeriodEnd)})
	})
	// Reading the rate window does not spend a request of it (the
	// contract says so; withRateLimit leaves this path out).
	s.mux.HandleFunc("GET /v1/usage/rate-limits", func(w http.ResponseWriter, r *http.Request) {
		ws := s.workspace(r.Context())
		plan, ok := s.v1Plan(w, r, ws)
		if !ok {
			return
		}
		st := s.rate.Status(ws, plan.RPM)
		out := v1RateLimits{Plan: plan.ID, Unlimited: plan.RPM == billing.Unlimited, Limit: limitInt(st.Limit),
			Used: st.Used, Remaining: limitInt(st.Remaining), WindowSeconds: int(billing.RateWindow / time.Second),
			ResetInSeconds: int(math.Ceil(st.ResetIn.Seconds()))}
		out.RateLimit.RPM, out.RateLimit.Used, out.RateLimit.Remaining, out.RateLimit.ResetInSeconds =
			out.Limit, out.Used, out.Remaining, out.ResetInSeconds
		v1OK(w, http.StatusOK, out)
	})
}

// v1Period reads ?period=7d|30d|90d (default 30d) as a start time.
func v1Period(w http.ResponseWriter, r *http.Request) (time.Time, bool) {
	days := map[string]int{"": 30, "7d": 7, "30d": 30, "90d": 90}[r.URL.Query().Get("period")]
	if days == 0 {
		v1Fail(w, r, v1Validation, "period must be 7d, 30d or 90d.")
		return time.Time{}, false
	}
	now := time.Now().UTC()
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1-days), true
}

// routeV1UsageTrends: per-day history and quality, bare arrays in data
// as the contract's clients read them.
func (s *Server) routeV1UsageTrends() {
	s.mux.HandleFunc("GET /v1/usage/history", func(w http.ResponseWriter, r *http.Request) {
		since, ok := v1Period(w, r)
		if !ok {
			return
		}
		ws := s.workspace(r.Context())
		events, err := s.store.AuditList(r.Context(), ws, since, auditExportMax)
		var credits map[time.Time]int64
		if err == nil {
			credits, err = s.store.CreditDaily(r.Context(), ws, since)
		}
		if err != nil {
			v1Fail(w, r, v1Internal, "Reading the usage history failed.")
			return
		}
		v1OK(w, http.StatusOK, audit.History(events, credits))
	})
	s.mux.HandleFunc("GET /v1/usage/quality-trend", func(w http.ResponseWriter, r *http.Request) {
		since, ok := v1Period(w, r)
		if !ok {
			return
		}
		events, err := s.store.AuditList(r.Context(), s.workspace(r.Context()), since, auditExportMax)
		if err != nil {
			v1Fail(w, r, v1Internal, "Reading the quality trend failed.")
			return
		}
		v1OK(w, http.StatusOK, audit.Trend(events))
	})
}

func (s *Server) v1UsageOf(w http.ResponseWriter, r *http.Request) (billing.Usage, bool) {
	u, err := s.ledger.Usage(r.Context(), s.store, s.workspace(r.Context()))
	if err != nil {
		v1Fail(w, r, v1Internal, "Reading the workspace's usage failed.")
		return u, false
	}
	return u, true
}

// v1Plan is the plan of the workspace.
func (s *Server) v1Plan(w http.ResponseWriter, r *http.Request, ws string) (billing.Plan, bool) {
	row, err := s.store.WorkspaceGet(r.Context(), ws)
	if err == nil {
		if p, ok := billing.Lookup(row.Plan); ok {
			return p, true
		}
	}
	v1Fail(w, r, v1Internal, "Reading the workspace's plan failed.")
	return billing.Plan{}, false
}

func limit64(v int64) *int64 {
	if v == billing.Unlimited {
		return nil
	}
	return &v
}

func limitInt(v int) *int {
	if v == billing.Unlimited {
		return nil
	}
	return &v
}

func stampUTC(t time.Time) string { return t.UTC().Format(time.RFC3339) }

package server

import (
	"math"
	"net/http"
	"strings"

	"github.com/quarrydev/quarry/internal/billing"
)

// routeV1 registers the /v1 platform surface.
func (s *Server) routeV1() {
	s.routeV1Usage()
	s.routeV1UsageTrends()
	s.routeV1Keys()
	s.routeV1Upload()
	s.routeV1Jobs()
	s.routeV1Webhooks()
	s.routeV1Documents()
	s.routeV1Executions()
	s.routeV1Audit()
	s.routeV1Auth()
	s.routeV1Team()
	s.routeV1Datasets()
	s.routeV1Settings()
	s.routeV1FineTune()
	s.routeV1Search()
	s.routeV1Connectors()
	s.documentV1()
	s.mux.HandleFunc("/v1/", func(w http.ResponseWriter, r *http.Request) {
		v1Fail(w, r, v1NotFound, "No route "+r.Method+" "+r.URL.Path+".")
	})
}

// withRateLimit holds each workspace to its plan's requests per minute
// on /v1 (RATE_LIMIT_EXCEEDED with Retry-After). Reading the rate window
// itself is free, as the contract promises.
func (s *Server) withRateLimit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/v1/") || r.URL.Path == "/v1/usage/rate-limits" {
			next.ServeHTTP(w, r)
			return
		}
		ws := s.workspace(r.Context())
		plan, ok := s.v1Plan(w, r, ws)
		if !ok {
			return
		}
		if plan.RPM == billing.Unlimited {
			next.ServeHTTP(w, r)
			return
		}
		if allowed, st := s.rate.Allow(ws, plan.RPM); !allowed {
			v1RetryAfter(w, int(math.Ceil(st.ResetIn.Seconds())))
			v1Fail(w, r, v1RateLimited, "The plan allows this many requests a minute; wait for the window to reset.")
			return
		}
		next.ServeHTTP(w, r)
	})
}

package server

import (
	"context"
	"net/http"
	"runtime"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quarrydev/quarry/internal/api"
)

type versionOutput struct {
	Body api.VersionInfo
}

// Health is the body of the actuator health endpoints.
type Health struct {
	Status     string                     `json:"status" enum:"UP,DOWN"`
	Components map[string]HealthComponent `json:"components,omitempty"`
}

// HealthComponent is one indicator.
type HealthComponent struct {
	Status  string `json:"status" enum:"UP,DOWN"`
	Details string `json:"details,omitempty"`
}

type healthOutput struct {
	Status int
	Body   Health
}

func (s *Server) routeOps() {
	huma.Register(s.api, huma.Operation{
		OperationID: "version", Method: http.MethodGet, Path: "/api/v1/version",
		Summary: "Build, model and engine information", Tags: []string{"Operations"},
	}, func(ctx context.Context, _ *struct{}) (*versionOutput, error) {
		caps := s.engine.Capabilities()
		return &versionOutput{Body: api.VersionInfo{
			Service: "quarry", Version: Version, Model: caps.LLM, FallbackModel: "",
			EDAAdapter: "database", Engines: caps.Tools.Map(), GoVersion: runtime.Version(),
		}}, nil
	})
	huma.Register(s.api, huma.Operation{
		OperationID: "health", Method: http.MethodGet, Path: "/actuator/health",
		Summary: "Composite health", Tags: []string{"Operations"},
	}, func(ctx context.Context, _ *struct{}) (*healthOutput, error) {
		return s.health(ctx), nil
	})
	huma.Register(s.api, huma.Operation{
		OperationID: "liveness", Method: http.MethodGet, Path: "/actuator/health/liveness",
		Summary: "Liveness probe: answers while the process runs", Tags: []string{"Operations"},
	}, func(ctx context.Context, _ *struct{}) (*healthOutput, error) {
		return &healthOutput{Status: http.StatusOK, Body: Health{Status: "UP"}}, nil
	})
	huma.Register(s.api, huma.Operation{
		OperationID: "readiness", Method: http.MethodGet, Path: "/actuator/health/readiness",
		Summary: "Readiness probe: 503 when the database is unreachable", Tags: []string{"Operations"},
	}, func(ctx context.Context, _ *struct{}) (*healthOutput, error) {
		return s.health(ctx), nil
	})
	// Short aliases for orchestrators configured with bare paths.
	s.mux.Handle("GET /liveness", http.RedirectHandler("/actuator/health/liveness", http.StatusTemporaryRedirect))
	s.mux.Handle("GET /readiness", http.RedirectHandler("/actuator/health/readiness", http.StatusTemporaryRedirect))
}

func (s *Server) health(ctx context.Context) *healthOutput {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	db := HealthComponent{Status: "UP"}
	if err := s.store.Ping(ctx); err != nil {
		db = HealthComponent{Status: "DOWN", Details: err.Error()}
	}
	out := &healthOutput{Status: http.StatusOK, Body: Health{Status: db.Status, Components: map[string]HealthComponent{
		"database_health": db,
		"eda_health":      {Status: "UP", Details: "events are stored in the database"},
	}}}
	if db.Status != "UP" {
		out.Status = http.StatusServiceUnavailable
	}
	return out
}

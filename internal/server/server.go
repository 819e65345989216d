// Package server is Quarry's HTTP surface: the /api/v1 extraction API,
// operations endpoints (health, metrics, version), the OpenAPI document
// and the embedded Swagger UI.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"reflect"
	"sync/atomic"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
	"github.com/swaggest/swgui/v5emb"

	"github.com/quarrydev/quarry/internal/account"
	"github.com/quarrydev/quarry/internal/apikey"
	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/blob"
	"github.com/quarrydev/quarry/internal/config"
	"github.com/quarrydev/quarry/internal/dataset"
	"github.com/quarrydev/quarry/internal/execution"
	"github.com/quarrydev/quarry/internal/llmsettings"
	"github.com/quarrydev/quarry/internal/pipeline"
	"github.com/quarrydev/quarry/internal/problem"
	"github.com/quarrydev/quarry/internal/searchindex"
	"github.com/quarrydev/quarry/internal/source"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
	"github.com/quarrydev/quarry/internal/webhook"
)

// Version is set at build time (-ldflags "-X .../server.Version=...").
var Version = "0.1.0-dev"

// Server holds the HTTP handlers and what they need.
type Server struct {
	cfg     config.Config
	store   store.Store
	blobs   blob.Store
	engine  *pipeline.Engine
	exec    *execution.Service
	metrics *metrics
	mux     *http.ServeMux
	api     huma.API
	handler http.Handler
	budget  *budget

	// The platform's tenancy: keys, credits and rates.
	keys             apikey.Service
	ledger           billing.Ledger
	rate             *billing.RateLimiter
	authOn           atomic.Bool  // some stored key exists (cached)
	authCheckedUntil atomic.Int64 // unix nanoseconds until which authOn holds
	resolver         webhook.Resolver
	accounts         *account.Service     // people: sign-up, login, team
	datasets         *dataset.Service     // dataset builds, rows, exports
	llmSettings      *llmsettings.Service // a workspace's own model (routes_v1_settings.go)
	search           *searchindex.Service // indexing and search (routes_v1_search.go)
	sources          *source.Service      // connectors, schedules, syncs (routes_v1_connectors.go)
	platform         *platformCollector

	// The dashboard's glue (routes_dashboard.go, routes_pages.go,
	// routes_v1_events.go).
	csrf         csrfKeys
	pages        pageCache
	eventStreams eventStreamsCounter
}

// Deps are the server's collaborators.
type Deps struct {
	Config config.Config
	Store  store.Store
	Blobs  blob.Store
	Engine *pipeline.Engine
	// Exec is the extraction lifecycle (nil: one over Store, Blobs and
	// Engine with the config's limits).
	Exec *execution.Service
	// Resolver resolves callback hosts for the SSRF guard of the default
	// Exec (nil: DNS).
	Resolver webhook.Resolver
	// Accounts is the people service (nil: one over Store with the
	// config's signing key, SMTP settings and public URL).
	Accounts *account.Service
	// LLMSettings is the workspaces' own model settings (nil: one over
	// Store with the config's secret key and SSRF guard).
	LLMSettings *llmsettings.Service
	// Search is the search service (nil: one over Store that embeds with
	// the engine's client).
	Search *searchindex.Service
	// Sources are the options of the connectors service; the server
	// fills in Admit (its upload admission) and, when unset, the secret
	// key and SSRF guard from the config.
	Sources *source.Options
}

// New builds the server and its routes.
func New(d Deps) *Server {
	s := &Server{
		cfg: d.Config, store: d.Store, blobs: d.Blobs, engine: d.Engine,
		metrics: newMetrics(), mux: http.NewServeMux(),
		budget: newBudget(d.Config.Edge.MemoryBudget, d.Config.Edge.MaxPipelines, d.Config.Edge.BudgetWait),
		keys:   apikey.Service{Store: d.Store}, rate: &billing.RateLimiter{}, resolver: d.Resolver,
	}
	d.Engine.Observer = s.metrics
	var configured []string
	if d.Engine.LLM != nil {
		configured = []string{d.Engine.LLM.Model(), d.Config.LLM.FallbackModel}
	}
	lm := newLLMMetrics(s.metrics.reg, configured...)
	if d.Engine.LLM != nil {
		d.Engine.LLM.SetObserver(lm.observe)
	}
	s.platform = newPlatformCollector(d.Store)
	s.metrics.reg.MustRegister(s.platform)
	s.accounts = d.Accounts
	if s.accounts == nil {
		s.accounts = account.New(d.Store, account.Options{Secret: d.Config.AuthSecret, Mailer: mailerFrom(d.Config), PublicURL: d.Config.PublicURL})
	}
	s.datasets = dataset.New(d.Store, dataset.Options{})
	s.search = d.Search
	if s.search == nil {
		s.search = searchindex.New(d.Store, searchindex.Options{Embedder: searchindex.EmbedderOf(d.Engine.LLM, d.Engine.ClientFor)})
	}
	s.llmSettings = d.LLMSettings
	if s.llmSettings == nil {
		s.llmSettings = NewLLMSettings(d.Config, d.Store, d.Resolver)
	}
	// Workspaces' own models are counted as other:other, so tenants
	// cannot grow the series.
	s.llmSettings.SetObserver(lm.observe)
	s.sources = newSources(s, d)
	s.exec = d.Exec
	if s.exec == nil {
		s.exec = execution.New(d.Store, d.Blobs, d.Engine, execution.Options{JobMaxAttempts: d.Config.JobMaxAttempts,
			SyncTimeout: d.Config.SyncTimeout, CallbackGuard: webhook.Guard{AllowPrivate: d.Config.WebhookAllowPrivate, Resolver: d.Resolver}})
	}

	hc := huma.DefaultConfig("Quarry API", Version)
	hc.Info.Description = "Quarry turns business documents into verified, structured data."
	hc.OpenAPIPath = "/openapi"
	hc.DocsPath = ""    // Swagger UI is served from embedded assets below.
	hc.SchemasPath = "" // no $schema links: the wire format is exact.
	hc.CreateHooks = nil
	s.api = humago.New(s.mux, hc)

	s.routeExtract()
	s.routeExtractions()
	s.routeAsync()
	s.routeOps()
	s.routeCatalogues()
	s.routeV1()
	s.routeRedact()
	s.routePages()
	s.routeV1Events()
	s.routeV1Revisions()

	s.mux.Handle("GET /docs/", v5emb.New("Quarry API", "/openapi.json", "/docs/"))
	s.mux.Handle("GET /docs", http.RedirectHandler("/docs/", http.StatusMovedPermanently))
	s.mux.Handle("GET /actuator/metrics", s.metrics.handler())
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, problem.New(problem.NotFound, "No route %s %s.", r.Method, r.URL.Path))
	})
	s.routeDashboard() // GET / and the dashboard's session

	s.handler = s.withObservability(s.withDeadlines(s.withSession(s.withAuth(s.withRateLimit(s.withBudget(withPattern(s.mux)))))))
	return s
}

// mailerFrom is the configured SMTP mailer, or nil (no mail is sent). A
// malformed URL is logged and leaves mail off rather than failing start.
func mailerFrom(cfg config.Config) account.Mailer {
	if cfg.SMTPURL == "" {
		return nil
	}
	m, err := account.NewSMTP(cfg.SMTPURL, cfg.SMTPFrom)
	if err != nil {
		slog.Error("mail is off", "err", err)
		return nil
	}
	return m
}

// Handler returns the root handler.
func (s *Server) Handler() http.Handler { return s.handler }

// OpenAPI returns the generated OpenAPI document.
func (s *Server) OpenAPI() *huma.OpenAPI { return s.api.OpenAPI() }

// schemaRef registers t's schema and returns a $ref to it.
func (s *Server) schemaRef(v any, hint string) *huma.Schema {
	return s.api.OpenAPI().Components.Schemas.Schema(reflect.TypeOf(v), true, hint)
}

// workspace returns the workspace of the request: the one withAuth put in
// the context, or tenant.Default while authentication is off.
func (s *Server) workspace(ctx context.Context) string { return tenant.WorkspaceID(ctx) }

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(homePage))
}

const homePage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Quarry</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem}code{background:#f3f3f3;padding:0 .3em}</style>
</head><body><h1>Quarry</h1><p>Document processing: load, read, classify, extract, validate, protect and grade.</p>
<ul><li><a href="/docs/">API documentation (Swagger UI)</a></li><li><a href="/openapi.json">OpenAPI 3.1 document</a></li>
<li><a href="/api/v1/version">Version and engines</a></li><li><a href="/actuator/health">Health</a></li></ul>
<p>Try: <code>curl -s -F request='{}' -F files=@invoice.pdf localhost:8080/api/v1/extract</code></p></body></html>`

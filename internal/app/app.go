// Package app wires Quarry's parts together from a config: store, blob
// store, pipeline engine, the extraction service, its queue workers and
// the HTTP server. cmd/quarry and the end-to-end
// tests both build the service through it, so they test the same thing.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"golang.org/x/net/netutil"

	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/blob"
	"github.com/quarrydev/quarry/internal/config"
	_ "github.com/quarrydev/quarry/internal/connector/drivers" // registers s3, gcs and azure_blob
	"github.com/quarrydev/quarry/internal/execution"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/linerec"
	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/llm/providers"
	"github.com/quarrydev/quarry/internal/mcp"
	"github.com/quarrydev/quarry/internal/ocr"
	"github.com/quarrydev/quarry/internal/pipeline"
	"github.com/quarrydev/quarry/internal/searchindex"
	"github.com/quarrydev/quarry/internal/server"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/store/postgres"
	"github.com/quarrydev/quarry/internal/store/sqlite"
	"github.com/quarrydev/quarry/internal/tenant"
	"github.com/quarrydev/quarry/internal/webhook"
)

// App is a running Quarry service.
type App struct {
	Config config.Config
	Store  store.Store
	Blobs  blob.Store
	Engine *pipeline.Engine
	Exec   *execution.Service
	Search *searchindex.Service // indexing and search (issue 17)
	Server *server.Server
	// MCP serves the Model Context Protocol at /mcp (docs/mcp.md).
	MCP *mcp.Server

	http     *http.Server
	listener net.Listener
	workers  workers
}

// NewEngine builds the pipeline engine (also used by `quarry extract`,
// which needs no store).
func NewEngine(cfg config.Config, caps pipeline.Capabilities, piiKey []byte) (*pipeline.Engine, error) {
	client, err := NewLLM(cfg)
	if err != nil {
		return nil, err
	}
	if client != nil {
		caps.LLM = client.Model()
	}
	e := pipeline.New(cfg.Limits, caps)
	e.PIIKey = piiKey
	e.RedactDPI = cfg.RedactDPI
	e.LLM = client
	e.Vision.Extract = cfg.LLM.Vision
	return e, nil
}

// NewLLM builds the model client QUARRY_MODEL asks for; nil when none is
// set. A model naming an unknown provider, or an unreadable providers or
// pricing file, stops start-up rather than silently skipping stages.
func NewLLM(cfg config.Config) (*llm.Client, error) {
	if cfg.LLM.Model == "" && cfg.LLM.EmbeddingModel == "" {
		return nil, nil
	}
	return providers.New(providers.Settings{
		Model: cfg.LLM.Model, FallbackModel: cfg.LLM.FallbackModel, EmbeddingModel: cfg.LLM.EmbeddingModel,
		ProvidersFile: cfg.LLM.ProvidersFile, PricingFile: cfg.LLM.PricingFile,
		MaxConcurrent: cfg.LLM.MaxConcurrent, Getenv: cfg.LLM.Env,
	})
}

// FindCapabilities looks once at what this machine can do: the external
// programs on PATH and Tesseract's language packs. The model, if any, is
// added by NewEngine from the settings.
func FindCapabilities(ctx context.Context) pipeline.Capabilities {
	caps := pipeline.Capabilities{Tools: ingest.FindEngines()}
	if caps.Tools.Tesseract != "" {
		langs, err := ocr.Languages(ctx, caps.Tools.Tesseract, ingest.RunTool)
		if err != nil {
			slog.Warn("tesseract did not list its languages", "err", err)
		}
		caps.OCRLanguages = langs
		if linerec.Shared() == nil {
			// Not an error: receipts are then voted on Tesseract's readings alone.
			slog.Info("the second line recogniser is not installed (node and tools/linerec, scripts/deps.sh): till rolls get four readings, not seven")
		}
	}
	return caps
}

// EnsureDefaultWorkspace creates the row of tenant.Default, which owns
// everything while authentication is off and which the configured API
// keys map to. It is bootstrap, so it lives with the wiring, not in the
// HTTP layer.
func EnsureDefaultWorkspace(ctx context.Context, st store.Store) error {
	return st.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: tenant.Default, Name: "Default workspace", Plan: "enterprise"})
}

// OpenStore opens the store named by the database URL (on PostgreSQL
// with pgvector allowed).
func OpenStore(ctx context.Context, url string) (store.Store, error) {
	return openStore(ctx, url, "auto")
}

// openStore opens the store, on PostgreSQL logging which vector backend
// search uses and why (QUARRY_PGVECTOR is pgvector: auto|off).
func openStore(ctx context.Context, url, pgvector string) (store.Store, error) {
	switch {
	case strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://"):
		db, err := postgres.OpenWith(ctx, url, postgres.Options{PGVector: pgvector != "off"})
		if err != nil {
			return nil, err
		}
		backend, why := db.VectorBackend()
		slog.Info("search vectors", "backend", backend, "why", why)
		return db, nil
	default:
		return sqlite.Open(ctx, url)
	}
}

// OpenBlobs opens the blob store named by the blob URL.
func OpenBlobs(url string) (blob.Store, error) {
	if strings.HasPrefix(url, "s3://") {
		return blob.OpenS3(context.Background(), url, S3OptionsFromEnv(os.LookupEnv))
	}
	return blob.NewDir(strings.TrimPrefix(url, "file://"))
}

// Open builds the service (it does not listen yet).
func Open(ctx context.Context, cfg config.Config) (*App, error) {
	for _, p := range cfg.Plans {
		if err := billing.Define(p); err != nil {
			return nil, fmt.Errorf("QUARRY_PLANS: %w", err)
		}
	}
	st, err := openStore(ctx, cfg.DatabaseURL, cfg.PGVector)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	if err := EnsureDefaultWorkspace(ctx, st); err != nil {
		st.Close()
		return nil, fmt.Errorf("store: %w", err)
	}
	blobs, err := OpenBlobs(cfg.BlobURL)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("blobs: %w", err)
	}
	key, err := PIIKey(cfg, true)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("pii key: %w", err)
	}
	engine, err := NewEngine(cfg, FindCapabilities(ctx), key)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("llm: %w", err)
	}
	a := &App{Config: cfg, Store: st, Blobs: blobs, Engine: engine}
	a.Exec = execution.New(st, blobs, a.Engine, execution.Options{JobMaxAttempts: cfg.JobMaxAttempts, SyncTimeout: cfg.SyncTimeout,
		CallbackGuard: webhook.Guard{AllowPrivate: cfg.WebhookAllowPrivate}})
	// A workspace with its own model settings runs on its own client.
	settings := server.NewLLMSettings(cfg, st, nil)
	a.Engine.ClientFor = settings.ClientFor
	a.Search = searchindex.New(st, searchindex.Options{Embedder: searchindex.EmbedderOf(a.Engine.LLM, a.Engine.ClientFor)})
	a.Server = server.New(server.Deps{Config: cfg, Store: st, Blobs: blobs, Engine: a.Engine, Exec: a.Exec, LLMSettings: settings,
		Search: a.Search})
	a.MCP = mcp.New(mcp.Options{Handler: a.Server.Handler(), Fetch: MCPFetcher(cfg), Version: server.Version, AuthOn: a.AuthOn})
	return a, nil
}

// MCPFetcher is the client MCP tools download documents named by URL
// with: the webhook SSRF guard, and a time limit on the whole download.
func MCPFetcher(cfg config.Config) *http.Client {
	c := *webhook.NewClient("", webhook.Guard{AllowPrivate: cfg.WebhookAllowPrivate}, 30*time.Second).HTTP
	c.Timeout = 2 * time.Minute
	return &c
}

// Handler is the root handler: the MCP endpoint at /mcp (it checks keys
// itself and streams, so it sits outside the REST middleware) and the
// REST API, dashboard and docs everywhere else.
func (a *App) Handler() http.Handler {
	root := http.NewServeMux()
	root.Handle("/mcp", a.MCP.HTTPHandler())
	root.Handle("/", a.Server.Handler())
	return root
}

// Listen binds the configured address (":0" picks a free port).
func (a *App) Listen() error {
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return err
	}
	if n := a.Config.Edge.MaxConns; n > 0 {
		// Past the cap, new connections wait in the kernel's backlog
		// instead of each costing a goroutine and buffers here.
		ln = netutil.LimitListener(ln, n)
	}
	a.listener = ln
	a.http = HTTPServer(a.Config, a.Handler())
	return nil
}

// HTTPServer returns the http.Server settings for cfg. Body and write
// deadlines are per request (server.withDeadlines), sized by the body's
// progress, so ReadTimeout and WriteTimeout stay off here: a fixed one
// would cut off a large upload on a slow link.
func HTTPServer(cfg config.Config, h http.Handler) *http.Server {
	e := cfg.Edge
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: e.ReadHeaderTimeout,
		IdleTimeout:       e.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
	}
}

// URL returns the base URL the app listens on.
func (a *App) URL() string {
	addr := a.listener.Addr().(*net.TCPAddr)
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return fmt.Sprintf("http://%s", net.JoinHostPort(host, fmt.Sprint(addr.Port)))
}

// Serve serves until the server is shut down.
func (a *App) Serve() error {
	caps := a.Engine.Capabilities()
	slog.Info("quarry listening", "addr", a.listener.Addr().String(), "engines", caps.Tools.Map(),
		"ocr_languages", caps.OCRLanguages, "llm", caps.LLM)
	err := a.http.Serve(a.listener)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Close stops the server gracefully and closes the store.
func (a *App) Close(ctx context.Context) error {
	var errs []error
	if a.http != nil {
		errs = append(errs, a.http.Shutdown(ctx))
	}
	a.StopWorkers()
	errs = append(errs, a.Store.Close())
	return errors.Join(errs...)
}

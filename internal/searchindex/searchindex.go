// Package searchindex is the search service (issue 17): it indexes each
// processed document's execution when it succeeds, and a dataset's
// records when asked (POST /v1/datasets/{id}/index), as chunks cut the
// way the rag export cuts them (export.ChunkPages); it answers searches in
// structured (full-text), semantic (vectors) and hybrid mode, and pages a
// dataset's chunks.
//
// Indexing runs as queue jobs. Vectors come from the workspace's model
// client (its own settings, else the server's) when it has an embedding
// model; without one, chunks are indexed for full-text search only and
// semantic and hybrid searches are refused with ErrNoEmbeddings.
package searchindex

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/dataset"
	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// Job kinds (stable: stored).
const (
	KindIndexExecution = "search_index_execution"
	KindIndexDataset   = "search_index_dataset"
)

// Errors the routes map to the contract's codes.
var (
	// ErrPlan: semantic search, indexing and chunks need Pro or above.
	ErrPlan = errors.New("searchindex: the plan does not include this")
	// ErrNoEmbeddings: no embedding model is configured for the workspace.
	ErrNoEmbeddings = errors.New("searchindex: no embedding model configured")
	// ErrNotFound: no such dataset in the workspace.
	ErrNotFound = errors.New("searchindex: not found")
	// ErrNotReady: the dataset has no ready version to index.
	ErrNotReady = errors.New("searchindex: dataset not ready")
	// ErrNotIndexed: the dataset's chunks are asked for before indexing.
	ErrNotIndexed = errors.New("searchindex: dataset not indexed")
)

// InvalidError is a request the service refuses, with the reason.
type InvalidError struct{ Msg string }

func (e *InvalidError) Error() string { return e.Msg }

func invalid(format string, a ...any) error { return &InvalidError{Msg: fmt.Sprintf(format, a...)} }

// Options configure the service.
type Options struct {
	// Embedder returns the model client for the context's workspace (a
	// tenant principal is set), or nil. Only its embedding model is used.
	Embedder func(ctx context.Context) *llm.Client
	// MaxAttempts of an index job (default 3).
	MaxAttempts int
}

// Service indexes and searches.
type Service struct {
	store    store.Store
	datasets *dataset.Service
	opt      Options
	now      func() time.Time
}

// New returns the service.
func New(st store.Store, opt Options) *Service {
	if opt.MaxAttempts <= 0 {
		opt.MaxAttempts = 3
	}
	return &Service{store: st, datasets: dataset.New(st, dataset.Options{}), opt: opt, now: func() time.Time { return time.Now().UTC() }}
}

// Register adds the two index workers and the hourly purge to reg.
func (s *Service) Register(reg *queue.Registry) {
	queue.AddWorker[IndexExecutionArgs](reg, &executionWorker{s: s})
	queue.AddWorker[IndexDatasetArgs](reg, &datasetWorker{s: s})
	// IO: the purge waits on the database, not the CPU.
	queue.AddWorker[PurgeArgs](reg, &purgeWorker{s: s}, queue.WorkerOpts{IO: true})
	reg.AddPeriodic(queue.PeriodicJob{Name: KindPurge, Every: PurgeEvery, Args: PurgeArgs{}})
}

// EmbedderOf picks the client that embeds for a workspace: its own
// (clientFor, the engine's ClientFor) when its settings name an
// embedding model, else the server's (QUARRY_EMBEDDING_MODEL). It is
// asked per call, so a workspace's settings apply from their next use.
func EmbedderOf(server *llm.Client, clientFor func(ctx context.Context) *llm.Client) func(ctx context.Context) *llm.Client {
	return func(ctx context.Context) *llm.Client {
		if clientFor != nil {
			if c := clientFor(ctx); c != nil && c.EmbeddingModel() != "" {
				return c
			}
		}
		return server
	}
}

// embedder is the workspace's client when it can embed, else nil.
func (s *Service) embedder(ctx context.Context, workspaceID string) *llm.Client {
	if s.opt.Embedder == nil {
		return nil
	}
	c := s.opt.Embedder(tenant.With(ctx, tenant.Principal{WorkspaceID: workspaceID}))
	if c == nil || c.EmbeddingModel() == "" {
		return nil
	}
	return c
}

// EmbeddingsFor reports whether the workspace's searches can use vectors.
func (s *Service) EmbeddingsFor(ctx context.Context, workspaceID string) bool {
	return s.embedder(ctx, workspaceID) != nil
}

// semanticAllowed reports whether the workspace's plan includes semantic
// search, indexing and chunks (Pro and Enterprise).
func (s *Service) semanticAllowed(ctx context.Context, workspaceID string) (bool, error) {
	ws, err := s.store.WorkspaceGet(ctx, workspaceID)
	if err != nil {
		return false, err
	}
	p, ok := billing.Lookup(ws.Plan)
	return ok && p.SemanticSearch, nil
}

// Package execution is the extraction lifecycle: the stored request, the
// sync and async records, their API views, their outbox events, and the
// queue workers that run async extractions, the bbox-refinement leg and
// webhook deliveries. HTTP handlers decode, call the Service and encode;
// the queue runs the workers Register adds without knowing what they do.
package execution

import (
	"context"
	"errors"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/blob"
	"github.com/quarrydev/quarry/internal/pipeline"
	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/webhook"
)

// Options are the lifecycle's settings.
type Options struct {
	JobMaxAttempts int           // attempts of an async extraction (default 3)
	SyncTimeout    time.Duration // one sync run (default 60 s)
	// CallbackGuard refuses callback URLs that reach private addresses
	// (SSRF) when an async extraction is submitted.
	CallbackGuard webhook.Guard
}

// Service creates, reads and runs extractions.
type Service struct {
	store  store.Store
	blobs  blob.Store
	engine *pipeline.Engine
	opts   Options
}

// New returns the service.
func New(st store.Store, blobs blob.Store, engine *pipeline.Engine, o Options) *Service {
	if o.JobMaxAttempts <= 0 {
		o.JobMaxAttempts = 3
	}
	if o.SyncTimeout <= 0 {
		o.SyncTimeout = 60 * time.Second
	}
	return &Service{store: st, blobs: blobs, engine: engine, opts: o}
}

func isTerminal(status string) bool {
	return status == api.ExtractionSucceeded || status == api.ExtractionFailed || status == api.ExtractionCancelled
}

func ptr[T any](v T) *T { return &v }

// retryTransient retries a store error with back-off. Once attempts run
// out it leaves the job running rather than failing it: the reaper then
// hands it to one more run, which sees Attempts > MaxAttempts and fails
// the extraction with its event (failing only the job would leave the
// extraction queued for ever).
func retryTransient(ctx context.Context, r *queue.Run, err error) error {
	if errors.Is(err, store.ErrLeaseLost) || ctx.Err() != nil {
		return err // the pool hands the job back (shutdown) or drops it (lost lease)
	}
	return r.RetryOrFail(ctx, err, func() error { return err })
}

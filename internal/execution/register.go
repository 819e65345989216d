package execution

import (
	"context"
	"time"

	"github.com/quarrydev/quarry/internal/blob"
	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/webhook"
)

// Job kinds (stable: they are stored).
const (
	KindExtraction = "extraction"
	KindBboxRefine = "bbox_refine"
	KindWebhook    = "webhook"
)

// ExtractionArgs runs one async extraction's pipeline.
type ExtractionArgs struct {
	ExtractionID string `json:"extraction_id"`
}

// Kind implements queue.Args.
func (ExtractionArgs) Kind() string { return KindExtraction }

// RefineArgs runs one extraction's bbox-refinement leg.
type RefineArgs struct {
	ExtractionID string `json:"extraction_id"`
}

// Kind implements queue.Args.
func (RefineArgs) Kind() string { return KindBboxRefine }

// WebhookArgs delivers one outbox event to its extraction's callback_url.
type WebhookArgs struct {
	EventID string `json:"event_id"`
}

// Kind implements queue.Args.
func (WebhookArgs) Kind() string { return KindWebhook }

// WorkerConfig configures the workers. Zero values take the reference's
// defaults.
type WorkerConfig struct {
	MaxAttempts        int             // bbox refinement jobs (default 3)
	WebhookMaxAttempts int             // default 5
	Timeout            time.Duration   // one extraction run (default 1200 s)
	RefineTimeout      time.Duration   // one bbox refinement run (default 600 s)
	Webhook            *webhook.Client // nil: this process delivers no webhooks
	// BlobGrace is how old a blob no extraction references must be before
	// the periodic sweep deletes it (default 24 h).
	BlobGrace time.Duration
	// OnSucceeded, when set, runs inside the transaction that completes
	// a succeeded async extraction, after its result is stored (the
	// search index queues the extraction's indexing there). An error
	// rolls the completion back.
	OnSucceeded func(ctx context.Context, tx store.Tx, e *store.Extraction) error
	// BeforeRun, when set, runs before each extraction's pipeline (tests
	// use it to make a job slow or to fail it).
	BeforeRun func(ctx context.Context, extractionID string, attempt int) error
	// BeforeDeliver, when set, runs before each /v1 webhook delivery; an
	// error retries the delivery later. A hook's auto_export writes the
	// dataset to its connector here, so the export is in the bucket
	// before dataset.ready arrives.
	BeforeDeliver func(ctx context.Context, ev *store.Event, h *store.Hook) error
}

func (c *WorkerConfig) defaults() {
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 3
	}
	if c.WebhookMaxAttempts <= 0 {
		c.WebhookMaxAttempts = 5
	}
	if c.Timeout <= 0 {
		c.Timeout = 1200 * time.Second
	}
	if c.RefineTimeout <= 0 {
		c.RefineTimeout = 600 * time.Second
	}
	if c.BlobGrace <= 0 {
		c.BlobGrace = 24 * time.Hour
	}
}

// Register adds the extraction, bbox-refinement and (with a webhook
// client) webhook workers to reg, and the hourly blob sweep when the blob
// store can list its blobs.
func (s *Service) Register(reg *queue.Registry, c WorkerConfig) {
	c.defaults()
	queue.AddWorker[ExtractionArgs](reg, &extractionWorker{s: s, c: c})
	queue.AddWorker[RefineArgs](reg, &refineWorker{s: s, c: c})
	if c.Webhook != nil {
		queue.AddWorker[WebhookArgs](reg, &webhookWorker{s: s, c: c}, queue.WorkerOpts{IO: true})
		queue.AddWorker[PlatformWebhookArgs](reg, &platformHookWorker{s: s, c: c}, queue.WorkerOpts{IO: true})
	}
	if l, ok := s.blobs.(blob.Lister); ok {
		// IO: the sweep waits on the database and the blob store, and
		// must not hold a slot an extraction could use.
		queue.AddWorker[BlobSweepArgs](reg, &blobSweepWorker{s: s, blobs: l, grace: c.BlobGrace}, queue.WorkerOpts{IO: true})
		reg.AddPeriodic(queue.PeriodicJob{Name: KindBlobSweep, Every: BlobSweepEvery, Args: BlobSweepArgs{}})
	}
}

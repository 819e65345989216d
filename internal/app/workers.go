package app

import (
	"context"
	"sync"
	"time"

	"github.com/quarrydev/quarry/internal/dataset"
	"github.com/quarrydev/quarry/internal/execution"
	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/retention"
	"github.com/quarrydev/quarry/internal/webhook"
)

// webhookTimeout is one delivery's time limit (the reference's default).
const webhookTimeout = 300 * time.Second

// workers is the app's in-process job pool, if started.
type workers struct {
	cancel context.CancelFunc
	done   sync.WaitGroup
}

// WorkerConfig is the in-process pool: the queue's settings and the
// extraction workers' settings.
type WorkerConfig struct {
	queue.Config
	execution.WorkerConfig
}

// JobConfig is the pool configuration the app derives from its config;
// tests and benchmarks adjust it before StartWorkers.
func (a *App) JobConfig(n int) WorkerConfig {
	guard := webhook.Guard{AllowPrivate: a.Config.WebhookAllowPrivate}
	return WorkerConfig{
		Config: queue.Config{Store: a.Store, Workers: n},
		WorkerConfig: execution.WorkerConfig{
			Webhook:            webhook.NewClient(a.Config.HMACSecret, guard, webhookTimeout),
			MaxAttempts:        a.Config.JobMaxAttempts,
			WebhookMaxAttempts: a.Config.WebhookMaxAttempts,
			Timeout:            a.Config.AsyncTimeout,
			BlobGrace:          a.Config.BlobGrace,
		},
	}
}

// StartWorkers runs a pool with cfg (from JobConfig) until StopWorkers or
// Close. It returns at once. The extraction service registers its
// workers; the queue runs them.
func (a *App) StartWorkers(cfg WorkerConfig) {
	if cfg.Workers <= 0 || a.workers.cancel != nil {
		return
	}
	reg := queue.NewRegistry()
	if a.Search != nil && cfg.OnSucceeded == nil {
		// Every succeeded extraction is queued for the search index in
		// the transaction that completes it.
		cfg.OnSucceeded = a.Search.OnExtractionSucceeded
	}
	if cfg.BeforeDeliver == nil {
		cfg.BeforeDeliver = a.Server.AutoExport // a webhook's auto_export
	}
	a.Exec.Register(reg, cfg.WorkerConfig)
	if a.Search != nil {
		a.Search.Register(reg)
	}
	retention.Register(reg, a.Store)
	dataset.New(a.Store, dataset.Options{}).Register(reg)
	// Connector syncs: a tick every minute queues the due schedules' runs.
	a.Server.Sources().Register(reg)
	cfg.Registry = reg
	p := queue.NewPool(cfg.Config)
	ctx, cancel := context.WithCancel(context.Background())
	a.workers.cancel = cancel
	a.workers.done.Add(1)
	go func() {
		defer a.workers.done.Done()
		_ = p.Run(ctx)
	}()
}

// StopWorkers stops the pool and waits for its jobs to return. Jobs cut
// short are finished by another worker after their lease expires.
func (a *App) StopWorkers() {
	if a.workers.cancel != nil {
		a.workers.cancel()
		a.workers.done.Wait()
		a.workers.cancel = nil
	}
}

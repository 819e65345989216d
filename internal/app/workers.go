package app

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/quarrydev/quarry/internal/jobs"
	"github.com/quarrydev/quarry/internal/webhook"
)

// webhookTimeout is one delivery's time limit (the reference's default).
const webhookTimeout = 300 * time.Second

// workers is the app's in-process job pool, if started.
type workers struct {
	pool   atomic.Pointer[jobs.Pool]
	cancel context.CancelFunc
	done   sync.WaitGroup
}

// notify wakes the in-process pool after a submit (no-op without one).
func (w *workers) notify() {
	if p := w.pool.Load(); p != nil {
		p.Notify()
	}
}

// JobConfig is the pool configuration the app derives from its config;
// tests and benchmarks adjust it before StartWorkers.
func (a *App) JobConfig(n int) jobs.Config {
	guard := webhook.Guard{AllowPrivate: a.Config.WebhookAllowPrivate}
	return jobs.Config{
		Store: a.Store, Blobs: a.Blobs, Engine: a.Engine,
		Webhook:            webhook.NewClient(a.Config.HMACSecret, guard, webhookTimeout),
		Workers:            n,
		MaxAttempts:        a.Config.JobMaxAttempts,
		WebhookMaxAttempts: a.Config.WebhookMaxAttempts,
		Timeout:            a.Config.AsyncTimeout,
	}
}

// StartWorkers runs a pool with cfg (from JobConfig) until StopWorkers or
// Close. It returns at once.
func (a *App) StartWorkers(cfg jobs.Config) {
	if cfg.Workers <= 0 || a.workers.pool.Load() != nil {
		return
	}
	p := jobs.NewPool(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	a.workers.cancel = cancel
	a.workers.pool.Store(p)
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
		a.workers.pool.Store(nil)
	}
}

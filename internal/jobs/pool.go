// Package jobs runs Quarry's background work from the durable queue in the
// store: async extractions, the bbox-refinement leg and webhook
// deliveries. Every job is leased (renewed while it runs), retried with
// exponential back-off and jitter, and completed in one transaction with
// its effects, guarded by the lease; a reaper re-queues jobs whose worker
// died.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"sync"
	"time"

	"github.com/quarrydev/quarry/internal/blob"
	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/pipeline"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/webhook"
)

// Job kinds (stable: they are stored).
const (
	KindExtraction = "extraction"
	KindBboxRefine = "bbox_refine"
	KindWebhook    = "webhook"
)

// Config configures a Pool. Zero values take the reference's defaults.
type Config struct {
	Store   store.Store
	Blobs   blob.Store
	Engine  *pipeline.Engine
	Webhook *webhook.Client // nil: webhook jobs are not run by this pool

	// Workers is how many pipelines (extraction or refinement) run at
	// once (default 1). The pool keeps twice as many jobs in hand so that
	// database waits (claim, a durable commit) and webhook deliveries
	// overlap with pipelines instead of leaving a core idle.
	Workers            int
	MaxAttempts        int           // extraction and bbox jobs (default 3)
	WebhookMaxAttempts int           // default 5
	Timeout            time.Duration // one extraction run (default 1200 s)
	RefineTimeout      time.Duration // one bbox refinement run (default 600 s)
	Lease              time.Duration // renewed every Lease/3 while a job runs (default 60 s)
	BackoffBase        time.Duration // first retry delay (default 5 s)
	BackoffMax         time.Duration // longest retry delay (default 300 s)
	Poll               time.Duration // idle poll interval (default 1 s with LISTEN/NOTIFY, else 200 ms)
	ReapEvery          time.Duration // reaper interval (default 60 s)
	Name               string        // worker identity prefix (default host:pid)
	// Kinds restricts the job kinds this pool runs (default: all; webhook
	// only with a Webhook client). Lets a deployment dedicate workers.
	Kinds []string

	// BeforeRun, when set, runs before each extraction's pipeline (tests
	// use it to make a job slow or to fail it).
	BeforeRun func(ctx context.Context, extractionID string, attempt int) error
	Log       *slog.Logger
}

func (c *Config) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if c.Workers <= 0 {
		c.Workers = 1
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 3
	}
	if c.WebhookMaxAttempts <= 0 {
		c.WebhookMaxAttempts = 5
	}
	def(&c.Timeout, 1200*time.Second)
	def(&c.RefineTimeout, 600*time.Second)
	def(&c.Lease, 60*time.Second)
	def(&c.BackoffBase, 5*time.Second)
	def(&c.BackoffMax, 300*time.Second)
	if _, wakes := c.Store.(interface {
		JobWake(context.Context) <-chan struct{}
	}); wakes {
		def(&c.Poll, time.Second) // notifications do the work; polling is the safety net
	} else {
		// Without notifications (SQLite shared by several processes) the
		// poll interval is the idle pick-up latency of other processes.
		def(&c.Poll, 200*time.Millisecond)
	}
	def(&c.ReapEvery, 60*time.Second)
	if c.Name == "" {
		h, _ := os.Hostname()
		c.Name = fmt.Sprintf("%s:%d", h, os.Getpid())
	}
	if c.Log == nil {
		c.Log = slog.Default()
	}
}

// Pool runs workers over the queue.
type Pool struct {
	cfg     Config
	kinds   []string
	ioKinds []string // kinds that need no pipeline slot
	wake    chan struct{}
	slots   chan struct{} // one token per pipeline allowed to run
}

// NewPool returns a pool; Run starts it.
func NewPool(cfg Config) *Pool {
	cfg.defaults()
	p := &Pool{cfg: cfg, wake: make(chan struct{}, 2*cfg.Workers), slots: make(chan struct{}, cfg.Workers)}
	p.kinds = []string{KindExtraction, KindBboxRefine}
	if cfg.Webhook != nil {
		p.kinds = append(p.kinds, KindWebhook)
	}
	if len(cfg.Kinds) > 0 {
		p.kinds = cfg.Kinds
	}
	for _, k := range p.kinds {
		if k == KindWebhook {
			p.ioKinds = append(p.ioKinds, k)
		}
	}
	return p
}

// Notify wakes idle workers of this process (the API calls it after a
// submit so an idle in-process queue starts at once instead of at the
// next poll).
func (p *Pool) Notify() {
	for i := 0; i < cap(p.wake); i++ {
		select {
		case p.wake <- struct{}{}:
		default:
			return
		}
	}
}

// Run works until ctx ends, then waits for running jobs to stop. A job
// cut short by shutdown is not completed; its lease runs out and the
// reaper gives it to another worker.
func (p *Pool) Run(ctx context.Context) error {
	// Reap once at start: jobs of a worker that died before we started.
	p.reap(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(p.cfg.ReapEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				p.reap(ctx)
			}
		}
	}()
	if w, ok := p.cfg.Store.(interface {
		JobWake(context.Context) <-chan struct{}
	}); ok {
		// Cross-process wake-ups (PostgreSQL LISTEN/NOTIFY).
		wake := w.JobWake(ctx)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case <-wake:
					// One goroutine is enough: if it finds work, the
					// others are woken by the next commits or their poll.
					// (SQLite reports every commit, so a broadcast would
					// turn each commit into a burst of empty claims.)
					select {
					case p.wake <- struct{}{}:
					default:
					}
				}
			}
		}()
	}
	for i := 0; i < 2*p.cfg.Workers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			p.work(ctx, fmt.Sprintf("%s/%d/%s", p.cfg.Name, i, ids.New("w")[2:]))
		}(i)
	}
	wg.Wait()
	return nil
}

func (p *Pool) reap(ctx context.Context) {
	n, err := p.cfg.Store.JobReap(ctx, time.Now())
	if err != nil {
		if ctx.Err() == nil {
			p.cfg.Log.Warn("reaper failed", "err", err)
		}
		return
	}
	if n > 0 {
		p.cfg.Log.Info("reaper re-queued jobs whose lease expired", "jobs", n)
		p.Notify()
	}
}

// work claims and runs jobs. A goroutine claims pipeline kinds only
// while it holds a free pipeline slot, so no claimed job waits for CPU
// (a crash would charge it an attempt it never ran); without a slot it
// only takes webhook deliveries.
func (p *Pool) work(ctx context.Context, worker string) {
	idle := time.NewTimer(0)
	defer idle.Stop()
	for ctx.Err() == nil {
		release := p.trySlot()
		kinds := p.kinds
		if release == nil {
			kinds = p.ioKinds
		}
		var jobs []*store.Job
		var err error
		if len(kinds) > 0 {
			jobs, err = p.cfg.Store.JobClaim(ctx, store.JobClaimParams{Kinds: kinds, Worker: worker, Lease: p.cfg.Lease, Limit: 1})
		}
		if err != nil && ctx.Err() == nil {
			// The database may be restarting: back off and try again.
			p.cfg.Log.Warn("claiming jobs failed", "err", err)
		}
		if len(jobs) == 0 {
			if release != nil {
				release()
			}
			idle.Reset(p.cfg.Poll)
			select {
			case <-ctx.Done():
			case <-p.wake:
			case <-idle.C:
			}
			continue
		}
		if jobs[0].Kind == KindWebhook && release != nil {
			release() // deliveries are I/O: keep the slot for a pipeline
			release = nil
		}
		p.run(ctx, worker, jobs[0], release)
	}
}

// trySlot takes a pipeline slot if one is free; the returned release
// also wakes one idle goroutine so the slot is used during this job's
// commit.
func (p *Pool) trySlot() (release func()) {
	select {
	case p.slots <- struct{}{}:
		var once sync.Once
		return func() {
			once.Do(func() {
				<-p.slots
				select { // wake one idle goroutine to take the slot
				case p.wake <- struct{}{}:
				default:
				}
			})
		}
	default:
		return nil
	}
}

// run executes one job under a lease that a heartbeat renews; losing the
// lease cancels the job's context.
func (p *Pool) run(ctx context.Context, worker string, j *store.Job, slot func()) {
	if slot == nil {
		slot = func() {}
	}
	defer slot()
	jctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	hbDone := make(chan struct{})
	go func() {
		defer close(hbDone)
		t := time.NewTicker(p.cfg.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-jctx.Done():
				return
			case <-t.C:
				_, err := p.cfg.Store.JobExtend(jctx, store.JobExtendParams{JobID: j.ID, Worker: worker, Until: time.Now().Add(p.cfg.Lease)})
				if errors.Is(err, store.ErrLeaseLost) {
					cancel(store.ErrLeaseLost)
					return
				}
				if err != nil && jctx.Err() == nil {
					p.cfg.Log.Warn("lease renewal failed", "job", j.ID, "err", err)
				}
			}
		}
	}()
	log := p.cfg.Log.With("job", j.ID, "kind", j.Kind, "ref", j.Ref, "attempt", j.Attempts)
	h := handler{pool: p, worker: worker, job: j, log: log, releaseSlot: slot}
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("job panicked: %v", r)
			}
		}()
		switch j.Kind {
		case KindExtraction:
			err = h.extraction(jctx)
		case KindBboxRefine:
			err = h.refine(jctx)
		case KindWebhook:
			err = h.webhook(jctx)
		default:
			err = h.complete(jctx, store.JobCompleteParams{State: store.JobFailed, Error: "unknown job kind " + j.Kind})
		}
	}()
	cancel(nil)
	<-hbDone
	switch {
	case err == nil:
	case errors.Is(err, store.ErrLeaseLost), errors.Is(context.Cause(jctx), store.ErrLeaseLost):
		log.Warn("lease lost; another worker owns the job now")
	case ctx.Err() != nil:
		// Hand the job back at once (and refund the attempt) rather than
		// leaving it to the reaper after the lease runs out.
		rerr := h.complete(ctx, store.JobCompleteParams{State: store.JobAvailable, Error: "interrupted by worker shutdown", RefundAttempt: true})
		log.Info("stopped by shutdown; job handed back", "err", rerr)
	default:
		log.Error("job failed to record its outcome", "err", err)
	}
}

// Backoff is the delay before retry number attempt (1-based): base
// doubling per attempt, capped at max, with ±20 % jitter so retries of
// many jobs do not arrive together.
func Backoff(attempt int, base, max time.Duration) time.Duration {
	d := base
	for i := 1; i < attempt && d < max; i++ {
		d *= 2
	}
	d = min(d, max)
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}

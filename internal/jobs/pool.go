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
	Clock              Clock         // default RealClock; tests drive a FakeClock
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
		// Without wake-ups the poll interval is the idle pick-up latency.
		def(&c.Poll, 200*time.Millisecond)
	}
	def(&c.ReapEvery, 60*time.Second)
	if c.Clock == nil {
		c.Clock = RealClock{}
	}
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
	clock   Clock
	kinds   []string // kinds that need a pipeline slot
	ioKinds []string // kinds that need no pipeline slot
	wake    chan struct{}

	mu       sync.Mutex
	inHand   int // jobs claimed and not yet finished
	pipeBusy int // pipeline slots taken
}

// NewPool returns a pool; Run starts it.
func NewPool(cfg Config) *Pool {
	cfg.defaults()
	p := &Pool{cfg: cfg, clock: cfg.Clock, wake: make(chan struct{}, 1)}
	kinds := []string{KindExtraction, KindBboxRefine}
	if cfg.Webhook != nil {
		kinds = append(kinds, KindWebhook)
	}
	if len(cfg.Kinds) > 0 {
		kinds = cfg.Kinds
	}
	for _, k := range kinds {
		if k == KindWebhook {
			p.ioKinds = append(p.ioKinds, k)
		} else {
			p.kinds = append(p.kinds, k)
		}
	}
	return p
}

// Notify wakes the pool's dispatcher (the API calls it after a submit
// so an idle in-process queue starts at once instead of at the next
// poll; the store's own wake-up on commit does the same).
func (p *Pool) Notify() { poke(p.wake) }

func poke(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default: // a wake-up is already pending
	}
}

// Run works until ctx ends, then waits for running jobs to stop. A job
// cut short by shutdown is not completed; its lease runs out and the
// reaper gives it to another worker.
//
// One dispatcher claims for the whole pool, and only when a job slot is
// free: woken by a commit (in this process or, through the store, in
// another), by a job ending, or by the poll timer. An empty claim wakes
// nobody, so an idle pool makes one claim per poll interval and nothing
// else.
func (p *Pool) Run(ctx context.Context) error {
	// Reap once at start: jobs of a worker that died before we started.
	p.reap(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := p.clock.NewTimer(p.cfg.ReapEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C():
				p.reap(ctx)
				t.Reset(p.cfg.ReapEvery)
			}
		}
	}()
	var storeWake <-chan struct{}
	if w, ok := p.cfg.Store.(interface {
		JobWake(context.Context) <-chan struct{}
	}); ok {
		storeWake = w.JobWake(ctx)
	}
	poll := p.clock.NewTimer(p.cfg.Poll)
	defer poll.Stop()
	for ctx.Err() == nil {
		// The deadline is taken before claiming, so a clock that moves
		// during the claim fires the timer at once rather than late.
		next := p.clock.Now().Add(p.cfg.Poll)
		p.dispatch(ctx, &wg)
		poll.Reset(next.Sub(p.clock.Now()))
		select {
		case <-ctx.Done():
		case <-p.wake:
		case <-storeWake:
		case <-poll.C():
		}
		poll.Stop()
	}
	wg.Wait()
	return nil
}

// dispatch claims as many jobs as there are free slots and starts them.
// Pipeline kinds are claimed only into free pipeline slots, so no
// claimed job waits for CPU (a crash would charge it an attempt it never
// ran); the pool holds up to twice Workers jobs so that commits and
// webhook deliveries overlap with pipelines.
func (p *Pool) dispatch(ctx context.Context, wg *sync.WaitGroup) {
	for ctx.Err() == nil {
		p.mu.Lock()
		free := 2*p.cfg.Workers - p.inHand
		pipeFree := min(p.cfg.Workers-p.pipeBusy, free)
		p.mu.Unlock()
		got := 0
		if pipeFree > 0 && len(p.kinds) > 0 {
			n := p.claim(ctx, p.kinds, pipeFree, true, wg)
			got += n
			free -= n
		}
		if free > 0 && len(p.ioKinds) > 0 {
			got += p.claim(ctx, p.ioKinds, free, false, wg)
		}
		if got == 0 {
			return
		}
	}
}

// claim leases up to limit jobs of kinds and runs each in a goroutine.
func (p *Pool) claim(ctx context.Context, kinds []string, limit int, pipeline bool, wg *sync.WaitGroup) int {
	worker := fmt.Sprintf("%s/%s", p.cfg.Name, ids.New("w")[2:])
	jobs, err := p.cfg.Store.JobClaim(ctx, store.JobClaimParams{Kinds: kinds, Worker: worker, Lease: p.cfg.Lease, Limit: limit, Now: p.clock.Now()})
	if err != nil {
		if ctx.Err() == nil {
			// The database may be restarting: the poll tries again.
			p.cfg.Log.Warn("claiming jobs failed", "err", err)
		}
		return 0
	}
	for _, j := range jobs {
		release := p.take(pipeline)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer p.finish()
			p.run(ctx, worker, j, release)
		}()
	}
	return len(jobs)
}

// take counts a job in hand (and its pipeline slot); the returned
// function gives the slot back once, waking the dispatcher to fill it.
func (p *Pool) take(pipeline bool) (release func()) {
	p.mu.Lock()
	p.inHand++
	if pipeline {
		p.pipeBusy++
	}
	p.mu.Unlock()
	if !pipeline {
		return func() {}
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			p.mu.Lock()
			p.pipeBusy--
			p.mu.Unlock()
			poke(p.wake)
		})
	}
}

// finish counts a job out and wakes the dispatcher to fill its place.
func (p *Pool) finish() {
	p.mu.Lock()
	p.inHand--
	p.mu.Unlock()
	poke(p.wake)
}

func (p *Pool) reap(ctx context.Context) {
	n, err := p.cfg.Store.JobReap(ctx, p.clock.Now())
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
		t := p.clock.NewTimer(p.cfg.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-jctx.Done():
				return
			case <-t.C():
				t.Reset(p.cfg.Lease / 3)
				_, err := p.cfg.Store.JobExtend(jctx, store.JobExtendParams{JobID: j.ID, Worker: worker, Until: p.clock.Now().Add(p.cfg.Lease)})
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

package queue

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/store"
)

// Config configures a Pool. Zero values take the reference's defaults.
type Config struct {
	Store    store.Store
	Registry *Registry

	// Workers is how many CPU-bound jobs run at once (default 1). The
	// pool keeps twice as many jobs in hand so that database waits
	// (claim, a durable commit) and I/O-bound jobs overlap with them
	// instead of leaving a core idle.
	Workers     int
	Lease       time.Duration // renewed every Lease/3 while a job runs (default 60 s)
	BackoffBase time.Duration // first retry delay (default 5 s)
	BackoffMax  time.Duration // longest retry delay (default 300 s)
	// Poll is the safety-net claim interval of an idle pool (default 1 s
	// when the store wakes workers on commit, else 200 ms). It also
	// bounds how late a retry or a periodic job starts.
	Poll      time.Duration
	ReapEvery time.Duration // reaper interval (default 60 s)
	Name      string        // worker identity prefix (default host:pid)
	// Kinds restricts the kinds this pool runs (default: all registered).
	// Lets a deployment dedicate workers.
	Kinds []string
	Clock Clock // default RealClock; tests drive a FakeClock
	Log   *slog.Logger
}

// waker is a store that signals when jobs become due (on commit in this
// process, and from other processes).
type waker interface {
	JobWake(context.Context) <-chan struct{}
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
	if c.Registry == nil {
		c.Registry = NewRegistry()
	}
	def(&c.Lease, 60*time.Second)
	def(&c.BackoffBase, 5*time.Second)
	def(&c.BackoffMax, 300*time.Second)
	if _, wakes := c.Store.(waker); wakes {
		def(&c.Poll, time.Second) // wake-ups do the work; polling is the safety net
	} else {
		def(&c.Poll, 200*time.Millisecond) // without wake-ups this is the pick-up latency
	}
	def(&c.ReapEvery, 60*time.Second)
	if c.Name == "" {
		h, _ := os.Hostname()
		c.Name = fmt.Sprintf("%s:%d", h, os.Getpid())
	}
	if c.Clock == nil {
		c.Clock = RealClock{}
	}
	if c.Log == nil {
		c.Log = slog.Default()
	}
}

// Pool runs workers over the queue.
type Pool struct {
	cfg      Config
	clock    Clock
	reg      *Registry
	periodic map[string]time.Duration // periodic job id -> interval
	kinds    []string                 // kinds that need a CPU slot
	ioKinds  []string                 // kinds that need none
	wake     chan struct{}

	mu      sync.Mutex
	inHand  int // jobs claimed and not yet finished
	cpuBusy int // CPU slots taken
}

// NewPool returns a pool; Run starts it.
func NewPool(cfg Config) *Pool {
	cfg.defaults()
	p := &Pool{cfg: cfg, clock: cfg.Clock, reg: cfg.Registry, wake: make(chan struct{}, 1), periodic: map[string]time.Duration{}}
	kinds := cfg.Kinds
	if len(kinds) == 0 {
		kinds = p.reg.Kinds()
	}
	for _, k := range kinds {
		switch kd := p.reg.kinds[k]; {
		case kd == nil:
			panic("queue: pool asked to run unregistered kind " + k)
		case kd.io:
			p.ioKinds = append(p.ioKinds, k)
		default:
			p.kinds = append(p.kinds, k)
		}
	}
	for _, pj := range p.reg.periodic {
		if _, ok := p.reg.kinds[pj.Args.Kind()]; !ok {
			panic("queue: periodic job " + pj.Name + " has no worker for kind " + pj.Args.Kind())
		}
		p.periodic[periodicID(pj.Name)] = pj.Every
	}
	return p
}

// Notify wakes the pool's dispatcher to claim now rather than at its
// next wake-up (the reaper calls it after freeing jobs).
func (p *Pool) Notify() { poke(p.wake) }

func poke(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default: // a wake-up is already pending
	}
}

// Run works until ctx ends, then waits for running jobs to stop. A job
// cut short by shutdown is handed back at once with its attempt
// refunded; one whose hand-back fails waits for the reaper.
//
// One dispatcher claims for the whole pool, and only when a job slot is
// free: woken by a commit (in this process or, through the store, in
// another), by a job ending, or by the poll timer. An empty claim wakes
// nobody, so an idle pool makes one claim per poll interval and nothing
// else.
func (p *Pool) Run(ctx context.Context) error {
	// Reap once at start: jobs of a worker that died before we started.
	p.reap(ctx)
	p.ensurePeriodic(ctx)
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
	if w, ok := p.cfg.Store.(waker); ok {
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
// CPU-bound kinds are claimed only into free CPU slots, so no claimed
// job waits for CPU (a crash would charge it an attempt it never
// ran); the pool holds up to twice Workers jobs so that commits and
// I/O-bound jobs overlap with CPU-bound ones.
func (p *Pool) dispatch(ctx context.Context, wg *sync.WaitGroup) {
	for ctx.Err() == nil {
		p.mu.Lock()
		free := 2*p.cfg.Workers - p.inHand
		cpuFree := min(p.cfg.Workers-p.cpuBusy, free)
		p.mu.Unlock()
		got := 0
		if cpuFree > 0 && len(p.kinds) > 0 {
			n := p.claim(ctx, p.kinds, cpuFree, true, wg)
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
func (p *Pool) claim(ctx context.Context, kinds []string, limit int, cpu bool, wg *sync.WaitGroup) int {
	worker := p.cfg.Name + "/" + ids.New("w")[2:]
	jobs, err := p.cfg.Store.JobClaim(ctx, store.JobClaimParams{Kinds: kinds, Worker: worker, Lease: p.cfg.Lease, Limit: limit, Now: p.clock.Now()})
	if err != nil {
		if ctx.Err() == nil {
			// The database may be restarting: the poll tries again.
			p.cfg.Log.Warn("claiming jobs failed", "err", err)
		}
		return 0
	}
	for _, j := range jobs {
		release := p.take(cpu)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer p.finish()
			p.run(ctx, worker, j, release)
		}()
	}
	return len(jobs)
}

// take counts a job in hand (and its CPU slot); the returned
// function gives the slot back once, waking the dispatcher to fill it.
func (p *Pool) take(cpu bool) (release func()) {
	p.mu.Lock()
	p.inHand++
	if cpu {
		p.cpuBusy++
	}
	p.mu.Unlock()
	if !cpu {
		return func() {}
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			p.mu.Lock()
			p.cpuBusy--
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

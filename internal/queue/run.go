package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

// Run is the lease-guarded control of one claimed job. Every method that
// writes checks the lease in the same transaction: a worker that lost
// its lease gets store.ErrLeaseLost and changes nothing.
type Run struct {
	pool    *Pool
	row     *store.Job
	worker  string
	log     *slog.Logger
	release func()

	mu    sync.Mutex
	ended bool // an outcome was recorded (or tried)
}

// Log is the job's logger (job id, kind, ref and attempt attached).
func (r *Run) Log() *slog.Logger { return r.log }

// Now is the pool's clock.
func (r *Run) Now() time.Time { return r.pool.clock.Now() }

// ReleaseSlot gives the job's CPU slot back once its heavy part is over,
// so the next job starts while this one commits. Safe to call twice.
func (r *Run) ReleaseSlot() { r.release() }

// Extend renews the lease and runs effects (nil: none) in the same
// transaction.
func (r *Run) Extend(ctx context.Context, effects func(store.Tx) error) error {
	return r.pool.cfg.Store.JobExtend(ctx, store.JobExtendParams{JobID: r.row.ID, Worker: r.worker,
		Until: r.Now().Add(r.pool.cfg.Lease)}, effects)
}

// Complete ends the job as done, committing effects (nil: none) in the
// same lease-guarded transaction.
func (r *Run) Complete(ctx context.Context, effects func(store.Tx) error) error {
	return r.end(ctx, store.JobCompleteParams{State: store.JobDone}, effects)
}

// CompleteNote is Complete recording why nothing was done.
func (r *Run) CompleteNote(ctx context.Context, note string) error {
	return r.end(ctx, store.JobCompleteParams{State: store.JobDone, Error: note}, nil)
}

// Fail ends the job for good with msg, committing effects (nil: none)
// in the same lease-guarded transaction.
func (r *Run) Fail(ctx context.Context, msg string, effects func(store.Tx) error) error {
	return r.end(ctx, store.JobCompleteParams{State: store.JobFailed, Error: msg}, effects)
}

// RetryOrFail schedules another attempt after a back-off when one is
// left and err is not Permanent; otherwise it calls final, which should
// end the job (Fail with the effects of giving up). Either way the
// outcome is the worker's: the pool does not retry on its own after it.
func (r *Run) RetryOrFail(ctx context.Context, err error, final func() error) error {
	r.mu.Lock()
	r.ended = true
	r.mu.Unlock()
	cfg := r.pool.cfg
	if !IsPermanent(err) && cfg.Store.Transient(err) {
		// The database, not the job, failed: try again without spending
		// an attempt, or a restart would fail every job it interrupted.
		delay := Backoff(r.row.Attempts, cfg.BackoffBase, cfg.BackoffMax)
		r.log.Warn("job attempt hit a database outage; retrying", "err", err.Error(), "retry_in", delay)
		return r.end(ctx, store.JobCompleteParams{State: store.JobAvailable, RunAt: r.Now().Add(delay), Error: err.Error(), RefundAttempt: true}, nil)
	}
	if !IsPermanent(err) && r.row.Attempts < r.row.MaxAttempts {
		delay := Backoff(r.row.Attempts, cfg.BackoffBase, cfg.BackoffMax)
		r.log.Warn("job attempt failed; retrying", "err", err.Error(), "retry_in", delay)
		return r.end(ctx, store.JobCompleteParams{State: store.JobAvailable, RunAt: r.Now().Add(delay), Error: err.Error()}, nil)
	}
	r.log.Error("job failed for good", "err", err.Error())
	return final()
}

// end records the outcome. It uses a context that survives shutdown for
// a few seconds so a finished run is not thrown away; the lease guard
// still refuses it if another worker took over.
func (r *Run) end(ctx context.Context, p store.JobCompleteParams, effects func(store.Tx) error) error {
	r.mu.Lock()
	r.ended = true
	r.mu.Unlock()
	p.JobID, p.Worker = r.row.ID, r.worker
	if every, ok := r.pool.periodic[r.row.ID]; ok {
		// A periodic job never ends: whatever happened, it waits for its
		// next slot, and the attempt is not counted against it.
		p.State, p.RunAt, p.RefundAttempt = store.JobAvailable, nextSlot(r.row.RunAt, every, r.Now()), true
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	st := r.pool.cfg.Store
	err := st.JobComplete(cctx, p, effects)
	// A dropped connection rolled the transaction back; the pool dials
	// afresh, so a couple of quick tries usually record the outcome
	// instead of leaving the job to the reaper after its lease.
	for try := 1; try <= 3 && err != nil && st.Transient(err); try++ {
		select {
		case <-cctx.Done():
			return err
		case <-time.After(time.Duration(try) * 50 * time.Millisecond):
		}
		err = st.JobComplete(cctx, p, effects)
	}
	return err
}

func (r *Run) hasEnded() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ended
}

// LeaseLost reports whether ctx (a job's context) ended because another
// worker owns the job now.
func LeaseLost(ctx context.Context) bool { return errors.Is(context.Cause(ctx), store.ErrLeaseLost) }

// run executes one job under a lease that a heartbeat renews; losing the
// lease cancels the job's context.
func (p *Pool) run(ctx context.Context, worker string, j *store.Job, release func()) {
	defer release()
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
				err := p.cfg.Store.JobExtend(jctx, store.JobExtendParams{JobID: j.ID, Worker: worker, Until: p.clock.Now().Add(p.cfg.Lease)}, nil)
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
	r := &Run{pool: p, row: j, worker: worker, log: log, release: release}
	var err error
	func() {
		defer func() {
			if rec := recover(); rec != nil {
				err = fmt.Errorf("job panicked: %v", rec)
			}
		}()
		err = p.reg.kinds[j.Kind].work(jctx, j, r)
	}()
	cancel(nil)
	<-hbDone
	switch {
	case err == nil:
		if !r.hasEnded() {
			err = r.Complete(ctx, nil)
		}
	case errors.Is(err, store.ErrLeaseLost), errors.Is(context.Cause(jctx), store.ErrLeaseLost):
		log.Warn("lease lost; another worker owns the job now")
		return
	case ctx.Err() != nil:
		// Hand the job back at once (and refund the attempt) rather than
		// leaving it to the reaper after the lease runs out.
		rerr := r.end(ctx, store.JobCompleteParams{State: store.JobAvailable, Error: "interrupted by worker shutdown", RefundAttempt: true}, nil)
		log.Info("stopped by shutdown; job handed back", "err", rerr)
		return
	case !r.hasEnded():
		msg := err.Error()
		err = r.RetryOrFail(ctx, err, func() error { return r.Fail(ctx, msg, nil) })
	}
	if err != nil {
		if errors.Is(err, store.ErrLeaseLost) {
			log.Warn("lease lost; another worker owns the job now")
			return
		}
		log.Error("job failed to record its outcome", "err", err)
	}
}

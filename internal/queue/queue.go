// Package queue runs background work from the durable job table in the
// store. It knows no job kind: services register a Worker per kind with
// typed arguments (stored as JSON in the job row), and periodic jobs on an
// interval. Every job is leased (renewed while it runs), retried with
// exponential back-off and jitter, and ends in one transaction with its
// effects, guarded by the lease; a reaper re-queues jobs whose worker
// died.
package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/store"
)

// Args are a job kind's arguments. Kind is the stable name stored in the
// job row; the value is stored as JSON.
type Args interface{ Kind() string }

// Worker runs jobs of one kind. Work either ends the job itself
// (Job.Complete, Job.Fail, Job.RetryOrFail: with its effects in the
// completing transaction) or returns: nil completes the job, an error
// retries it with back-off or, once attempts run out or the error is
// Permanent, fails it.
type Worker[T Args] interface {
	Work(ctx context.Context, j *Job[T]) error
}

// WorkFunc adapts a function to a Worker.
type WorkFunc[T Args] func(ctx context.Context, j *Job[T]) error

// Work calls f.
func (f WorkFunc[T]) Work(ctx context.Context, j *Job[T]) error { return f(ctx, j) }

// Job is one claimed job with its decoded arguments. The embedded row
// holds the id, attempts and last error; Run holds the lease-guarded
// controls of this run.
type Job[T Args] struct {
	*store.Job
	Args T
	*Run
}

// WorkerOpts tune a kind.
type WorkerOpts struct {
	// IO marks kinds that wait on the network rather than the CPU
	// (webhook deliveries): they run without taking one of the pool's
	// Workers slots.
	IO bool
}

// Registry maps kinds to workers. Register at start-up; a duplicate kind
// panics, like every registry in Quarry.
type Registry struct {
	kinds    map[string]*kind
	order    []string
	periodic []PeriodicJob
}

type kind struct {
	io   bool
	work func(ctx context.Context, row *store.Job, r *Run) error
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{kinds: map[string]*kind{}} }

// AddWorker registers w for T's kind.
func AddWorker[T Args](r *Registry, w Worker[T], opts ...WorkerOpts) {
	var zero T
	name := zero.Kind()
	if name == "" {
		panic("queue: a job kind needs a name")
	}
	if _, dup := r.kinds[name]; dup {
		panic("queue: job kind registered twice: " + name)
	}
	k := &kind{work: func(ctx context.Context, row *store.Job, run *Run) error {
		j := &Job[T]{Job: row, Run: run}
		if len(row.Args) > 0 {
			if err := json.Unmarshal(row.Args, &j.Args); err != nil {
				return Permanent(fmt.Errorf("job args of kind %s are unreadable: %w", name, err))
			}
		}
		return w.Work(ctx, j)
	}}
	for _, o := range opts {
		k.io = k.io || o.IO
	}
	r.kinds[name] = k
	r.order = append(r.order, name)
}

// Kinds lists the registered kinds in registration order.
func (r *Registry) Kinds() []string { return append([]string(nil), r.order...) }

// InsertOpts place a job.
type InsertOpts struct {
	ID          string // default: a new job id
	WorkspaceID string
	Ref         string // what the job is about: lists and cancels by it
	MaxAttempts int    // default 1
	RunAt       time.Time
}

// Insert enqueues args in tx (or the store), so the job commits with the
// change that causes it.
func Insert(ctx context.Context, tx store.Jobs, args Args, o InsertOpts) error {
	row, err := NewJob(args, o)
	if err != nil {
		return err
	}
	return tx.JobInsert(ctx, row)
}

// NewJob is the row Insert writes.
func NewJob(args Args, o InsertOpts) (store.JobInsert, error) {
	body, err := json.Marshal(args)
	if err != nil {
		return store.JobInsert{}, fmt.Errorf("queue: job args of kind %s: %w", args.Kind(), err)
	}
	if o.ID == "" {
		o.ID = ids.New("job")
	}
	return store.JobInsert{ID: o.ID, Kind: args.Kind(), WorkspaceID: o.WorkspaceID, Ref: o.Ref, Args: body,
		MaxAttempts: max(o.MaxAttempts, 1), RunAt: o.RunAt}, nil
}

// permanent marks failures a retry cannot fix.
type permanent struct{ err error }

func (e permanent) Error() string { return e.err.Error() }
func (e permanent) Unwrap() error { return e.err }

// Permanent wraps err so the job fails at once instead of retrying.
func Permanent(err error) error { return permanent{err} }

// IsPermanent reports whether err was wrapped by Permanent.
func IsPermanent(err error) bool {
	var p permanent
	return errors.As(err, &p)
}

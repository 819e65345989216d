package store

import (
	"context"
	"errors"
	"time"
)

// ErrLeaseLost is returned when a worker acts on a job it no longer holds:
// its lease expired and the reaper (or another worker) took the job back.
// The worker must drop its work; whoever holds the lease now finishes it.
var ErrLeaseLost = errors.New("store: job lease lost")

// Job states.
const (
	JobAvailable = "available" // waiting for run_at
	JobRunning   = "running"   // claimed; locked_by holds it until locked_until
	JobDone      = "done"
	JobFailed    = "failed" // gave up after max attempts or a permanent error
)

// Jobs are the job rows that can be written inside any transaction, so
// work is enqueued atomically with the change that causes it. The rows
// know nothing of what a job does: Kind and Args are the caller's.
type Jobs interface {
	// JobInsert enqueues jobs. A row whose ID exists is an error unless
	// IfAbsent is set (then it is skipped).
	JobInsert(ctx context.Context, jobs ...JobInsert) error
	// JobCancel closes the waiting (not running) jobs of a ref and
	// returns how many it closed.
	JobCancel(ctx context.Context, p JobCancelParams) (int, error)
	// JobList lists jobs by ref and/or kind, oldest first.
	JobList(ctx context.Context, p JobListParams) ([]*Job, error)
	// JobStats counts jobs by state. The schedule rows of periodic jobs
	// (ids starting with PeriodicJobIDPrefix) are not counted: each is
	// always there waiting for its next slot, so counting it would make
	// an idle queue look busy.
	JobStats(ctx context.Context) (map[string]int, error)
}

// Queue is the leased side of the job table. It lives in the same
// database as everything else so that a job's end commits in one
// transaction with its effects, checked against the lease: a worker that
// lost its lease can neither renew nor complete.
type Queue interface {
	// JobClaim leases up to Limit due jobs of the given kinds to Worker,
	// counting one attempt each.
	JobClaim(ctx context.Context, p JobClaimParams) ([]*Job, error)
	// JobExtend renews the lease and runs effects (may be nil) in the
	// same transaction. ErrLeaseLost when Worker no longer holds it.
	JobExtend(ctx context.Context, p JobExtendParams, effects func(Tx) error) error
	// JobComplete records a job's outcome and runs effects (may be nil)
	// in the same transaction, guarded by the lease: ErrLeaseLost when
	// Worker no longer holds the job, and nothing changes. An error from
	// effects rolls everything back and is returned.
	JobComplete(ctx context.Context, p JobCompleteParams, effects func(Tx) error) error
	// JobReap makes running jobs whose lease ended before now available
	// again (their worker died) and returns how many it freed.
	JobReap(ctx context.Context, now time.Time) (int, error)
}

// PeriodicJobIDPrefix starts the id of a periodic job's schedule row
// (queue.PeriodicJob).
const PeriodicJobIDPrefix = "periodic_"

// Job is one unit of background work.
type Job struct {
	ID          string
	Kind        string
	WorkspaceID string
	Ref         string // what the job is about (for listing and cancelling)
	Args        []byte // the kind's arguments, JSON
	State       string
	Attempts    int // runs started, including the current one
	MaxAttempts int
	RunAt       time.Time
	LockedBy    string
	LockedUntil *time.Time
	LastError   string
	CreatedAt   time.Time
}

// JobInsert describes a job to enqueue.
type JobInsert struct {
	ID          string
	Kind        string
	WorkspaceID string
	Ref         string
	Args        []byte
	MaxAttempts int
	RunAt       time.Time // zero: now
	// IfAbsent skips the insert when a job with this ID exists (periodic
	// jobs: every process ensures the one row of its schedule).
	IfAbsent bool
}

// JobCancelParams selects the waiting jobs to close.
type JobCancelParams struct {
	WorkspaceID string
	Ref         string
	Reason      string
}

// JobClaimParams selects jobs to lease.
type JobClaimParams struct {
	Kinds  []string
	Worker string
	Lease  time.Duration
	Limit  int
	Now    time.Time // zero: the database host's time
}

// JobExtendParams renews a lease.
type JobExtendParams struct {
	JobID  string
	Worker string
	Until  time.Time
}

// JobCompleteParams is a job's outcome. State is JobDone, JobFailed or
// JobAvailable (run again at RunAt).
type JobCompleteParams struct {
	JobID  string
	Worker string
	State  string
	RunAt  time.Time
	Error  string
	// RefundAttempt gives the claimed attempt back (a graceful shutdown
	// interrupted the run, or a periodic job is rescheduled).
	RefundAttempt bool
}

// JobListParams filters JobList.
type JobListParams struct {
	Ref  string
	Kind string
}

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

// Queue is the durable job queue and event outbox. It lives in the same
// database as the extractions so that a job's effect (state change,
// result, events, follow-up jobs) commits in one transaction with the
// job's completion.
type Queue interface {
	// ExtractionSubmit inserts an extraction with its events and jobs in
	// one transaction. A taken idempotency key gives ErrConflict and
	// inserts nothing.
	ExtractionSubmit(ctx context.Context, p ExtractionSubmitParams) error
	// ExtractionCancel is ExtractionUpdate(FromStatuses) plus closing the
	// extraction's pending jobs, in one transaction.
	ExtractionCancel(ctx context.Context, p ExtractionUpdateParams) (*Extraction, error)

	// JobClaim leases up to Limit due jobs of the given kinds to Worker,
	// counting one attempt each.
	JobClaim(ctx context.Context, p JobClaimParams) ([]*Job, error)
	// JobExtend renews the lease and may update the job's extraction in
	// the same transaction. ErrLeaseLost when Worker no longer holds it.
	JobExtend(ctx context.Context, p JobExtendParams) (*Extraction, error)
	// JobComplete records a job's outcome with its effects atomically,
	// guarded by the lease. ErrLeaseLost when Worker no longer holds it.
	JobComplete(ctx context.Context, p JobCompleteParams) error
	// JobReap makes running jobs whose lease ended before Now available
	// again (their worker died) and returns how many it freed.
	JobReap(ctx context.Context, now time.Time) (int, error)
	// JobList lists jobs of an extraction or event (tests, diagnostics).
	JobList(ctx context.Context, p JobListParams) ([]*Job, error)
	// JobStats counts jobs by state.
	JobStats(ctx context.Context) (map[string]int, error)

	// EventGet returns one outbox event.
	EventGet(ctx context.Context, id string) (*Event, error)
	// EventList returns an extraction's events, oldest first.
	EventList(ctx context.Context, workspaceID, extractionID string) ([]*Event, error)
}

// Job is one unit of background work.
type Job struct {
	ID          string
	Kind        string
	WorkspaceID string
	Ref         string // extraction id, or event id for webhook deliveries
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
	MaxAttempts int
	RunAt       time.Time
}

// Event is one outbox row: an envelope of §4.1, stored with the state
// change that caused it.
type Event struct {
	ID           string
	WorkspaceID  string
	ExtractionID string
	Type         string
	OccurredAt   time.Time
	Payload      []byte // the envelope JSON, exactly as delivered
}

// ExtractionSubmitParams is an extraction with what its submission causes.
type ExtractionSubmitParams struct {
	Extraction *Extraction
	Events     []Event
	Jobs       []JobInsert
}

// JobClaimParams selects jobs to lease.
type JobClaimParams struct {
	Kinds  []string
	Worker string
	Lease  time.Duration
	Limit  int
	Now    time.Time
}

// JobExtendParams renews a lease.
type JobExtendParams struct {
	JobID      string
	Worker     string
	Until      time.Time
	Extraction *ExtractionUpdateParams // optional, applied in the same transaction
}

// JobCompleteParams is a job's outcome. State is JobDone, JobFailed or
// JobAvailable (retry at RetryAt).
type JobCompleteParams struct {
	JobID      string
	Worker     string
	State      string
	RetryAt    time.Time
	Error      string
	Extraction *ExtractionUpdateParams // optional; a CAS miss rolls back and gives ErrConflict
	Events     []Event
	Enqueue    []JobInsert
	// RefundAttempt gives the claimed attempt back (a graceful shutdown
	// interrupted the run; it was not the job's fault).
	RefundAttempt bool
}

// JobListParams filters JobList.
type JobListParams struct {
	Ref  string
	Kind string
}

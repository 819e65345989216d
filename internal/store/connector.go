package store

import (
	"context"
	"time"
)

// Connectors are the workspaces' storage connectors (buckets Quarry reads
// documents from and writes exports to), the schedules that sync them,
// the log of each sync run and the sync ledger: which version (ETag) of
// which object a connector has already handed to processing.
type Connectors interface {
	ConnectorInsert(ctx context.Context, c *Connector) error
	// ConnectorGet returns one connector of the workspace, active or not.
	ConnectorGet(ctx context.Context, workspaceID, id string) (*Connector, error)
	// ConnectorList returns the workspace's active connectors, oldest first.
	ConnectorList(ctx context.Context, workspaceID string) ([]*Connector, error)
	// ConnectorDeactivate soft-deletes a connector and its schedules;
	// ErrNotFound when the workspace has no such active connector.
	ConnectorDeactivate(ctx context.Context, workspaceID, id string, at time.Time) error
	// ConnectorTouch records a connectivity test or a use (nil: unchanged).
	ConnectorTouch(ctx context.Context, workspaceID, id string, testedAt, usedAt *time.Time) error

	ScheduleInsert(ctx context.Context, s *Schedule) error
	// ScheduleGet returns one schedule of the workspace, active or not.
	ScheduleGet(ctx context.Context, workspaceID, id string) (*Schedule, error)
	// ScheduleList returns a connector's active schedules, oldest first.
	ScheduleList(ctx context.Context, workspaceID, connectorID string) ([]*Schedule, error)
	// ScheduleDeactivate deletes a schedule (soft); ErrNotFound when the
	// connector has no such active schedule.
	ScheduleDeactivate(ctx context.Context, workspaceID, connectorID, id string, at time.Time) error
	// ScheduleDue returns active, enabled schedules of every workspace
	// whose next run is at or before now, earliest first.
	ScheduleDue(ctx context.Context, now time.Time, limit int) ([]*Schedule, error)
	// ScheduleAdvance moves a schedule's next run from p.From to p.Next
	// and sets its last run to p.From: a compare-and-set, so of two
	// processes that saw the same due schedule only one advances it
	// (ErrConflict for the other).
	ScheduleAdvance(ctx context.Context, p ScheduleAdvanceParams) error

	SyncLogInsert(ctx context.Context, l *SyncLog) error
	SyncLogGet(ctx context.Context, workspaceID, id string) (*SyncLog, error)
	// SyncLogUpdate writes a run's counts, status, error and end.
	SyncLogUpdate(ctx context.Context, l *SyncLog) error
	// SyncLogList returns a schedule's runs, newest first.
	SyncLogList(ctx context.Context, workspaceID, scheduleID string, limit int) ([]*SyncLog, error)

	// SyncEntries returns the ledger rows of keys on a connector, by key
	// (keys never seen are absent).
	SyncEntries(ctx context.Context, workspaceID, connectorID string, keys []string) (map[string]*SyncEntry, error)
	// SyncEntryPut records (or replaces) what was done with a key's
	// version.
	SyncEntryPut(ctx context.Context, e *SyncEntry) error
	// SyncEntryCount counts a run's ledger rows by outcome.
	SyncEntryCount(ctx context.Context, workspaceID, syncLogID string) (map[string]int, error)

	// AutoExportPut records a webhook's auto_export.
	AutoExportPut(ctx context.Context, a *AutoExport) error
	// AutoExportGet returns a webhook's auto_export (ErrNotFound: none).
	AutoExportGet(ctx context.Context, workspaceID, hookID string) (*AutoExport, error)
}

// AutoExport is a webhook's request to have a ready dataset written to a
// connector before dataset.ready is delivered.
type AutoExport struct {
	HookID      string
	WorkspaceID string
	ConnectorID string
	Format      string
	Prefix      string
}

// Connector is one configured bucket or container. SealedConfig is the
// caller's config JSON sealed by internal/secret for the workspace; the
// plain config (credentials) is never stored.
type Connector struct {
	ID           string
	WorkspaceID  string
	Name         string
	Type         string // s3, gcs, azure_blob
	SealedConfig string
	Active       bool
	LastTestedAt *time.Time
	LastUsedAt   *time.Time
	CreatedAt    time.Time
}

// Schedule syncs a connector's prefix either on a cron expression (5
// fields, UTC) or every Interval; exactly one of the two is set.
type Schedule struct {
	ID          string
	WorkspaceID string
	ConnectorID string
	Name        string
	Cron        string
	Interval    time.Duration
	Prefix      string
	Enabled     bool // the interval form's switch; cron schedules are always enabled
	Active      bool // false once deleted
	LastRunAt   *time.Time
	NextRunAt   time.Time
	CreatedAt   time.Time
}

// ScheduleAdvanceParams is a compare-and-set on a schedule's next run.
type ScheduleAdvanceParams struct {
	WorkspaceID, ID string
	From, Next      time.Time
}

// Sync run states.
const (
	SyncRunning   = "running"
	SyncCompleted = "completed"
	SyncFailed    = "failed"
)

// SyncLog is one sync run of a schedule.
type SyncLog struct {
	ID           string
	WorkspaceID  string
	ScheduleID   string
	ConnectorID  string
	Status       string
	FilesFound   int
	FilesNew     int
	FilesSkipped int
	FilesFailed  int
	ErrorMessage string
	StartedAt    time.Time
	CompletedAt  *time.Time
}

// Ledger outcomes.
const (
	SyncQueued    = "queued"    // a new document and job
	SyncDuplicate = "duplicate" // the bytes were already a document: nothing charged
	SyncRejected  = "rejected"  // the object can never be processed (Error says why)
)

// SyncEntry is the ledger row of one object key on a connector: the
// version last handed to processing and what came of it.
type SyncEntry struct {
	WorkspaceID string
	ConnectorID string
	Key         string
	ETag        string
	Outcome     string
	Error       string // the rejection code when Outcome is SyncRejected
	DocumentID  string
	JobID       string
	SyncLogID   string // the run that recorded it ("" for a direct pull)
	SeenAt      time.Time
}

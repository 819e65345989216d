package store

import (
	"context"
	"time"
)

// Audit is the append-only trail of who did what in a workspace. There is
// no update; AuditPrune is for the retention of security logs only.
type Audit interface {
	AuditAppend(ctx context.Context, e *AuditEvent) error
	// AuditList returns the workspace's events at or after since, oldest
	// first, at most limit.
	AuditList(ctx context.Context, workspaceID string, since time.Time, limit int) ([]*AuditEvent, error)
	// AuditPrune deletes events older than before (every workspace) and
	// says how many.
	AuditPrune(ctx context.Context, before time.Time) (int64, error)
}

// AuditEvent is one recorded action. Details are names and counts, never
// document content or personal data.
type AuditEvent struct {
	ID          string
	WorkspaceID string
	At          time.Time
	Actor       string // key_..., user_..., "cli", "system"
	Action      string // e.g. api_key.created, document.uploaded
	Subject     string // the id acted on
	DocumentID  *string
	Outcome     string // success | failure
	Details     map[string]any
}

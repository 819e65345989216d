package store

import (
	"context"
	"time"
)

// Retention deletes what a workspace's plan no longer keeps.
type Retention interface {
	// RetentionPurge deletes, in one transaction, the workspace's
	// documents created before the cutoff (with their processing
	// history) and its finished extractions submitted before it (with
	// their events and feedback). Credit and audit records stay. The
	// blobs the extractions referenced are left to the blob sweep.
	RetentionPurge(ctx context.Context, workspaceID string, before time.Time) (Purged, error)
}

// Purged counts what a purge deleted.
type Purged struct {
	Documents   int64
	Extractions int64
	Events      int64
}

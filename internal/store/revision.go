package store

import (
	"context"
	"time"
)

// Revisions holds people's corrections of extracted values. A revision
// sits beside the extracted value and never replaces it: the result a
// pipeline wrote stays as it was, so a correction can be audited, undone
// (by a later revision) and counted as feedback on the extraction.
type Revisions interface {
	// RevisionInsert stores a new revision.
	RevisionInsert(ctx context.Context, r *Revision) error
	// RevisionList returns an extraction's revisions, oldest first.
	RevisionList(ctx context.Context, workspaceID, extractionID string) ([]*Revision, error)
	// RevisionCount counts an extraction's revisions.
	RevisionCount(ctx context.Context, workspaceID, extractionID string) (int, error)
}

// Revision is one person's value for one field of one extraction.
type Revision struct {
	ID           string
	WorkspaceID  string
	ExtractionID string
	// Field names the field as group.field (the path the result uses).
	Field string
	// Value is the corrected value as JSON; Extracted is the value the
	// pipeline wrote, copied so the pair reads without the result.
	Value, Extracted []byte
	Author           string // user or key id
	Note             string
	CreatedAt        time.Time
}

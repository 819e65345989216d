package store

import (
	"context"
	"time"
)

// Documents are the /v1 uploads: immutable, unique by content hash within
// a workspace.
type Documents interface {
	// DocumentInsert stores a document; ErrConflict when the workspace
	// holds the same content already.
	DocumentInsert(ctx context.Context, d *Document) error
	DocumentGet(ctx context.Context, workspaceID, id string) (*Document, error)
	DocumentByHash(ctx context.Context, workspaceID, sha256 string) (*Document, error)
	// DocumentList is newest first, with the workspace's total.
	DocumentList(ctx context.Context, workspaceID string, limit, offset int) ([]*Document, int, error)
	// DocumentJobAdd records that an extraction processed the document.
	DocumentJobAdd(ctx context.Context, workspaceID, documentID, extractionID string, at time.Time) error
	// DocumentJobs lists the extractions of a document, oldest first.
	DocumentJobs(ctx context.Context, workspaceID, documentID string) ([]string, error)
	// FeedbackPut stores (or replaces) the feedback on a job.
	FeedbackPut(ctx context.Context, f *Feedback) error
	// FeedbackGet returns a job's feedback; ErrNotFound when none.
	FeedbackGet(ctx context.Context, workspaceID, extractionID string) (*Feedback, error)
}

// Feedback is a person's verdict on a job's result.
type Feedback struct {
	WorkspaceID  string
	ExtractionID string
	Rating       string
	Issue        *string
	Notes        *string
	CreatedAt    time.Time
}

// Document is one accepted upload. Its bytes are a blob named by the
// extraction's stored request.
type Document struct {
	ID          string
	WorkspaceID string
	SHA256      string
	Filename    string
	MediaType   string
	Size        int64
	JobID       string // the extraction its upload started
	CreatedAt   time.Time
}

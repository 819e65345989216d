package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

const documentCols = `id, workspace_id, sha256, filename, media_type, size, job_id, created_at`

// DocumentInsert stores an upload; the same content twice in one
// workspace is ErrConflict.
func (o ops) DocumentInsert(ctx context.Context, d *store.Document) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO documents (`+documentCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
		d.ID, d.WorkspaceID, d.SHA256, d.Filename, d.MediaType, d.Size, d.JobID, store.Micros(d.CreatedAt))
	if err != nil && o.db.D.IsUnique(err) {
		return store.ErrConflict
	}
	return err
}

// DocumentGet returns one document of the workspace.
func (o ops) DocumentGet(ctx context.Context, workspaceID, id string) (*store.Document, error) {
	return scanDocument(o.r.QueryRowContext(ctx, o.db.q(`SELECT `+documentCols+` FROM documents WHERE workspace_id = ? AND id = ?`), workspaceID, id))
}

// DocumentByHash finds the workspace's document with that content.
func (o ops) DocumentByHash(ctx context.Context, workspaceID, sha256 string) (*store.Document, error) {
	return scanDocument(o.r.QueryRowContext(ctx, o.db.q(`SELECT `+documentCols+` FROM documents WHERE workspace_id = ? AND sha256 = ?`), workspaceID, sha256))
}

// DocumentList pages the workspace's documents, newest first.
func (o ops) DocumentList(ctx context.Context, workspaceID string, limit, offset int) ([]*store.Document, int, error) {
	var total int
	if err := o.r.QueryRowContext(ctx, o.db.q(`SELECT count(*) FROM documents WHERE workspace_id = ?`), workspaceID).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT `+documentCols+` FROM documents WHERE workspace_id = ?
		ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`), workspaceID, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	list, err := collect(rows, scanDocument)
	return list, total, err
}

func scanDocument(s scanner) (*store.Document, error) {
	var d store.Document
	var created int64
	err := s.Scan(&d.ID, &d.WorkspaceID, &d.SHA256, &d.Filename, &d.MediaType, &d.Size, &d.JobID, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	d.CreatedAt = store.FromMicros(created)
	return &d, nil
}

// DocumentJobAdd records one processing of a document (idempotent).
func (o ops) DocumentJobAdd(ctx context.Context, workspaceID, documentID, extractionID string, at time.Time) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO document_jobs (workspace_id, document_id, extraction_id, created_at)
		VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`), workspaceID, documentID, extractionID, store.Micros(at))
	return err
}

// DocumentJobs lists a document's extractions, oldest first.
func (o ops) DocumentJobs(ctx context.Context, workspaceID, documentID string) ([]string, error) {
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT extraction_id FROM document_jobs WHERE workspace_id = ? AND document_id = ?
		ORDER BY created_at, extraction_id`), workspaceID, documentID)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (string, error) {
		var id string
		return id, s.Scan(&id)
	})
}

// FeedbackPut upserts a job's feedback.
func (o ops) FeedbackPut(ctx context.Context, f *store.Feedback) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO job_feedback (workspace_id, extraction_id, rating, issue, notes, created_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, extraction_id)
		DO UPDATE SET rating = excluded.rating, issue = excluded.issue, notes = excluded.notes, created_at = excluded.created_at`),
		f.WorkspaceID, f.ExtractionID, f.Rating, f.Issue, f.Notes, store.Micros(f.CreatedAt))
	return err
}

// FeedbackGet returns a job's feedback.
func (o ops) FeedbackGet(ctx context.Context, workspaceID, extractionID string) (*store.Feedback, error) {
	var f store.Feedback
	var issue, notes sql.NullString
	var at int64
	err := o.r.QueryRowContext(ctx, o.db.q(`SELECT workspace_id, extraction_id, rating, issue, notes, created_at FROM job_feedback
		WHERE workspace_id = ? AND extraction_id = ?`), workspaceID, extractionID).Scan(&f.WorkspaceID, &f.ExtractionID, &f.Rating, &issue, &notes, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if issue.Valid {
		f.Issue = &issue.String
	}
	if notes.Valid {
		f.Notes = &notes.String
	}
	f.CreatedAt = store.FromMicros(at)
	return &f, nil
}

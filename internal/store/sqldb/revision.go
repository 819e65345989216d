package sqldb

import (
	"context"

	"github.com/quarrydev/quarry/internal/store"
)

// RevisionInsert stores one correction.
func (o ops) RevisionInsert(ctx context.Context, r *store.Revision) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO revisions (id, workspace_id, extraction_id, field, value, extracted, author, note, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		r.ID, r.WorkspaceID, r.ExtractionID, r.Field, string(r.Value), string(r.Extracted), r.Author, r.Note, store.Micros(r.CreatedAt))
	return err
}

// RevisionList returns an extraction's corrections, oldest first (the id
// breaks ties within one microsecond).
func (o ops) RevisionList(ctx context.Context, workspaceID, extractionID string) ([]*store.Revision, error) {
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT id, workspace_id, extraction_id, field, value, extracted, author, note, created_at
		FROM revisions WHERE workspace_id = ? AND extraction_id = ? ORDER BY created_at, id`), workspaceID, extractionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*store.Revision
	for rows.Next() {
		var r store.Revision
		var value, extracted string
		var at int64
		if err := rows.Scan(&r.ID, &r.WorkspaceID, &r.ExtractionID, &r.Field, &value, &extracted, &r.Author, &r.Note, &at); err != nil {
			return nil, err
		}
		r.Value, r.Extracted, r.CreatedAt = []byte(value), []byte(extracted), store.FromMicros(at)
		out = append(out, &r)
	}
	return out, rows.Err()
}

// RevisionCount counts an extraction's corrections.
func (o ops) RevisionCount(ctx context.Context, workspaceID, extractionID string) (int, error) {
	var n int
	err := o.r.QueryRowContext(ctx, o.db.q(`SELECT COUNT(*) FROM revisions WHERE workspace_id = ? AND extraction_id = ?`),
		workspaceID, extractionID).Scan(&n)
	return n, err
}

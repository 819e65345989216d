package sqldb

import (
	"context"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

// finishedBefore selects the workspace's finished extractions submitted
// before a cutoff; queued and running ones are never purged.
const finishedBefore = `SELECT id FROM extractions WHERE workspace_id = ? AND submitted_at < ?
	AND status IN ('succeeded', 'failed', 'cancelled')`

// RetentionPurge implements store.Retention.
func (db *DB) RetentionPurge(ctx context.Context, workspaceID string, before time.Time) (store.Purged, error) {
	var p store.Purged
	cut := store.Micros(before)
	err := db.txOn(ctx, db.Write, func(o ops) error {
		exec := func(q string, args ...any) (int64, error) {
			res, err := o.w.ExecContext(ctx, db.q(q), args...)
			if err != nil {
				return 0, err
			}
			return res.RowsAffected()
		}
		if _, err := exec(`DELETE FROM document_jobs WHERE workspace_id = ? AND document_id IN
			(SELECT id FROM documents WHERE workspace_id = ? AND created_at < ?)`, workspaceID, workspaceID, cut); err != nil {
			return err
		}
		var err error
		if p.Documents, err = exec(`DELETE FROM documents WHERE workspace_id = ? AND created_at < ?`, workspaceID, cut); err != nil {
			return err
		}
		if p.Events, err = exec(`DELETE FROM events WHERE workspace_id = ? AND subject IN (`+finishedBefore+`)`, workspaceID, workspaceID, cut); err != nil {
			return err
		}
		if _, err = exec(`DELETE FROM job_feedback WHERE workspace_id = ? AND extraction_id IN (`+finishedBefore+`)`, workspaceID, workspaceID, cut); err != nil {
			return err
		}
		// Corrections go with the extraction they correct.
		if _, err = exec(`DELETE FROM revisions WHERE workspace_id = ? AND extraction_id IN (`+finishedBefore+`)`, workspaceID, workspaceID, cut); err != nil {
			return err
		}
		p.Extractions, err = exec(`DELETE FROM extractions WHERE workspace_id = ? AND submitted_at < ?
			AND status IN ('succeeded', 'failed', 'cancelled')`, workspaceID, cut)
		return err
	})
	return p, err
}

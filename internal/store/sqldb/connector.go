package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

const connectorCols = `id, workspace_id, name, type, sealed_config, active, last_tested_at, last_used_at, created_at`

// ConnectorInsert stores a new active connector.
func (o ops) ConnectorInsert(ctx context.Context, c *store.Connector) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO connectors (`+connectorCols+`) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)`),
		c.ID, c.WorkspaceID, c.Name, c.Type, c.SealedConfig, micros(c.LastTestedAt), micros(c.LastUsedAt), store.Micros(c.CreatedAt))
	return err
}

// ConnectorGet returns one connector of the workspace.
func (o ops) ConnectorGet(ctx context.Context, workspaceID, id string) (*store.Connector, error) {
	return scanConnector(o.r.QueryRowContext(ctx, o.db.q(`SELECT `+connectorCols+` FROM connectors WHERE workspace_id = ? AND id = ?`), workspaceID, id))
}

// ConnectorList returns the workspace's active connectors.
func (o ops) ConnectorList(ctx context.Context, workspaceID string) ([]*store.Connector, error) {
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT `+connectorCols+` FROM connectors WHERE workspace_id = ? AND active = 1 ORDER BY created_at, id`), workspaceID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanConnector)
}

// ConnectorDeactivate soft-deletes a connector and its schedules.
func (o ops) ConnectorDeactivate(ctx context.Context, workspaceID, id string, at time.Time) error {
	res, err := o.w.ExecContext(ctx, o.db.q(`UPDATE connectors SET active = 0, deleted_at = ? WHERE workspace_id = ? AND id = ? AND active = 1`),
		store.Micros(at), workspaceID, id)
	if err != nil {
		return err
	}
	if err := oneRow(res); err != nil {
		return err
	}
	_, err = o.w.ExecContext(ctx, o.db.q(`UPDATE sync_schedules SET active = 0, deleted_at = ? WHERE workspace_id = ? AND connector_id = ? AND active = 1`),
		store.Micros(at), workspaceID, id)
	return err
}

// ConnectorTouch records a test or a use.
func (o ops) ConnectorTouch(ctx context.Context, workspaceID, id string, testedAt, usedAt *time.Time) error {
	res, err := o.w.ExecContext(ctx, o.db.q(`UPDATE connectors SET last_tested_at = COALESCE(?, last_tested_at),
		last_used_at = COALESCE(?, last_used_at) WHERE workspace_id = ? AND id = ?`), micros(testedAt), micros(usedAt), workspaceID, id)
	if err != nil {
		return err
	}
	return oneRow(res)
}

func scanConnector(s scanner) (*store.Connector, error) {
	var c store.Connector
	var active int
	var tested, used sql.NullInt64
	var created int64
	err := s.Scan(&c.ID, &c.WorkspaceID, &c.Name, &c.Type, &c.SealedConfig, &active, &tested, &used, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	c.Active, c.LastTestedAt, c.LastUsedAt, c.CreatedAt = active == 1, fromNull(tested), fromNull(used), store.FromMicros(created)
	return &c, nil
}

const scheduleCols = `id, workspace_id, connector_id, name, cron, interval_seconds, prefix, enabled, active, last_run_at, next_run_at, created_at`

// ScheduleInsert stores a new active schedule.
func (o ops) ScheduleInsert(ctx context.Context, s *store.Schedule) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO sync_schedules (`+scheduleCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`),
		s.ID, s.WorkspaceID, s.ConnectorID, s.Name, s.Cron, int64(s.Interval/time.Second), s.Prefix, boolInt(s.Enabled),
		micros(s.LastRunAt), store.Micros(s.NextRunAt), store.Micros(s.CreatedAt))
	return err
}

// ScheduleGet returns one schedule of the workspace.
func (o ops) ScheduleGet(ctx context.Context, workspaceID, id string) (*store.Schedule, error) {
	return scanSchedule(o.r.QueryRowContext(ctx, o.db.q(`SELECT `+scheduleCols+` FROM sync_schedules WHERE workspace_id = ? AND id = ?`), workspaceID, id))
}

// ScheduleList returns a connector's active schedules.
func (o ops) ScheduleList(ctx context.Context, workspaceID, connectorID string) ([]*store.Schedule, error) {
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT `+scheduleCols+` FROM sync_schedules
		WHERE workspace_id = ? AND connector_id = ? AND active = 1 ORDER BY created_at, id`), workspaceID, connectorID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanSchedule)
}

// ScheduleDeactivate soft-deletes a schedule.
func (o ops) ScheduleDeactivate(ctx context.Context, workspaceID, connectorID, id string, at time.Time) error {
	res, err := o.w.ExecContext(ctx, o.db.q(`UPDATE sync_schedules SET active = 0, deleted_at = ?
		WHERE workspace_id = ? AND connector_id = ? AND id = ? AND active = 1`), store.Micros(at), workspaceID, connectorID, id)
	if err != nil {
		return err
	}
	return oneRow(res)
}

// ScheduleDue returns the schedules whose next run has come.
func (o ops) ScheduleDue(ctx context.Context, now time.Time, limit int) ([]*store.Schedule, error) {
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT `+scheduleCols+` FROM sync_schedules
		WHERE active = 1 AND enabled = 1 AND next_run_at <= ? ORDER BY next_run_at, id LIMIT ?`), store.Micros(now), limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanSchedule)
}

// ScheduleAdvance moves next_run_at from p.From to p.Next, or reports
// ErrConflict when another process moved it first.
func (o ops) ScheduleAdvance(ctx context.Context, p store.ScheduleAdvanceParams) error {
	res, err := o.w.ExecContext(ctx, o.db.q(`UPDATE sync_schedules SET next_run_at = ?, last_run_at = ?
		WHERE workspace_id = ? AND id = ? AND next_run_at = ? AND active = 1`),
		store.Micros(p.Next), store.Micros(p.From), p.WorkspaceID, p.ID, store.Micros(p.From))
	if err != nil {
		return err
	}
	if err := oneRow(res); errors.Is(err, store.ErrNotFound) {
		return store.ErrConflict
	} else if err != nil {
		return err
	}
	return nil
}

func scanSchedule(s scanner) (*store.Schedule, error) {
	var x store.Schedule
	var interval int64
	var enabled, active int
	var last sql.NullInt64
	var next, created int64
	err := s.Scan(&x.ID, &x.WorkspaceID, &x.ConnectorID, &x.Name, &x.Cron, &interval, &x.Prefix, &enabled, &active, &last, &next, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	x.Interval = time.Duration(interval) * time.Second
	x.Enabled, x.Active, x.LastRunAt = enabled == 1, active == 1, fromNull(last)
	x.NextRunAt, x.CreatedAt = store.FromMicros(next), store.FromMicros(created)
	return &x, nil
}

const syncLogCols = `id, workspace_id, schedule_id, connector_id, status, files_found, files_new, files_skipped, files_failed,
	error_message, started_at, completed_at`

// SyncLogInsert stores a run.
func (o ops) SyncLogInsert(ctx context.Context, l *store.SyncLog) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO sync_logs (`+syncLogCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		l.ID, l.WorkspaceID, l.ScheduleID, l.ConnectorID, l.Status, l.FilesFound, l.FilesNew, l.FilesSkipped, l.FilesFailed,
		l.ErrorMessage, store.Micros(l.StartedAt), micros(l.CompletedAt))
	if err != nil && o.db.D.IsUnique(err) {
		return store.ErrConflict
	}
	return err
}

// SyncLogGet returns one run.
func (o ops) SyncLogGet(ctx context.Context, workspaceID, id string) (*store.SyncLog, error) {
	return scanSyncLog(o.r.QueryRowContext(ctx, o.db.q(`SELECT `+syncLogCols+` FROM sync_logs WHERE workspace_id = ? AND id = ?`), workspaceID, id))
}

// SyncLogUpdate writes a run's outcome.
func (o ops) SyncLogUpdate(ctx context.Context, l *store.SyncLog) error {
	res, err := o.w.ExecContext(ctx, o.db.q(`UPDATE sync_logs SET status = ?, files_found = ?, files_new = ?, files_skipped = ?,
		files_failed = ?, error_message = ?, completed_at = ? WHERE workspace_id = ? AND id = ?`),
		l.Status, l.FilesFound, l.FilesNew, l.FilesSkipped, l.FilesFailed, l.ErrorMessage, micros(l.CompletedAt), l.WorkspaceID, l.ID)
	if err != nil {
		return err
	}
	return oneRow(res)
}

// SyncLogList returns a schedule's runs, newest first.
func (o ops) SyncLogList(ctx context.Context, workspaceID, scheduleID string, limit int) ([]*store.SyncLog, error) {
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT `+syncLogCols+` FROM sync_logs WHERE workspace_id = ? AND schedule_id = ?
		ORDER BY started_at DESC, id DESC LIMIT ?`), workspaceID, scheduleID, limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanSyncLog)
}

func scanSyncLog(s scanner) (*store.SyncLog, error) {
	var l store.SyncLog
	var started int64
	var completed sql.NullInt64
	err := s.Scan(&l.ID, &l.WorkspaceID, &l.ScheduleID, &l.ConnectorID, &l.Status, &l.FilesFound, &l.FilesNew, &l.FilesSkipped,
		&l.FilesFailed, &l.ErrorMessage, &started, &completed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	l.StartedAt, l.CompletedAt = store.FromMicros(started), fromNull(completed)
	return &l, nil
}

const syncEntryCols = `workspace_id, connector_id, object_key, etag, outcome, error, document_id, job_id, sync_log_id, seen_at`

// SyncEntries returns the ledger rows of keys, by key. Keys are looked up
// in chunks so one listing page stays one or a few queries.
func (o ops) SyncEntries(ctx context.Context, workspaceID, connectorID string, keys []string) (map[string]*store.SyncEntry, error) {
	out := make(map[string]*store.SyncEntry, len(keys))
	const chunk = 200
	for len(keys) > 0 {
		n := min(chunk, len(keys))
		args := []any{workspaceID, connectorID}
		for _, k := range keys[:n] {
			args = append(args, k)
		}
		keys = keys[n:]
		rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT `+syncEntryCols+` FROM sync_ledger
			WHERE workspace_id = ? AND connector_id = ? AND object_key IN (`+marks(n)+`)`), args...)
		if err != nil {
			return nil, err
		}
		list, err := collect(rows, scanSyncEntry)
		if err != nil {
			return nil, err
		}
		for _, e := range list {
			out[e.Key] = e
		}
	}
	return out, nil
}

// SyncEntryPut records a key's version (an upsert on the key).
func (o ops) SyncEntryPut(ctx context.Context, e *store.SyncEntry) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO sync_ledger (`+syncEntryCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (workspace_id, connector_id, object_key) DO UPDATE SET etag = excluded.etag, outcome = excluded.outcome,
		error = excluded.error, document_id = excluded.document_id, job_id = excluded.job_id, sync_log_id = excluded.sync_log_id,
		seen_at = excluded.seen_at`),
		e.WorkspaceID, e.ConnectorID, e.Key, e.ETag, e.Outcome, e.Error, e.DocumentID, e.JobID, e.SyncLogID, store.Micros(e.SeenAt))
	return err
}

// SyncEntryCount counts a run's ledger rows by outcome.
func (o ops) SyncEntryCount(ctx context.Context, workspaceID, syncLogID string) (map[string]int, error) {
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT outcome, COUNT(*) FROM sync_ledger WHERE workspace_id = ? AND sync_log_id = ? GROUP BY outcome`),
		workspaceID, syncLogID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

func scanSyncEntry(s scanner) (*store.SyncEntry, error) {
	var e store.SyncEntry
	var seen int64
	if err := s.Scan(&e.WorkspaceID, &e.ConnectorID, &e.Key, &e.ETag, &e.Outcome, &e.Error, &e.DocumentID, &e.JobID, &e.SyncLogID, &seen); err != nil {
		return nil, err
	}
	e.SeenAt = store.FromMicros(seen)
	return &e, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// AutoExportPut records a webhook's auto_export.
func (o ops) AutoExportPut(ctx context.Context, a *store.AutoExport) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO hook_auto_exports (hook_id, workspace_id, connector_id, format, prefix) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (hook_id) DO UPDATE SET connector_id = excluded.connector_id, format = excluded.format, prefix = excluded.prefix`),
		a.HookID, a.WorkspaceID, a.ConnectorID, a.Format, a.Prefix)
	return err
}

// AutoExportGet returns a webhook's auto_export.
func (o ops) AutoExportGet(ctx context.Context, workspaceID, hookID string) (*store.AutoExport, error) {
	var a store.AutoExport
	err := o.r.QueryRowContext(ctx, o.db.q(`SELECT hook_id, workspace_id, connector_id, format, prefix FROM hook_auto_exports
		WHERE workspace_id = ? AND hook_id = ?`), workspaceID, hookID).Scan(&a.HookID, &a.WorkspaceID, &a.ConnectorID, &a.Format, &a.Prefix)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &a, nil
}

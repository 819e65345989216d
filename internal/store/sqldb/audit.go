package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

// AuditAppend adds one event.
func (o ops) AuditAppend(ctx context.Context, e *store.AuditEvent) error {
	details, err := json.Marshal(e.Details)
	if err != nil {
		return err
	}
	_, err = o.w.ExecContext(ctx, o.db.q(`INSERT INTO audit_events (id, workspace_id, at, actor, action, subject, document_id, outcome, details)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`), e.ID, e.WorkspaceID, store.Micros(e.At), e.Actor, e.Action, e.Subject, e.DocumentID, e.Outcome, string(details))
	return err
}

// AuditList returns a workspace's events from since, oldest first.
func (o ops) AuditList(ctx context.Context, workspaceID string, since time.Time, limit int) ([]*store.AuditEvent, error) {
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT id, workspace_id, at, actor, action, subject, document_id, outcome, details
		FROM audit_events WHERE workspace_id = ? AND at >= ? ORDER BY at, id LIMIT ?`), workspaceID, store.Micros(since), limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (*store.AuditEvent, error) {
		var e store.AuditEvent
		var at int64
		var doc sql.NullString
		var details string
		if err := s.Scan(&e.ID, &e.WorkspaceID, &at, &e.Actor, &e.Action, &e.Subject, &doc, &e.Outcome, &details); err != nil {
			return nil, err
		}
		e.At = store.FromMicros(at)
		if doc.Valid {
			e.DocumentID = &doc.String
		}
		if err := json.Unmarshal([]byte(details), &e.Details); err != nil {
			return nil, err
		}
		return &e, nil
	})
}

// AuditPrune deletes events older than before.
func (o ops) AuditPrune(ctx context.Context, before time.Time) (int64, error) {
	res, err := o.w.ExecContext(ctx, o.db.q(`DELETE FROM audit_events WHERE at < ?`), store.Micros(before))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

package sqldb

import (
	"context"
	"database/sql"
	"errors"

	"github.com/quarrydev/quarry/internal/store"
)

// EventInsert appends outbox rows.
func (o ops) EventInsert(ctx context.Context, events ...store.Event) error {
	for _, e := range events {
		if _, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO events (id, workspace_id, subject, type, occurred_at, payload)
			VALUES (?, ?, ?, ?, ?, ?)`), e.ID, e.WorkspaceID, e.Subject, e.Type, store.Micros(e.OccurredAt), e.Payload); err != nil {
			return err
		}
	}
	return nil
}

// EventGet returns one event.
func (o ops) EventGet(ctx context.Context, id string) (*store.Event, error) {
	row := o.r.QueryRowContext(ctx, o.db.q(`SELECT id, workspace_id, subject, type, occurred_at, payload FROM events WHERE id = ?`), id)
	return scanEvent(row)
}

// EventList returns a subject's events in order.
func (o ops) EventList(ctx context.Context, workspaceID, subject string) ([]*store.Event, error) {
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT id, workspace_id, subject, type, occurred_at, payload FROM events
		WHERE workspace_id = ? AND subject = ? ORDER BY seq`), workspaceID, subject)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanEvent)
}

func scanEvent(s scanner) (*store.Event, error) {
	var e store.Event
	var at int64
	err := s.Scan(&e.ID, &e.WorkspaceID, &e.Subject, &e.Type, &at, &e.Payload)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	e.OccurredAt = store.FromMicros(at)
	return &e, nil
}

package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

const hookCols = `id, workspace_id, url, events, secret, active, created_at`

// HookInsert registers a hook.
func (o ops) HookInsert(ctx context.Context, h *store.Hook) error {
	events, err := json.Marshal(h.Events)
	if err != nil {
		return err
	}
	_, err = o.w.ExecContext(ctx, o.db.q(`INSERT INTO hooks (`+hookCols+`) VALUES (?, ?, ?, ?, ?, 1, ?)`),
		h.ID, h.WorkspaceID, h.URL, string(events), h.Secret, store.Micros(h.CreatedAt))
	return err
}

// HookGet returns one hook of the workspace, active or not.
func (o ops) HookGet(ctx context.Context, workspaceID, id string) (*store.Hook, error) {
	return scanHook(o.r.QueryRowContext(ctx, o.db.q(`SELECT `+hookCols+` FROM hooks WHERE workspace_id = ? AND id = ?`), workspaceID, id))
}

// HookList returns the workspace's active hooks.
func (o ops) HookList(ctx context.Context, workspaceID string) ([]*store.Hook, error) {
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT `+hookCols+` FROM hooks WHERE workspace_id = ? AND active = 1 ORDER BY created_at, id`), workspaceID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanHook)
}

// HookDelete deactivates a hook.
func (o ops) HookDelete(ctx context.Context, workspaceID, id string, at time.Time) error {
	res, err := o.w.ExecContext(ctx, o.db.q(`UPDATE hooks SET active = 0, deleted_at = ? WHERE workspace_id = ? AND id = ? AND active = 1`),
		store.Micros(at), workspaceID, id)
	if err != nil {
		return err
	}
	return oneRow(res)
}

// HookDeliveryInsert records an attempt.
func (o ops) HookDeliveryInsert(ctx context.Context, d *store.HookDelivery) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO hook_deliveries (id, workspace_id, hook_id, event_id, event_type, attempt, http_status, error, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`), d.ID, d.WorkspaceID, d.HookID, d.EventID, d.EventType, d.Attempt, d.HTTPStatus, d.Error, store.Micros(d.At))
	return err
}

// HookDeliveryList returns a hook's attempts, newest first.
func (o ops) HookDeliveryList(ctx context.Context, workspaceID, hookID string, limit int) ([]*store.HookDelivery, error) {
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT id, workspace_id, hook_id, event_id, event_type, attempt, http_status, error, at
		FROM hook_deliveries WHERE workspace_id = ? AND hook_id = ? ORDER BY at DESC, id DESC LIMIT ?`), workspaceID, hookID, limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (*store.HookDelivery, error) {
		var d store.HookDelivery
		var at int64
		if err := s.Scan(&d.ID, &d.WorkspaceID, &d.HookID, &d.EventID, &d.EventType, &d.Attempt, &d.HTTPStatus, &d.Error, &at); err != nil {
			return nil, err
		}
		d.At = store.FromMicros(at)
		return &d, nil
	})
}

func scanHook(s scanner) (*store.Hook, error) {
	var h store.Hook
	var events string
	var active int
	var created int64
	err := s.Scan(&h.ID, &h.WorkspaceID, &h.URL, &events, &h.Secret, &active, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(events), &h.Events); err != nil {
		return nil, err
	}
	h.Active, h.CreatedAt = active == 1, store.FromMicros(created)
	return &h, nil
}

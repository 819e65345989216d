package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

const apiKeyCols = `id, workspace_id, label, hash, hint, role, created_at, last_used_at, revoked_at`

// APIKeyInsert stores a new key.
func (o ops) APIKeyInsert(ctx context.Context, k *store.APIKey) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO api_keys (`+apiKeyCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL)`),
		k.ID, k.WorkspaceID, k.Label, k.Hash, k.Hint, k.Role, store.Micros(k.CreatedAt))
	return err
}

// APIKeyByHash finds an active key.
func (o ops) APIKeyByHash(ctx context.Context, hash string) (*store.APIKey, error) {
	return scanAPIKey(o.r.QueryRowContext(ctx, o.db.q(`SELECT `+apiKeyCols+` FROM api_keys WHERE hash = ? AND revoked_at IS NULL`), hash))
}

// APIKeyList returns the workspace's keys, revoked ones included, oldest first.
func (o ops) APIKeyList(ctx context.Context, workspaceID string) ([]*store.APIKey, error) {
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT `+apiKeyCols+` FROM api_keys WHERE workspace_id = ? ORDER BY created_at, id`), workspaceID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanAPIKey)
}

// APIKeyRevoke revokes an active key of the workspace.
func (o ops) APIKeyRevoke(ctx context.Context, workspaceID, id string, at time.Time) error {
	res, err := o.w.ExecContext(ctx, o.db.q(`UPDATE api_keys SET revoked_at = ? WHERE workspace_id = ? AND id = ? AND revoked_at IS NULL`),
		store.Micros(at), workspaceID, id)
	if err != nil {
		return err
	}
	return oneRow(res)
}

// APIKeyTouch records a use.
func (o ops) APIKeyTouch(ctx context.Context, id string, at time.Time) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`UPDATE api_keys SET last_used_at = ? WHERE id = ?`), store.Micros(at), id)
	return err
}

// APIKeyCount counts active keys.
func (o ops) APIKeyCount(ctx context.Context) (int, error) {
	var n int
	err := o.r.QueryRowContext(ctx, `SELECT count(*) FROM api_keys WHERE revoked_at IS NULL`).Scan(&n)
	return n, err
}

func scanAPIKey(s scanner) (*store.APIKey, error) {
	var k store.APIKey
	var created int64
	var used, revoked sql.NullInt64
	err := s.Scan(&k.ID, &k.WorkspaceID, &k.Label, &k.Hash, &k.Hint, &k.Role, &created, &used, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	k.CreatedAt, k.LastUsedAt, k.RevokedAt = store.FromMicros(created), fromNull(used), fromNull(revoked)
	return &k, nil
}

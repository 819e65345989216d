package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

const refreshCols = `id, family_id, user_id, workspace_id, hash, created_at, expires_at, used_at, revoked_at`

// RefreshInsert stores a refresh token's hash.
func (o ops) RefreshInsert(ctx context.Context, t *store.RefreshToken) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO refresh_tokens (`+refreshCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL)`),
		t.ID, t.FamilyID, t.UserID, t.WorkspaceID, t.Hash, store.Micros(t.CreatedAt), store.Micros(t.ExpiresAt))
	return err
}

// RefreshByHash finds a token, whatever its state.
func (o ops) RefreshByHash(ctx context.Context, hash string) (*store.RefreshToken, error) {
	var t store.RefreshToken
	var created, expires int64
	var used, revoked sql.NullInt64
	err := o.r.QueryRowContext(ctx, o.db.q(`SELECT `+refreshCols+` FROM refresh_tokens WHERE hash = ?`), hash).
		Scan(&t.ID, &t.FamilyID, &t.UserID, &t.WorkspaceID, &t.Hash, &created, &expires, &used, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	t.CreatedAt, t.ExpiresAt, t.UsedAt, t.RevokedAt = store.FromMicros(created), store.FromMicros(expires), fromNull(used), fromNull(revoked)
	return &t, nil
}

// RefreshUse spends a token once.
func (o ops) RefreshUse(ctx context.Context, id string, at time.Time) error {
	res, err := o.w.ExecContext(ctx, o.db.q(`UPDATE refresh_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL`),
		store.Micros(at), id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return store.ErrConflict
	}
	return nil
}

// RefreshRevokeFamily ends a login's chain.
func (o ops) RefreshRevokeFamily(ctx context.Context, familyID string, at time.Time) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL`),
		store.Micros(at), familyID)
	return err
}

// SettingEnsure keeps the first value stored under name.
func (o ops) SettingEnsure(ctx context.Context, name, value string) (string, error) {
	if _, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`), name, value); err != nil {
		return "", err
	}
	var stored string
	err := o.w.QueryRowContext(ctx, o.db.q(`SELECT value FROM settings WHERE name = ?`), name).Scan(&stored)
	return stored, err
}

package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

const userCols = `id, email, password_hash, verify_hash, verified_at, created_at`

// UserInsert stores a new account.
func (o ops) UserInsert(ctx context.Context, u *store.User) error {
	var verify any
	if u.VerifyHash != "" {
		verify = u.VerifyHash
	}
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO users (`+userCols+`) VALUES (?, ?, ?, ?, ?, ?)`),
		u.ID, u.Email, u.PasswordHash, verify, micros(u.VerifiedAt), store.Micros(u.CreatedAt))
	if err != nil && o.db.D.IsUnique(err) {
		return store.ErrConflict
	}
	return err
}

// UserGet returns one account.
func (o ops) UserGet(ctx context.Context, id string) (*store.User, error) {
	return scanUser(o.r.QueryRowContext(ctx, o.db.q(`SELECT `+userCols+` FROM users WHERE id = ?`), id))
}

// UserByEmail returns the account with the e-mail.
func (o ops) UserByEmail(ctx context.Context, email string) (*store.User, error) {
	return scanUser(o.r.QueryRowContext(ctx, o.db.q(`SELECT `+userCols+` FROM users WHERE email = ?`), email))
}

// UserVerifyByHash spends a verification token.
func (o ops) UserVerifyByHash(ctx context.Context, verifyHash string, at time.Time) (*store.User, error) {
	if verifyHash == "" {
		return nil, store.ErrNotFound
	}
	u, err := scanUser(o.w.QueryRowContext(ctx, o.db.q(`SELECT `+userCols+` FROM users WHERE verify_hash = ?`), verifyHash))
	if err != nil {
		return nil, err
	}
	// The hash in the WHERE makes the update a compare-and-set: of two
	// clicks on one link, only one spends it.
	res, err := o.w.ExecContext(ctx, o.db.q(`UPDATE users SET verify_hash = NULL, verified_at = COALESCE(verified_at, ?) WHERE id = ? AND verify_hash = ?`),
		store.Micros(at), u.ID, verifyHash)
	if err != nil {
		return nil, err
	}
	if err := oneRow(res); err != nil {
		return nil, err
	}
	return o.UserGet(ctx, u.ID)
}

// UserVerifyByEmail marks an account verified.
func (o ops) UserVerifyByEmail(ctx context.Context, email string, at time.Time) error {
	res, err := o.w.ExecContext(ctx, o.db.q(`UPDATE users SET verify_hash = NULL, verified_at = COALESCE(verified_at, ?) WHERE email = ?`),
		store.Micros(at), email)
	if err != nil {
		return err
	}
	return oneRow(res)
}

// UserCount counts accounts.
func (o ops) UserCount(ctx context.Context) (int, error) {
	var n int
	err := o.r.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, err
}

func scanUser(s scanner) (*store.User, error) {
	var u store.User
	var verify sql.NullString
	var verified sql.NullInt64
	var created int64
	err := s.Scan(&u.ID, &u.Email, &u.PasswordHash, &verify, &verified, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	u.VerifyHash, u.VerifiedAt, u.CreatedAt = verify.String, fromNull(verified), store.FromMicros(created)
	return &u, nil
}

package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

const userCols = `id, email, password_hash, verify_hash, verify_until, verified_at, created_at`

// UserInsert stores a new account.
func (o ops) UserInsert(ctx context.Context, u *store.User) error {
	var verify, until any
	if u.VerifyHash != "" {
		verify, until = u.VerifyHash, store.Micros(u.VerifyUntil)
	}
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO users (`+userCols+`) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		u.ID, u.Email, u.PasswordHash, verify, until, micros(u.VerifiedAt), store.Micros(u.CreatedAt))
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
	u, err := scanUser(o.w.QueryRowContext(ctx, o.db.q(`SELECT `+userCols+` FROM users WHERE verify_hash = ? AND verify_until > ?`),
		verifyHash, store.Micros(at)))
	if err != nil {
		return nil, err
	}
	// The hash in the WHERE makes the update a compare-and-set: of two
	// clicks on one link, only one spends it.
	res, err := o.w.ExecContext(ctx, o.db.q(`UPDATE users SET verify_hash = NULL, verify_until = NULL, verified_at = COALESCE(verified_at, ?) WHERE id = ? AND verify_hash = ?`),
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
	res, err := o.w.ExecContext(ctx, o.db.q(`UPDATE users SET verify_hash = NULL, verify_until = NULL, verified_at = COALESCE(verified_at, ?) WHERE email = ?`),
		store.Micros(at), email)
	if err != nil {
		return err
	}
	return oneRow(res)
}

// UserSetVerifyHash gives an unverified account a new link.
func (o ops) UserSetVerifyHash(ctx context.Context, id, verifyHash string, until time.Time) error {
	res, err := o.w.ExecContext(ctx, o.db.q(`UPDATE users SET verify_hash = ?, verify_until = ? WHERE id = ? AND verified_at IS NULL`),
		verifyHash, store.Micros(until), id)
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
	var until, verified sql.NullInt64
	var created int64
	err := s.Scan(&u.ID, &u.Email, &u.PasswordHash, &verify, &until, &verified, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	u.VerifyHash, u.VerifiedAt, u.CreatedAt = verify.String, fromNull(verified), store.FromMicros(created)
	if until.Valid {
		u.VerifyUntil = store.FromMicros(until.Int64)
	}
	return &u, nil
}

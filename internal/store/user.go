package store

import (
	"context"
	"time"
)

// Users holds the people who sign in with an e-mail and a password.
// E-mails are stored as the account service normalised them (lower case),
// so lookups compare exactly.
type Users interface {
	// UserInsert stores a new account; ErrConflict when the e-mail is taken.
	UserInsert(ctx context.Context, u *User) error
	UserGet(ctx context.Context, id string) (*User, error)
	UserByEmail(ctx context.Context, email string) (*User, error)
	// UserVerifyByHash marks the account holding the verification token
	// hash verified and forgets the hash, so the link works once;
	// ErrNotFound when no account holds it or it expired before at.
	UserVerifyByHash(ctx context.Context, verifyHash string, at time.Time) (*User, error)
	// UserSetVerifyHash replaces the pending verification token of an
	// unverified account (a resent link); ErrNotFound when the account
	// is missing or verified already.
	UserSetVerifyHash(ctx context.Context, id, verifyHash string, until time.Time) error
	// UserVerifyByEmail marks the account verified (the operator's
	// `quarry users verify`); ErrNotFound when there is none.
	UserVerifyByEmail(ctx context.Context, email string, at time.Time) error
	// UserCount counts accounts: once one exists the server requires
	// credentials, as it does once an API key exists.
	UserCount(ctx context.Context) (int, error)
}

// User is one account. The password itself is never stored.
type User struct {
	ID           string
	Email        string
	PasswordHash string    // argon2id in the PHC string format
	VerifyHash   string    // SHA-256 of the pending verification token; "" once verified
	VerifyUntil  time.Time // when that token expires
	VerifiedAt   *time.Time
	CreatedAt    time.Time
}

package store

import (
	"context"
	"time"
)

// Sessions holds refresh tokens (by hash) and the settings every process
// shares, such as the access tokens' signing key.
type Sessions interface {
	RefreshInsert(ctx context.Context, t *RefreshToken) error
	// RefreshByHash finds a token by hash, used and revoked ones included:
	// the caller must see a reused token to revoke its family.
	RefreshByHash(ctx context.Context, hash string) (*RefreshToken, error)
	// RefreshUse marks an unused, unrevoked token used; ErrConflict when
	// another refresh used it first.
	RefreshUse(ctx context.Context, id string, at time.Time) error
	// RefreshRevokeFamily revokes every token of the family.
	RefreshRevokeFamily(ctx context.Context, familyID string, at time.Time) error

	// SettingEnsure stores value under name unless a value is there
	// already, and returns the stored one: the first process to start
	// decides, every other one reads its choice.
	SettingEnsure(ctx context.Context, name, value string) (string, error)
}

// RefreshToken is one link of a login's chain of refresh tokens.
type RefreshToken struct {
	ID          string
	FamilyID    string // the login it descends from
	UserID      string
	WorkspaceID string
	Hash        string // hex SHA-256 of the token
	CreatedAt   time.Time
	ExpiresAt   time.Time
	UsedAt      *time.Time
	RevokedAt   *time.Time
}

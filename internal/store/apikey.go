package store

import (
	"context"
	"time"
)

// APIKeys holds the workspaces' API keys, by hash only.
type APIKeys interface {
	APIKeyInsert(ctx context.Context, k *APIKey) error
	// APIKeyByHash finds an active (unrevoked) key by its hash;
	// ErrNotFound otherwise.
	APIKeyByHash(ctx context.Context, hash string) (*APIKey, error)
	APIKeyList(ctx context.Context, workspaceID string) ([]*APIKey, error)
	// APIKeyRevoke marks a key of the workspace revoked; ErrNotFound when
	// the workspace has no such active key.
	APIKeyRevoke(ctx context.Context, workspaceID, id string, at time.Time) error
	// APIKeyTouch records a use of the key.
	APIKeyTouch(ctx context.Context, id string, at time.Time) error
	// APIKeyCount is the number of active keys of every workspace: the
	// server requires a key as soon as one exists.
	APIKeyCount(ctx context.Context) (int, error)
}

// APIKey is one stored key. The secret itself is never stored.
type APIKey struct {
	ID          string
	WorkspaceID string
	Label       string
	Hash        string // hex SHA-256 of the secret
	Hint        string // the secret's first characters, for people to tell keys apart
	Role        string
	CreatedAt   time.Time
	LastUsedAt  *time.Time
	RevokedAt   *time.Time
}

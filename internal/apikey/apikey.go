// Package apikey issues, lists, revokes and checks the workspaces' API
// keys. A key is `dfx_` and 40 random base-62 characters (the prefix the
// reference platform's clients expect); only its SHA-256 is stored, and
// it is shown once, when created.
package apikey

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math/big"
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// Prefix starts every key.
const Prefix = "dfx_"

const (
	secretLen = 40
	alphabet  = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	hintLen   = len(Prefix) + 6
	// touchEvery bounds the writes that keep last_used_at: a busy key
	// writes once a minute, not once a request.
	touchEvery = time.Minute
)

// ErrInvalid is any key that does not authenticate: malformed, unknown
// or revoked. Callers do not learn which.
var ErrInvalid = errors.New("apikey: invalid API key")

// Service manages keys in the store.
type Service struct {
	Store store.Store
	Now   func() time.Time // nil: time.Now
}

func (s Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Hash is the stored form of a secret.
func Hash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// newSecret draws a key from crypto/rand.
func newSecret() (string, error) {
	var b strings.Builder
	b.WriteString(Prefix)
	n := big.NewInt(int64(len(alphabet)))
	for i := 0; i < secretLen; i++ {
		v, err := rand.Int(rand.Reader, n)
		if err != nil {
			return "", err
		}
		b.WriteByte(alphabet[v.Int64()])
	}
	return b.String(), nil
}

// Create issues a key for the workspace (which must exist) and returns
// the secret, the only time it is known.
func (s Service) Create(ctx context.Context, workspaceID, label string, role tenant.Role) (string, *store.APIKey, error) {
	if !role.Valid() {
		return "", nil, errors.New("apikey: unknown role " + string(role))
	}
	if _, err := s.Store.WorkspaceGet(ctx, workspaceID); err != nil {
		return "", nil, err
	}
	secret, err := newSecret()
	if err != nil {
		return "", nil, err
	}
	k := &store.APIKey{ID: ids.New("key"), WorkspaceID: workspaceID, Label: label, Hash: Hash(secret),
		Hint: secret[:hintLen], Role: string(role), CreatedAt: s.now().UTC()}
	if err := s.Store.APIKeyInsert(ctx, k); err != nil {
		return "", nil, err
	}
	return secret, k, nil
}

// List returns the workspace's keys (hashes and hints, never secrets).
func (s Service) List(ctx context.Context, workspaceID string) ([]*store.APIKey, error) {
	return s.Store.APIKeyList(ctx, workspaceID)
}

// Revoke ends a key at once; store.ErrNotFound when the workspace has no
// such active key.
func (s Service) Revoke(ctx context.Context, workspaceID, id string) error {
	return s.Store.APIKeyRevoke(ctx, workspaceID, id, s.now().UTC())
}

// Authenticate maps a presented secret to the principal it stands for.
func (s Service) Authenticate(ctx context.Context, secret string) (tenant.Principal, error) {
	if !strings.HasPrefix(secret, Prefix) || len(secret) != len(Prefix)+secretLen {
		return tenant.Principal{}, ErrInvalid
	}
	k, err := s.Store.APIKeyByHash(ctx, Hash(secret))
	if errors.Is(err, store.ErrNotFound) {
		return tenant.Principal{}, ErrInvalid
	}
	if err != nil {
		return tenant.Principal{}, err
	}
	role, err := tenant.ParseRole(k.Role)
	if err != nil {
		return tenant.Principal{}, ErrInvalid
	}
	if now := s.now().UTC(); k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) >= touchEvery {
		// A lost touch only makes last_used_at older; it must not fail
		// the request.
		_ = s.Store.APIKeyTouch(ctx, k.ID, now)
	}
	return tenant.Principal{WorkspaceID: k.WorkspaceID, KeyID: k.ID, Role: role}, nil
}

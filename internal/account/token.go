package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/quarrydev/quarry/internal/store"
)

// AccessTTL is how long an access token is good for: the hour the
// contract's expires_in promises.
const AccessTTL = time.Hour

// RefreshTTL is how long an unused refresh token stays good.
const RefreshTTL = 30 * 24 * time.Hour

const (
	issuer = "quarry"
	// secretSetting names the generated signing key in the settings table.
	secretSetting = "auth_signing_key"
)

// accessClaims is what an access token says: who (sub), in which
// workspace, with which role when it was issued. The server checks the
// membership again on every request, so a removal or a role change
// takes effect at once, not when the token expires.
type accessClaims struct {
	Workspace string `json:"ws"`
	Role      string `json:"role"`
	jwt.RegisteredClaims
}

// signer holds the HMAC key of access tokens: the configured one, or one
// generated once and kept in the database so every process shares it.
type signer struct {
	configured []byte
	st         store.Store

	mu  sync.Mutex
	key []byte
}

func (s *signer) keyFor(ctx context.Context) ([]byte, error) {
	if len(s.configured) > 0 {
		return s.configured, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.key != nil {
		return s.key, nil
	}
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	stored, err := s.st.SettingEnsure(ctx, secretSetting, hex.EncodeToString(fresh))
	if err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(stored)
	if err != nil || len(key) < 32 {
		return nil, errors.New("account: the stored signing key is malformed")
	}
	s.key = key
	return key, nil
}

func (s *signer) issue(ctx context.Context, userID, workspaceID, role string, now time.Time) (string, error) {
	key, err := s.keyFor(ctx)
	if err != nil {
		return "", err
	}
	c := accessClaims{Workspace: workspaceID, Role: role, RegisteredClaims: jwt.RegisteredClaims{
		Issuer: issuer, Subject: userID, IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(AccessTTL)),
	}}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(key)
}

// errNotAccessToken is anything that is not a valid, unexpired access
// token signed with our key.
var errNotAccessToken = errors.New("account: not an access token")

func (s *signer) parse(ctx context.Context, token string, now time.Time) (*accessClaims, error) {
	key, err := s.keyFor(ctx)
	if err != nil {
		return nil, err
	}
	var c accessClaims
	_, err = jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return key, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}), jwt.WithIssuer(issuer),
		jwt.WithExpirationRequired(), jwt.WithTimeFunc(func() time.Time { return now }))
	if err != nil || c.Subject == "" || c.Workspace == "" {
		return nil, errNotAccessToken
	}
	return &c, nil
}

// newToken is a random opaque token: prefix and 32 bytes from crypto/rand.
func newToken(prefix string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// hashToken is the stored form of an opaque token.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

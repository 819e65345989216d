package apikey_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/apikey"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/store/sqlite"
	"github.com/quarrydev/quarry/internal/tenant"
)

func newService(t *testing.T) (apikey.Service, *time.Time) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, ws := range []string{"ws_a", "ws_b"} {
		if err := db.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: ws}); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	return apikey.Service{Store: db, Now: func() time.Time { return now }}, &now
}

func TestKeyLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc, now := newService(t)
	secret, k, err := svc.Create(ctx, "ws_a", "ci", tenant.RoleMember)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(secret, "dfx_") || len(secret) != 44 || k.Hash == secret || strings.Contains(k.Hash, secret[4:]) {
		t.Fatalf("secret %q stored as %q", secret, k.Hash)
	}
	p, err := svc.Authenticate(ctx, secret)
	if err != nil || p.WorkspaceID != "ws_a" || p.KeyID != k.ID || p.Role != tenant.RoleMember {
		t.Fatalf("principal = %+v, %v", p, err)
	}
	list, _ := svc.List(ctx, "ws_a")
	if len(list) != 1 || list[0].LastUsedAt == nil || !list[0].LastUsedAt.Equal(*now) || list[0].Hint != secret[:10] {
		t.Fatalf("after first use: %+v", list[0])
	}
	if err := svc.Revoke(ctx, "ws_b", k.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("workspace b revoked a's key: %v", err)
	}
	if err := svc.Revoke(ctx, "ws_a", k.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Authenticate(ctx, secret); !errors.Is(err, apikey.ErrInvalid) {
		t.Fatalf("a revoked key authenticated: %v", err)
	}
}

func TestMalformedAndUnknownKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc, _ := newService(t)
	secret, _, err := svc.Create(ctx, "ws_a", "", tenant.RoleViewer)
	if err != nil {
		t.Fatal(err)
	}
	bent := []byte(secret)
	bent[10] ^= 1
	for _, k := range []string{"", "dfx_", "fx_" + secret[4:], secret + "x", string(bent), strings.ToUpper(secret)} {
		if _, err := svc.Authenticate(ctx, k); !errors.Is(err, apikey.ErrInvalid) {
			t.Errorf("%q: %v", k, err)
		}
	}
	if _, _, err := svc.Create(ctx, "ws_missing", "", tenant.RoleOwner); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("key for a missing workspace: %v", err)
	}
	if _, _, err := svc.Create(ctx, "ws_a", "", tenant.Role("root")); err == nil {
		t.Error("a key with an unknown role")
	}
}

func TestSecretsDiffer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc, _ := newService(t)
	seen := map[string]bool{}
	for i := 0; i < 50; i++ {
		s, _, err := svc.Create(ctx, "ws_a", "", tenant.RoleMember)
		if err != nil || seen[s] {
			t.Fatalf("key %d: %v (repeat %v)", i, err, seen[s])
		}
		seen[s] = true
	}
}

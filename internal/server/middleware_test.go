package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/account"
	"github.com/quarrydev/quarry/internal/apikey"
	"github.com/quarrydev/quarry/internal/store/sqlite"

	"github.com/quarrydev/quarry/internal/config"
	"github.com/quarrydev/quarry/internal/tenant"
)

// TestAuthPutsPrincipalInContext drives withAuth alone: the handler behind
// it records the principal it sees.
func TestAuthPutsPrincipalInContext(t *testing.T) {
	t.Parallel()
	const key = "k-secret-1"
	cases := []struct {
		name      string
		keys      []string
		path      string
		header    map[string]string
		status    int
		principal bool
	}{
		{"BearerKey", []string{"other", key}, "/api/v1/extractions", map[string]string{"Authorization": "Bearer " + key}, 200, true},
		{"XAPIKey", []string{key}, "/api/v1/version", map[string]string{"X-API-Key": key}, 200, true},
		{"WrongKey", []string{key}, "/api/v1/version", map[string]string{"X-API-Key": "nope"}, 401, false},
		{"OpenRouteHasNone", []string{key}, "/actuator/health", nil, 200, false},
		{"AuthOffHasNone", nil, "/api/v1/version", nil, 200, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "q.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			s := &Server{cfg: config.Config{APIKeys: c.keys}, store: db, keys: apikey.Service{Store: db}}
			var got tenant.Principal
			var found bool
			var ws string
			h := s.withAuth(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got, found = tenant.From(r.Context())
				ws = s.workspace(r.Context())
			}))
			req := httptest.NewRequest(http.MethodGet, c.path, nil)
			for k, v := range c.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != c.status || found != c.principal {
				t.Fatalf("status %d principal %v (%+v); want %d %v", rec.Code, found, got, c.status, c.principal)
			}
			if c.status == 200 && ws != tenant.Default {
				t.Fatalf("workspace = %q, want %q", ws, tenant.Default)
			}
			if !found {
				return
			}
			if err := got.Validate(); err != nil {
				t.Fatal(err)
			}
			if got.WorkspaceID != tenant.Default || got.Role != tenant.RoleOwner || !strings.HasPrefix(got.KeyID, "key_") {
				t.Fatalf("principal = %+v", got)
			}
			if strings.Contains(got.KeyID, key) || got.KeyID != keyID(key) {
				t.Fatalf("key id %q must name the matched key without holding it", got.KeyID)
			}
		})
	}
}

// TestConfiguredKeyWithDotsStaysAKey: QUARRY_API_KEYS may hold any
// string, also one shaped like a JWT; it must match as a key before the
// access-token check sees it.
func TestConfiguredKeyWithDotsStaysAKey(t *testing.T) {
	t.Parallel()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	const key = "ops.key.2026"
	s := &Server{cfg: config.Config{APIKeys: []string{key}}, store: db, keys: apikey.Service{Store: db},
		accounts: account.New(db, account.Options{})}
	var got tenant.Principal
	h := s.withAuth(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got, _ = tenant.From(r.Context()) }))
	for _, tc := range []struct {
		key    string
		status int
	}{{key, 200}, {"ops.key.2027", 401}} {
		req := httptest.NewRequest(http.MethodGet, "/v1/usage", nil)
		req.Header.Set("Authorization", "Bearer "+tc.key)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tc.status {
			t.Fatalf("%s: status %d, want %d", tc.key, rec.Code, tc.status)
		}
	}
	if got.KeyID != keyID(key) || got.Role != tenant.RoleOwner {
		t.Fatalf("principal = %+v; want the configured key as owner", got)
	}
}

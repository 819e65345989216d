package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/apikey"
	"github.com/quarrydev/quarry/internal/app"
	"github.com/quarrydev/quarry/internal/tenant"
)

// TestWorkspacesAndKeysCLI drives the administrative commands the way a
// script would: capture the key from stdout, use it, revoke it.
func TestWorkspacesAndKeysCLI(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("QUARRY_DATA_DIR", dir)
	t.Setenv("QUARRY_DATABASE_URL", filepath.Join(dir, "q.db"))
	if code, out, errs := runCLI(t, "workspaces", "create", "acme", "--plan", "starter"); code != 0 || out != "acme\n" {
		t.Fatalf("create: %d %q %q", code, out, errs)
	}
	if code, _, errs := runCLI(t, "workspaces", "create", "acme"); code != 1 || !strings.Contains(errs, "exists") {
		t.Fatalf("second create: %d %q", code, errs)
	}
	if code, _, _ := runCLI(t, "workspaces", "create", "Bad Name"); code == 0 {
		t.Fatal("a name with a space and capitals was accepted")
	}
	code, secret, errs := runCLI(t, "keys", "create", "--workspace", "acme", "--role", "viewer", "--label", "ci")
	if code != 0 || !strings.HasPrefix(secret, "dfx_") || strings.Count(secret, "\n") != 1 || !strings.Contains(errs, "shown only this once") {
		t.Fatalf("keys create: %d %q %q", code, secret, errs)
	}
	secret = strings.TrimSpace(secret)
	// keys create makes a missing workspace, on the plan asked for.
	if code, _, errs := runCLI(t, "keys", "create", "--workspace", "beta", "--plan", "pro"); code != 0 {
		t.Fatalf("keys create in a new workspace: %d %q", code, errs)
	}
	code, list, _ := runCLI(t, "workspaces", "list")
	if code != 0 || !strings.Contains(list, "acme") || !strings.Contains(list, "starter") || !strings.Contains(list, "beta") || !strings.Contains(list, "pro") {
		t.Fatalf("workspaces list: %q", list)
	}

	ctx := context.Background()
	st, err := app.OpenStore(ctx, filepath.Join(dir, "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := apikey.Service{Store: st}
	p, err := svc.Authenticate(ctx, secret)
	if err != nil || p.WorkspaceID != "acme" || p.Role != tenant.RoleViewer {
		t.Fatalf("the printed key authenticates as %+v, %v", p, err)
	}
	code, keys, _ := runCLI(t, "keys", "list", "--workspace", "acme")
	if code != 0 || !strings.Contains(keys, p.KeyID) || !strings.Contains(keys, secret[:10]) || strings.Contains(keys, secret) {
		t.Fatalf("keys list: %q", keys)
	}
	if code, _, errs := runCLI(t, "keys", "revoke", "--workspace", "beta", p.KeyID); code != 1 || !strings.Contains(errs, "no active key") {
		t.Fatalf("revoke from another workspace: %d %q", code, errs)
	}
	if code, _, errs := runCLI(t, "keys", "revoke", "--workspace", "acme", p.KeyID); code != 0 {
		t.Fatalf("revoke: %d %q", code, errs)
	}
	if _, err := svc.Authenticate(ctx, secret); !errors.Is(err, apikey.ErrInvalid) {
		t.Fatalf("revoked key: %v", err)
	}
	if code, _, _ := runCLI(t, "workspaces", "set-plan", "acme", "gold"); code != 2 {
		t.Fatal("an unknown plan was accepted")
	}
	if code, _, _ := runCLI(t, "workspaces", "set-plan", "acme", "pro"); code != 0 {
		t.Fatal("set-plan failed")
	}
	if w, _ := st.WorkspaceGet(ctx, "acme"); w.Plan != "pro" {
		t.Fatalf("plan after set-plan = %s", w.Plan)
	}
}

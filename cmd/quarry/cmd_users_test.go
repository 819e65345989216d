package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/account"
	"github.com/quarrydev/quarry/internal/app"
)

// TestUsersVerifyCLI: an account made over /v1 cannot sign in until the
// operator verifies it from the command line.
func TestUsersVerifyCLI(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("QUARRY_DATA_DIR", dir)
	t.Setenv("QUARRY_DATABASE_URL", filepath.Join(dir, "q.db"))
	ctx := context.Background()
	st, err := app.OpenStore(ctx, filepath.Join(dir, "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := account.New(st, account.Options{})
	if _, err := svc.Signup(ctx, account.SignupParams{Email: "dee@example.com", Password: "password12"}); err != nil {
		t.Fatal(err)
	}
	login := account.LoginParams{Email: "dee@example.com", Password: "password12"}
	if _, err := svc.Login(ctx, login); !errors.Is(err, account.ErrUnverified) {
		t.Fatalf("login before verify: %v", err)
	}
	if code, _, errs := runCLI(t, "users", "verify", "nobody@example.com"); code != 1 || !strings.Contains(errs, "no account") {
		t.Fatalf("verify of a missing account: %d %q", code, errs)
	}
	if code, _, _ := runCLI(t, "users", "verify"); code != 2 {
		t.Fatalf("verify without an e-mail: %d", code)
	}
	if code, out, errs := runCLI(t, "users", "verify", "dee@example.com"); code != 0 || !strings.Contains(out, "verified") {
		t.Fatalf("verify: %d %q %q", code, out, errs)
	}
	if _, err := svc.Login(ctx, login); err != nil {
		t.Fatalf("login after verify: %v", err)
	}
}

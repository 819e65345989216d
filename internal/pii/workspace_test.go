package pii

import (
	"bytes"
	stdcontext "context"
	"testing"

	"github.com/quarrydev/quarry/internal/tenant"
)

func TestWorkspaceKeyFollowsTheTenant(t *testing.T) {
	t.Parallel()
	secret := []byte("secret")
	inA := tenant.With(stdcontext.Background(), tenant.Principal{WorkspaceID: "ws_a"})
	inB := tenant.With(stdcontext.Background(), tenant.Principal{WorkspaceID: "ws_b"})
	if bytes.Equal(WorkspaceKey(inA, secret), WorkspaceKey(inB, secret)) {
		t.Fatal("two workspaces got the same key")
	}
	if !bytes.Equal(WorkspaceKey(inA, secret), tenant.MaskKey(secret, "ws_a")) {
		t.Fatal("the key is not the workspace's mask key")
	}
	// Without a principal (authentication off, the command line) it is the
	// default workspace's key.
	if !bytes.Equal(WorkspaceKey(stdcontext.Background(), secret), tenant.MaskKey(secret, tenant.Default)) {
		t.Fatal("no principal does not fall back to the default workspace")
	}
}

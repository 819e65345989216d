package tenant

import (
	"bytes"
	"context"
	"encoding/hex"
	"testing"
)

func TestWithAndFrom(t *testing.T) {
	t.Parallel()
	p := Principal{WorkspaceID: "ws_a", KeyID: "key_1", Role: RoleMember}
	got, ok := From(With(context.Background(), p))
	if !ok || got != p {
		t.Fatalf("From = %+v, %v; want %+v, true", got, ok, p)
	}
	if _, ok := From(context.Background()); ok {
		t.Fatal("From found a principal in an empty context")
	}
	// A worker re-scopes a context to the job's workspace.
	inner := With(With(context.Background(), p), Principal{WorkspaceID: "ws_b"})
	if WorkspaceID(inner) != "ws_b" {
		t.Fatalf("WorkspaceID after a second With = %q", WorkspaceID(inner))
	}
}

func TestWorkspaceID(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		ctx  context.Context
		want string
	}{
		{"NoPrincipalIsDefault", context.Background(), Default},
		{"PrincipalWorkspace", With(context.Background(), Principal{WorkspaceID: "ws_x"}), "ws_x"},
		{"EmptyWorkspaceIsDefault", With(context.Background(), Principal{KeyID: "k"}), Default},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := WorkspaceID(c.ctx); got != c.want {
				t.Fatalf("WorkspaceID = %q, want %q", got, c.want)
			}
		})
	}
}

func TestPrincipalValidate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		p    Principal
		ok   bool
	}{
		{"KeyOwner", Principal{WorkspaceID: Default, KeyID: "key_1", Role: RoleOwner}, true},
		{"UserViewer", Principal{WorkspaceID: "ws", UserID: "usr_1", Role: RoleViewer}, true},
		{"WorkerWithoutRole", Principal{WorkspaceID: "ws"}, true},
		{"NoWorkspace", Principal{KeyID: "key_1", Role: RoleOwner}, false},
		{"KeyAndUser", Principal{WorkspaceID: "ws", KeyID: "k", UserID: "u", Role: RoleMember}, false},
		{"UnknownRole", Principal{WorkspaceID: "ws", Role: "root"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if err := c.p.Validate(); (err == nil) != c.ok {
				t.Fatalf("Validate(%+v) = %v, want ok=%v", c.p, err, c.ok)
			}
		})
	}
}

func TestRoles(t *testing.T) {
	t.Parallel()
	for _, r := range Roles() {
		got, err := ParseRole(string(r))
		if err != nil || got != r {
			t.Fatalf("ParseRole(%q) = %q, %v", r, got, err)
		}
	}
	for _, bad := range []string{"", "Owner", "root", "superuser"} {
		if _, err := ParseRole(bad); err == nil {
			t.Errorf("ParseRole(%q) accepted", bad)
		}
	}
	cases := []struct {
		r, want Role
		ok      bool
	}{
		{RoleOwner, RoleAdmin, true},
		{RoleAdmin, RoleAdmin, true},
		{RoleMember, RoleAdmin, false},
		{RoleViewer, RoleMember, false},
		{RoleMember, RoleViewer, true},
		{"", RoleViewer, false},
		{"root", RoleViewer, false},
	}
	for _, c := range cases {
		if got := c.r.AtLeast(c.want); got != c.ok {
			t.Errorf("%q.AtLeast(%q) = %v, want %v", c.r, c.want, got, c.ok)
		}
	}
}

func TestMaskKey(t *testing.T) {
	t.Parallel()
	secret := []byte("service-secret")
	a, b := MaskKey(secret, "ws_a"), MaskKey(secret, "ws_b")
	if bytes.Equal(a, b) {
		t.Fatal("two workspaces share a mask key")
	}
	if !bytes.Equal(a, MaskKey(secret, "ws_a")) {
		t.Fatal("a workspace's mask key is not stable")
	}
	if bytes.Equal(a, MaskKey([]byte("other-secret"), "ws_a")) {
		t.Fatal("the mask key does not depend on the service secret")
	}
	// Pinned: stored results hold hashes made with this derivation (the
	// value pipeline.MaskKey gave before it moved here).
	const want = "f4295bc365cf5575fceab0fcd79ca8eb26e0653d9cb6c02c6da8b53110ce3573"
	if got := hex.EncodeToString(MaskKey([]byte("k"), Default)); got != want {
		t.Fatalf("MaskKey(k, default) = %s, want %s", got, want)
	}
}

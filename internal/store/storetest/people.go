package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

func peopleCases() []testCase {
	return []testCase{
		{"UserSignupAndVerification", testUserVerification},
		{"TeamKeepsAnOwner", testTeamKeepsAnOwner},
		{"TeamLastOwnerRace", testTeamLastOwnerRace},
		{"InvitationWorksOnce", testInvitationOnce},
		{"RefreshTokenUsedOnce", testRefreshOnce},
		{"SettingFirstWriterWins", testSettingEnsure},
	}
}

func addUser(t *testing.T, s store.Store, id, email string) {
	t.Helper()
	now := time.Now().UTC()
	u := &store.User{ID: id, Email: email, PasswordHash: "x", VerifyHash: "v-" + id, VerifyUntil: now.Add(time.Hour), CreatedAt: now}
	if err := s.UserInsert(context.Background(), u); err != nil {
		t.Fatal(err)
	}
}

func testUserVerification(t *testing.T, s store.Store) {
	ctx := context.Background()
	addUser(t, s, "usr_1", "a@example.com")
	if err := s.UserInsert(ctx, &store.User{ID: "usr_2", Email: "a@example.com", PasswordHash: "y", CreatedAt: time.Now()}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("second account with one e-mail: %v", err)
	}
	u, err := s.UserByEmail(ctx, "a@example.com")
	if err != nil || u.ID != "usr_1" || u.VerifiedAt != nil || u.VerifyHash != "v-usr_1" {
		t.Fatalf("by e-mail = %+v, %v", u, err)
	}
	if _, err := s.UserVerifyByHash(ctx, "v-usr_1", time.Now().Add(2*time.Hour)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("an expired verification link worked: %v", err)
	}
	// A resent link replaces the first one.
	if err := s.UserSetVerifyHash(ctx, "usr_1", "v2", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UserVerifyByHash(ctx, "v-usr_1", time.Now()); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the replaced link still works: %v", err)
	}
	at := time.Now().UTC().Truncate(time.Microsecond)
	u, err = s.UserVerifyByHash(ctx, "v2", at)
	if err != nil || u.VerifiedAt == nil || !u.VerifiedAt.Equal(at) || u.VerifyHash != "" {
		t.Fatalf("verify = %+v, %v", u, err)
	}
	if _, err := s.UserVerifyByHash(ctx, "v2", at); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a verification link worked twice: %v", err)
	}
	if err := s.UserSetVerifyHash(ctx, "usr_1", "v3", at.Add(time.Hour)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a verified account got a new link: %v", err)
	}
	if err := s.UserVerifyByEmail(ctx, "nobody@example.com", at); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("verify of a missing account: %v", err)
	}
	addUser(t, s, "usr_3", "c@example.com")
	if err := s.UserVerifyByEmail(ctx, "c@example.com", at); err != nil {
		t.Fatal(err)
	}
	if u, _ := s.UserGet(ctx, "usr_3"); u.VerifiedAt == nil {
		t.Fatal("verify by e-mail left the account unverified")
	}
	if n, err := s.UserCount(ctx); err != nil || n != 2 {
		t.Fatalf("count = %d, %v", n, err)
	}
}

func testTeamKeepsAnOwner(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := time.Now().UTC()
	addUser(t, s, "usr_o", "o@example.com")
	addUser(t, s, "usr_m", "m@example.com")
	for i, m := range []*store.Member{
		{WorkspaceID: "ws_a", UserID: "usr_o", Role: "owner", JoinedAt: now},
		{WorkspaceID: "ws_a", UserID: "usr_m", Role: "member", JoinedAt: now.Add(time.Second)},
		{WorkspaceID: "ws_b", UserID: "usr_m", Role: "owner", JoinedAt: now.Add(2 * time.Second)},
	} {
		if err := s.MemberAdd(ctx, m); err != nil {
			t.Fatalf("add #%d: %v", i, err)
		}
	}
	if err := s.MemberAdd(ctx, &store.Member{WorkspaceID: "ws_a", UserID: "usr_m", Role: "viewer", JoinedAt: now}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("joined twice: %v", err)
	}
	list, err := s.MemberList(ctx, "ws_a")
	if err != nil || len(list) != 2 || list[0].Email != "o@example.com" || list[1].Role != "member" {
		t.Fatalf("list = %+v, %v", list, err)
	}
	mine, err := s.MembershipsOf(ctx, "usr_m")
	if err != nil || len(mine) != 2 || mine[0].WorkspaceID != "ws_a" || mine[1].WorkspaceID != "ws_b" {
		t.Fatalf("memberships = %+v, %v", mine, err)
	}
	if err := s.MemberSetRole(ctx, "ws_a", "usr_o", "admin"); !errors.Is(err, store.ErrLastOwner) {
		t.Fatalf("demoting the last owner: %v", err)
	}
	if err := s.MemberRemove(ctx, "ws_a", "usr_o"); !errors.Is(err, store.ErrLastOwner) {
		t.Fatalf("removing the last owner: %v", err)
	}
	if err := s.MemberSetRole(ctx, "ws_b", "usr_o", "admin"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("role change in a workspace the person is not in: %v", err)
	}
	if err := s.MemberSetRole(ctx, "ws_a", "usr_m", "owner"); err != nil {
		t.Fatal(err)
	}
	if err := s.MemberSetRole(ctx, "ws_a", "usr_o", "viewer"); err != nil {
		t.Fatalf("demoting one of two owners: %v", err)
	}
	if m, err := s.MemberGet(ctx, "ws_a", "usr_o"); err != nil || m.Role != "viewer" {
		t.Fatalf("after demotion = %+v, %v", m, err)
	}
	if err := s.MemberRemove(ctx, "ws_a", "usr_o"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MemberGet(ctx, "ws_a", "usr_o"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("removed member still there: %v", err)
	}
}

// testTeamLastOwnerRace has two owners demote each other at once, many
// times over: exactly one demotion may win each round.
func testTeamLastOwnerRace(t *testing.T, s store.Store) {
	ctx := context.Background()
	addUser(t, s, "usr_1", "1@example.com")
	addUser(t, s, "usr_2", "2@example.com")
	for _, u := range []string{"usr_1", "usr_2"} {
		if err := s.MemberAdd(ctx, &store.Member{WorkspaceID: "ws_a", UserID: u, Role: "owner", JoinedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	for round := 0; round < 10; round++ {
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, u := range []string{"usr_1", "usr_2"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = s.MemberSetRole(ctx, "ws_a", u, "member")
			}()
		}
		wg.Wait()
		list, err := s.MemberList(ctx, "ws_a")
		if err != nil {
			t.Fatal(err)
		}
		owners := 0
		for _, m := range list {
			if m.Role == "owner" {
				owners++
			}
		}
		if owners != 1 {
			t.Fatalf("round %d: %d owners left (errors %v)", round, owners, errs)
		}
		for _, u := range []string{"usr_1", "usr_2"} {
			if err := s.MemberSetRole(ctx, "ws_a", u, "owner"); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func testInvitationOnce(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Microsecond)
	inv := &store.Invitation{ID: "inv_1", WorkspaceID: "ws_a", Email: "x@example.com", Role: "viewer", TokenHash: "th",
		InvitedBy: "usr_1", CreatedAt: now, ExpiresAt: now.Add(7 * 24 * time.Hour)}
	if err := s.InvitationInsert(ctx, inv); err != nil {
		t.Fatal(err)
	}
	got, err := s.InvitationByHash(ctx, "th")
	if err != nil || got.WorkspaceID != "ws_a" || got.Role != "viewer" || !got.ExpiresAt.Equal(inv.ExpiresAt) || got.AcceptedAt != nil {
		t.Fatalf("by hash = %+v, %v", got, err)
	}
	if err := s.InvitationAccept(ctx, "inv_1", now); err != nil {
		t.Fatal(err)
	}
	if err := s.InvitationAccept(ctx, "inv_1", now); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("an invitation was accepted twice: %v", err)
	}
	if _, err := s.InvitationByHash(ctx, "other"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown token: %v", err)
	}
}

func testRefreshOnce(t *testing.T, s store.Store) {
	ctx := context.Background()
	addUser(t, s, "usr_1", "1@example.com")
	now := time.Now().UTC().Truncate(time.Microsecond)
	for _, id := range []string{"rt_1", "rt_2"} {
		if err := s.RefreshInsert(ctx, &store.RefreshToken{ID: id, FamilyID: "fam", UserID: "usr_1", WorkspaceID: "ws_a",
			Hash: "h-" + id, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RefreshUse(ctx, "rt_1", now); err != nil {
		t.Fatal(err)
	}
	if err := s.RefreshUse(ctx, "rt_1", now); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("a refresh token was used twice: %v", err)
	}
	got, err := s.RefreshByHash(ctx, "h-rt_1")
	if err != nil || got.UsedAt == nil || got.FamilyID != "fam" || !got.ExpiresAt.Equal(now.Add(time.Hour)) {
		t.Fatalf("used token = %+v, %v", got, err)
	}
	if err := s.RefreshRevokeFamily(ctx, "fam", now); err != nil {
		t.Fatal(err)
	}
	if err := s.RefreshUse(ctx, "rt_2", now); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("a token of a revoked family was used: %v", err)
	}
	if got, _ := s.RefreshByHash(ctx, "h-rt_2"); got.RevokedAt == nil {
		t.Fatal("family revocation missed a token")
	}
}

func testSettingEnsure(t *testing.T, s store.Store) {
	ctx := context.Background()
	first, err := s.SettingEnsure(ctx, "auth_secret", "one")
	if err != nil || first != "one" {
		t.Fatalf("first = %q, %v", first, err)
	}
	second, err := s.SettingEnsure(ctx, "auth_secret", "two")
	if err != nil || second != "one" {
		t.Fatalf("second = %q, %v; the first value must stay", second, err)
	}
}

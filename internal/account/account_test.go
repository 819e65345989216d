package account

import (
	"context"
	"encoding/base64"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/quarrydev/quarry/internal/account/smtptest"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/store/sqlite"
	"github.com/quarrydev/quarry/internal/tenant"
)

func newStore(t *testing.T) store.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestPasswordHash(t *testing.T) {
	t.Parallel()
	h, err := hashPassword("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not argon2id in PHC form", h)
	}
	h2, _ := hashPassword("correct horse")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	for pw, want := range map[string]bool{"correct horse": true, "correct horsE": false, "": false} {
		if ok, err := checkPassword(h, pw); err != nil || ok != want {
			t.Errorf("check(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
	if _, err := checkPassword("$2a$10$bcrypt", "x"); err == nil {
		t.Fatal("a foreign hash was accepted")
	}
}

func TestAccessTokenChecks(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	now := time.Now().UTC()
	s := &signer{configured: []byte("0123456789abcdef0123456789abcdef"), st: st}
	tok, err := s.issue(ctx, "usr_1", "ws_a", "viewer", now)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.parse(ctx, tok, now.Add(time.Minute))
	if err != nil || c.Subject != "usr_1" || c.Workspace != "ws_a" || c.Role != "viewer" {
		t.Fatalf("parse = %+v, %v", c, err)
	}
	if _, err := s.parse(ctx, tok, now.Add(AccessTTL+time.Second)); err == nil {
		t.Fatal("an expired token was accepted")
	}
	other := &signer{configured: []byte("another key another key another k"), st: st}
	if _, err := other.parse(ctx, tok, now); err == nil {
		t.Fatal("a token signed with another key was accepted")
	}
	// alg=none with the same claims must not pass.
	parts := strings.Split(tok, ".")
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + "."
	if _, err := s.parse(ctx, none, now); err == nil {
		t.Fatal("an unsigned token was accepted")
	}
	// A token whose claims were edited fails its signature.
	forged, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, accessClaims{Workspace: "ws_b", Role: "owner",
		RegisteredClaims: jwt.RegisteredClaims{Issuer: issuer, Subject: "usr_1", ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour))}}).
		SignedString([]byte("guessed"))
	if _, err := s.parse(ctx, forged, now); err == nil {
		t.Fatal("a token with a guessed key was accepted")
	}
}

func TestGeneratedKeyIsShared(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	a, b := &signer{st: st}, &signer{st: st} // two processes on one database
	tok, err := a.issue(ctx, "usr_1", "ws_a", "owner", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.parse(ctx, tok, time.Now()); err != nil {
		t.Fatalf("a second process rejects the first one's token: %v", err)
	}
}

func TestSignupVerifyLoginRefresh(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	smtpd := smtptest.Start(t)
	m, err := NewSMTP("smtp://mailer:s3cret@"+smtpd.Addr, "quarry@example.com")
	if err != nil {
		t.Fatal(err)
	}
	s := New(st, Options{Mailer: m, PublicURL: "https://quarry.example.com/"})

	if _, err := s.Signup(ctx, SignupParams{Email: "Ann@Example.com", Password: "short"}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("short password: %v", err)
	}
	u, err := s.Signup(ctx, SignupParams{Email: "Ann@Example.com", Password: "a long password"})
	if err != nil || u.Email != "ann@example.com" || u.VerifiedAt != nil {
		t.Fatalf("signup = %+v, %v", u, err)
	}
	if _, err := s.Signup(ctx, SignupParams{Email: "ann@example.com", Password: "another password"}); !errors.Is(err, ErrEmailTaken) {
		t.Fatalf("second signup: %v", err)
	}
	mine, _ := st.MembershipsOf(ctx, u.ID)
	if len(mine) != 1 || mine[0].Role != "owner" {
		t.Fatalf("memberships = %+v; want the owner of a workspace of one's own", mine)
	}
	if w, err := st.WorkspaceGet(ctx, mine[0].WorkspaceID); err != nil || w.Plan != "trial" {
		t.Fatalf("workspace = %+v, %v", w, err)
	}

	msgs := smtpd.Messages()
	if len(msgs) != 1 || !strings.Contains(msgs[0].To, "ann@example.com") || !strings.Contains(msgs[0].Data, "Subject: Verify your Quarry account") {
		t.Fatalf("mails = %+v", msgs)
	}
	if auth, _ := base64.StdEncoding.DecodeString(msgs[0].Auth); string(auth) != "\x00mailer\x00s3cret" {
		t.Fatalf("SMTP credentials sent = %q", auth)
	}
	link := regexp.MustCompile(`https://quarry\.example\.com/v1/auth/verify\?token=(\S+)`).FindStringSubmatch(msgs[0].Data)
	if link == nil {
		t.Fatalf("no verification link in %q", msgs[0].Data)
	}

	if _, err := s.Login(ctx, LoginParams{Email: "ann@example.com", Password: "a long password"}); !errors.Is(err, ErrUnverified) {
		t.Fatalf("login before verification: %v", err)
	}
	if _, err := s.Verify(ctx, link[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Verify(ctx, link[1]); !errors.Is(err, ErrToken) {
		t.Fatalf("a verification link worked twice: %v", err)
	}
	if _, err := s.Login(ctx, LoginParams{Email: "ann@example.com", Password: "wrong password"}); !errors.Is(err, ErrCredentials) {
		t.Fatalf("wrong password: %v", err)
	}
	tok, err := s.Login(ctx, LoginParams{Email: "ANN@example.com", Password: "a long password"})
	if err != nil || tok.Role != tenant.RoleOwner || tok.ExpiresIn != 3600 {
		t.Fatalf("login = %+v, %v", tok, err)
	}
	p, err := s.Authenticate(ctx, tok.AccessToken)
	if err != nil || p.UserID != u.ID || p.WorkspaceID != mine[0].WorkspaceID || p.Role != tenant.RoleOwner || p.Validate() != nil {
		t.Fatalf("authenticate = %+v, %v", p, err)
	}

	next, err := s.Refresh(ctx, tok.RefreshToken)
	if err != nil || next.RefreshToken == tok.RefreshToken {
		t.Fatalf("refresh = %+v, %v; want a rotated token", next, err)
	}
	if _, err := s.Refresh(ctx, tok.RefreshToken); !errors.Is(err, ErrToken) {
		t.Fatalf("reuse of a rotated token: %v", err)
	}
	// The reuse revoked the family: the token issued by the good
	// refresh stops working too.
	if _, err := s.Refresh(ctx, next.RefreshToken); !errors.Is(err, ErrToken) {
		t.Fatalf("the family survived a reuse: %v", err)
	}
}

func TestVerifyEmailForTheOperator(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	s := New(st, Options{})
	if _, err := s.Signup(ctx, SignupParams{Email: "bo@example.com", Password: "password1"}); err != nil {
		t.Fatal(err)
	}
	if err := s.VerifyEmail(ctx, "nobody@example.com"); err == nil {
		t.Fatal("verified a missing account")
	}
	if err := s.VerifyEmail(ctx, "Bo@example.com"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Login(ctx, LoginParams{Email: "bo@example.com", Password: "password1"}); err != nil {
		t.Fatalf("login after the operator verified: %v", err)
	}
}

func TestInvitationRules(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	now := time.Now().UTC()
	clock := now
	s := New(st, Options{Now: func() time.Time { return clock }})
	if err := st.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "ws_a"}); err != nil {
		t.Fatal(err)
	}
	admin := tenant.Principal{WorkspaceID: "ws_a", UserID: "usr_admin", Role: tenant.RoleAdmin}
	if _, err := s.Invite(ctx, admin, "x@example.com", tenant.RoleOwner); !errors.Is(err, ErrForbidden) {
		t.Fatalf("an admin invited an owner: %v", err)
	}
	inv, err := s.Invite(ctx, admin, "Cy@example.com", tenant.RoleViewer)
	if err != nil || inv.Token == "" || !inv.ExpiresAt.Equal(now.Add(InviteTTL)) {
		t.Fatalf("invite = %+v, %v; without a mailer the token comes back", inv, err)
	}
	if _, err := s.Signup(ctx, SignupParams{Email: "other@example.com", Password: "password1", InviteToken: inv.Token}); !errors.Is(err, ErrToken) {
		t.Fatalf("another e-mail accepted the invitation: %v", err)
	}
	late, _ := s.Invite(ctx, admin, "late@example.com", tenant.RoleMember)
	clock = now.Add(InviteTTL + time.Minute)
	if _, err := s.Signup(ctx, SignupParams{Email: "late@example.com", Password: "password1", InviteToken: late.Token}); !errors.Is(err, ErrToken) {
		t.Fatalf("an expired invitation was accepted: %v", err)
	}
	clock = now
	u, err := s.Signup(ctx, SignupParams{Email: "cy@example.com", Password: "password1", InviteToken: inv.Token})
	if err != nil {
		t.Fatal(err)
	}
	mine, _ := st.MembershipsOf(ctx, u.ID)
	if len(mine) != 1 || mine[0].WorkspaceID != "ws_a" || mine[0].Role != "viewer" {
		t.Fatalf("memberships = %+v; want viewer of ws_a only", mine)
	}
	if _, err := s.Invite(ctx, admin, "cy@example.com", tenant.RoleMember); !errors.Is(err, ErrAlreadyMember) {
		t.Fatalf("invited a member again: %v", err)
	}
}

// TestLoginAcceptsAnInvitation: someone with an account of their own
// joins a second workspace by logging in with the invitation, then picks
// either workspace at login.
func TestLoginAcceptsAnInvitation(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	s := New(st, Options{})
	if err := st.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "ws_team"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Signup(ctx, SignupParams{Email: "eve@example.com", Password: "password12"}); err != nil {
		t.Fatal(err)
	}
	if err := s.VerifyEmail(ctx, "eve@example.com"); err != nil {
		t.Fatal(err)
	}
	owner := tenant.Principal{WorkspaceID: "ws_team", UserID: "usr_boss", Role: tenant.RoleOwner}
	inv, err := s.Invite(ctx, owner, "eve@example.com", tenant.RoleMember)
	if err != nil {
		t.Fatal(err)
	}
	login := LoginParams{Email: "eve@example.com", Password: "password12", InviteToken: inv.Token}
	tok, err := s.Login(ctx, login)
	if err != nil || tok.WorkspaceID != "ws_team" || tok.Role != tenant.RoleMember {
		t.Fatalf("login with the invitation = %+v, %v", tok, err)
	}
	if _, err := s.Login(ctx, login); !errors.Is(err, ErrToken) {
		t.Fatalf("the invitation worked twice: %v", err)
	}
	own, err := s.Login(ctx, LoginParams{Email: "eve@example.com", Password: "password12"})
	if err != nil || own.WorkspaceID == "ws_team" || own.Role != tenant.RoleOwner {
		t.Fatalf("plain login = %+v, %v; want the oldest membership (their own workspace)", own, err)
	}
	picked, err := s.Login(ctx, LoginParams{Email: "eve@example.com", Password: "password12", WorkspaceID: "ws_team"})
	if err != nil || picked.WorkspaceID != "ws_team" {
		t.Fatalf("login into ws_team = %+v, %v", picked, err)
	}
	if _, err := s.Login(ctx, LoginParams{Email: "eve@example.com", Password: "password12", WorkspaceID: "ws_other"}); !errors.Is(err, ErrNoWorkspace) {
		t.Fatalf("login into a workspace one is not in: %v", err)
	}
}

// TestLoginThrottle: ten wrong passwords for an address lock it for the
// rest of the window, the right password included; the window ends.
func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	clock := time.Now().UTC()
	s := New(st, Options{Now: func() time.Time { return clock }})
	if _, err := s.Signup(ctx, SignupParams{Email: "fay@example.com", Password: "password12"}); err != nil {
		t.Fatal(err)
	}
	if err := s.VerifyEmail(ctx, "fay@example.com"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < loginFailures; i++ {
		if _, err := s.Login(ctx, LoginParams{Email: "fay@example.com", Password: "guess" + string(rune('a'+i)) + "xxxx"}); !errors.Is(err, ErrCredentials) {
			t.Fatalf("guess %d: %v", i, err)
		}
	}
	_, err := s.Login(ctx, LoginParams{Email: "fay@example.com", Password: "password12"})
	var th *ThrottledError
	if !errors.As(err, &th) || th.RetryAfter <= 0 || th.RetryAfter > loginWindow {
		t.Fatalf("login after %d failures = %v; want throttled", loginFailures, err)
	}
	clock = clock.Add(loginWindow)
	if _, err := s.Login(ctx, LoginParams{Email: "fay@example.com", Password: "password12"}); err != nil {
		t.Fatalf("login after the window: %v", err)
	}
}

// TestVerificationLinkExpiresAndIsResent: a link older than VerifyTTL
// fails; a resent one works and replaces it; resending for an unknown
// address answers the same and mails nothing.
func TestVerificationLinkExpiresAndIsResent(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	smtpd := smtptest.Start(t)
	m, _ := NewSMTP("smtp://"+smtpd.Addr, "q@example.com")
	clock := time.Now().UTC()
	s := New(st, Options{Mailer: m, PublicURL: "https://q.example", Now: func() time.Time { return clock }})
	if _, err := s.Signup(ctx, SignupParams{Email: "gil@example.com", Password: "password12"}); err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(`token=(\S+)`)
	first := link.FindStringSubmatch(smtpd.Messages()[0].Data)[1]
	clock = clock.Add(VerifyTTL + time.Minute)
	if _, err := s.Verify(ctx, first); !errors.Is(err, ErrToken) {
		t.Fatalf("an expired link worked: %v", err)
	}
	if err := s.ResendVerification(ctx, "nobody@example.com"); err != nil {
		t.Fatal(err)
	}
	if n := len(smtpd.Messages()); n != 1 {
		t.Fatalf("%d mails after a resend for an unknown address; want 1", n)
	}
	if err := s.ResendVerification(ctx, "gil@example.com"); err != nil {
		t.Fatal(err)
	}
	msgs := smtpd.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d mails; want the resent link", len(msgs))
	}
	second := link.FindStringSubmatch(msgs[1].Data)[1]
	if second == first {
		t.Fatal("the resent link is the expired one")
	}
	if _, err := s.Verify(ctx, second); err != nil {
		t.Fatalf("the resent link: %v", err)
	}
}

// Package account is the people of the /v1 platform: sign-up with an
// e-mail and a password (argon2id), verification by a single-use link,
// login to short-lived signed access tokens and rotating refresh tokens,
// and the team of a workspace (invitations, roles, removal). The HTTP
// layer decodes and encodes; every rule lives here.
package account

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// Errors the HTTP layer maps to codes.
var (
	// ErrInvalid is a request the rules refuse (a malformed e-mail, a
	// short password, an unknown role); its text says why.
	ErrInvalid = errors.New("account: invalid")
	// ErrCredentials is a wrong e-mail or password; callers do not
	// learn which.
	ErrCredentials = errors.New("account: wrong e-mail or password")
	// ErrUnverified is a login before the e-mail was verified.
	ErrUnverified = errors.New("account: e-mail not verified")
	// ErrEmailTaken is a sign-up for an e-mail that has an account.
	ErrEmailTaken = errors.New("account: an account with that e-mail exists")
	// ErrToken is an unknown, used, expired or revoked token of any kind.
	ErrToken = errors.New("account: invalid or expired token")
	// ErrNoWorkspace is a login of a person who belongs to no workspace
	// (or not to the one asked for).
	ErrNoWorkspace = errors.New("account: not a member of that workspace")
)

func invalid(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, a...)...)
}

// Options configure a Service.
type Options struct {
	// Secret signs access tokens (QUARRY_AUTH_SECRET); empty: a key is
	// generated once and kept in the database for every process.
	Secret string
	// Mailer sends verification and invitation mails; nil: none are sent
	// (embedded mode: `quarry users verify` marks accounts verified).
	Mailer Mailer
	// PublicURL is the address links in mails point at
	// (QUARRY_PUBLIC_URL). It is configured, never taken from a request's
	// Host header, which a caller controls.
	PublicURL string
	Now       func() time.Time // nil: time.Now
	Logger    *slog.Logger     // nil: slog.Default
}

// Service carries out the account and team rules over the store.
type Service struct {
	st     store.Store
	sign   *signer
	opts   Options
	logger *slog.Logger
	fails  throttle // failed logins per address
}

// New returns a Service.
func New(st store.Store, o Options) *Service {
	lg := o.Logger
	if lg == nil {
		lg = slog.Default()
	}
	o.PublicURL = strings.TrimRight(o.PublicURL, "/")
	return &Service{st: st, sign: &signer{configured: []byte(o.Secret), st: st}, opts: o, logger: lg}
}

// Mails reports whether a mailer is configured.
func (s *Service) Mails() bool { return s.opts.Mailer != nil }

func (s *Service) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now().UTC()
	}
	return time.Now().UTC()
}

// normalEmail checks an address and returns it in lower case, the form
// accounts and invitations are stored and matched in.
func normalEmail(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	a, err := mail.ParseAddress(raw)
	if err != nil || a.Address != raw || len(raw) > 254 {
		return "", invalid("email must be a plain e-mail address such as you@company.com")
	}
	return strings.ToLower(raw), nil
}

const (
	minPassword = 8
	// maxPassword bounds the work one request can ask argon2 for.
	maxPassword = 1024
)

// SignupParams is a sign-up; InviteToken, when set, joins the inviting
// workspace instead of creating one.
type SignupParams struct {
	Email, Password, InviteToken string
}

// Signup creates an unverified account and either its own workspace
// (trial plan, the person its owner) or, with an invitation for this
// e-mail, a membership of the inviting workspace. The verification link
// is mailed when a mailer is configured.
func (s *Service) Signup(ctx context.Context, p SignupParams) (*store.User, error) {
	email, err := normalEmail(p.Email)
	if err != nil {
		return nil, err
	}
	if n := len(p.Password); n < minPassword || n > maxPassword {
		return nil, invalid("password must be %d to %d characters long", minPassword, maxPassword)
	}
	var inv *store.Invitation
	if p.InviteToken != "" {
		if inv, err = s.pendingInvitation(ctx, p.InviteToken, email); err != nil {
			return nil, err
		}
	}
	hash, err := hashPassword(p.Password)
	if err != nil {
		return nil, err
	}
	verify, err := newToken("vfy_")
	if err != nil {
		return nil, err
	}
	now := s.now()
	u := &store.User{ID: ids.New("usr"), Email: email, PasswordHash: hash, VerifyHash: hashToken(verify),
		VerifyUntil: now.Add(VerifyTTL), CreatedAt: now}
	err = s.st.InTx(ctx, func(tx store.Tx) error {
		if err := tx.UserInsert(ctx, u); err != nil {
			return err
		}
		if inv != nil {
			return join(ctx, tx, inv, u.ID, now)
		}
		// An account has a workspace of its own; ULIDs in lower case
		// fit the workspace naming rule ([a-z0-9_-]).
		ws := strings.ToLower(ids.New("ws"))
		if err := tx.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: ws, Name: email, Plan: "trial"}); err != nil {
			return err
		}
		return tx.MemberAdd(ctx, &store.Member{WorkspaceID: ws, UserID: u.ID, Role: string(tenant.RoleOwner), JoinedAt: now})
	})
	if errors.Is(err, store.ErrConflict) {
		return nil, ErrEmailTaken
	}
	if err != nil {
		return nil, err
	}
	s.mailVerification(ctx, email, verify)
	return u, nil
}

// VerifyTTL is how long a verification link works.
const VerifyTTL = 72 * time.Hour

func (s *Service) mailVerification(ctx context.Context, email, token string) {
	s.mail(ctx, email, "Verify your Quarry account",
		"Open this link to verify your e-mail address and be able to sign in:\n\n"+
			s.opts.PublicURL+"/v1/auth/verify?token="+token+"\n\nThe link works once, for "+VerifyTTL.String()+".")
}

// ResendVerification mails a fresh link (the old one stops working) to
// an unverified account. It answers the same whether or not the account
// exists, so the answer tells a caller nothing about who has one.
func (s *Service) ResendVerification(ctx context.Context, email string) error {
	email, err := normalEmail(email)
	if err != nil {
		return err
	}
	if s.opts.Mailer == nil {
		return nil
	}
	u, err := s.st.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) || err == nil && u.VerifiedAt != nil {
		return nil
	}
	if err != nil {
		return err
	}
	token, err := newToken("vfy_")
	if err != nil {
		return err
	}
	err = s.st.UserSetVerifyHash(ctx, u.ID, hashToken(token), s.now().Add(VerifyTTL))
	if errors.Is(err, store.ErrNotFound) {
		return nil // verified a moment ago
	}
	if err != nil {
		return err
	}
	s.mailVerification(ctx, email, token)
	return nil
}

// mail sends when a mailer is configured. A failure is logged, not
// returned: the account exists either way, and the operator can verify
// it with `quarry users verify`.
func (s *Service) mail(ctx context.Context, to, subject, body string) {
	if s.opts.Mailer == nil {
		return
	}
	if err := s.opts.Mailer.Send(ctx, to, subject, body); err != nil {
		s.logger.Error("sending mail failed", "subject", subject, "err", err)
	}
}

// Verify spends a verification token.
func (s *Service) Verify(ctx context.Context, token string) (*store.User, error) {
	if token == "" {
		return nil, ErrToken
	}
	u, err := s.st.UserVerifyByHash(ctx, hashToken(token), s.now())
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrToken
	}
	return u, err
}

// VerifyEmail marks an account verified without a link (the operator's
// `quarry users verify EMAIL`).
func (s *Service) VerifyEmail(ctx context.Context, email string) error {
	email, err := normalEmail(email)
	if err != nil {
		return err
	}
	err = s.st.UserVerifyByEmail(ctx, email, s.now())
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no account has the e-mail %s", email)
	}
	return err
}

// Tokens is a login's answer.
type Tokens struct {
	AccessToken  string
	RefreshToken string
	ExpiresIn    int // seconds
	WorkspaceID  string
	Role         tenant.Role
	UserID       string // who signed in (for the audit trail)
}

// LoginParams is a login. InviteToken accepts an invitation (for this
// e-mail) and signs in to that workspace; WorkspaceID picks one of the
// person's workspaces; with neither, the oldest membership is used.
type LoginParams struct {
	Email, Password, InviteToken, WorkspaceID string
}

// Login checks the password and issues tokens.
func (s *Service) Login(ctx context.Context, p LoginParams) (*Tokens, error) {
	email, err := normalEmail(p.Email)
	if err != nil {
		return nil, ErrCredentials
	}
	if err := s.fails.check(email, s.now()); err != nil {
		return nil, err
	}
	u, err := s.st.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		_, _ = checkPassword(dummyHash, p.Password)
		s.fails.fail(email, s.now())
		return nil, ErrCredentials
	}
	if err != nil {
		return nil, err
	}
	if len(p.Password) > maxPassword {
		return nil, ErrCredentials
	}
	ok, err := checkPassword(u.PasswordHash, p.Password)
	if err != nil {
		return nil, err
	}
	if !ok {
		s.fails.fail(email, s.now())
		return nil, ErrCredentials
	}
	s.fails.reset(email)
	if u.VerifiedAt == nil {
		return nil, ErrUnverified
	}
	ws := p.WorkspaceID
	if p.InviteToken != "" {
		inv, err := s.pendingInvitation(ctx, p.InviteToken, email)
		if err != nil {
			return nil, err
		}
		if err := s.st.InTx(ctx, func(tx store.Tx) error { return join(ctx, tx, inv, u.ID, s.now()) }); err != nil {
			return nil, err
		}
		ws = inv.WorkspaceID
	}
	m, err := s.membership(ctx, u.ID, ws)
	if err != nil {
		return nil, err
	}
	family := ids.New("rtf")
	return s.issue(ctx, u.ID, m, family, nil)
}

// membership is the person's membership of ws, or their oldest one.
func (s *Service) membership(ctx context.Context, userID, ws string) (*store.Member, error) {
	if ws != "" {
		m, err := s.st.MemberGet(ctx, ws, userID)
		if errors.Is(err, store.ErrNotFound) {
			return nil, ErrNoWorkspace
		}
		return m, err
	}
	all, err := s.st.MembershipsOf(ctx, userID)
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, ErrNoWorkspace
	}
	return all[0], nil
}

// issue makes an access token and the next refresh token of family; with
// spent set, that token is marked used in the same transaction.
func (s *Service) issue(ctx context.Context, userID string, m *store.Member, family string, spent *store.RefreshToken) (*Tokens, error) {
	now := s.now()
	access, err := s.sign.issue(ctx, userID, m.WorkspaceID, m.Role, now)
	if err != nil {
		return nil, err
	}
	refresh, err := newToken("rt_")
	if err != nil {
		return nil, err
	}
	row := &store.RefreshToken{ID: ids.New("rt"), FamilyID: family, UserID: userID, WorkspaceID: m.WorkspaceID,
		Hash: hashToken(refresh), CreatedAt: now, ExpiresAt: now.Add(RefreshTTL)}
	err = s.st.InTx(ctx, func(tx store.Tx) error {
		if spent != nil {
			if err := tx.RefreshUse(ctx, spent.ID, now); err != nil {
				return err
			}
		}
		return tx.RefreshInsert(ctx, row)
	})
	if err != nil {
		return nil, err
	}
	return &Tokens{AccessToken: access, RefreshToken: refresh, ExpiresIn: int(AccessTTL / time.Second),
		WorkspaceID: m.WorkspaceID, Role: tenant.Role(m.Role), UserID: userID}, nil
}

// Refresh trades a refresh token for a new access token and the next
// refresh token. A token works once: presenting a used (or revoked) one
// means it leaked or was replayed, so the whole family of that login is
// revoked and its holder must sign in again.
func (s *Service) Refresh(ctx context.Context, token string) (*Tokens, error) {
	if token == "" {
		return nil, ErrToken
	}
	rt, err := s.st.RefreshByHash(ctx, hashToken(token))
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrToken
	}
	if err != nil {
		return nil, err
	}
	now := s.now()
	if rt.UsedAt != nil || rt.RevokedAt != nil {
		if err := s.st.RefreshRevokeFamily(ctx, rt.FamilyID, now); err != nil {
			return nil, err
		}
		s.logger.Warn("a used refresh token was presented; its login is revoked", "user", rt.UserID, "family", rt.FamilyID)
		return nil, ErrToken
	}
	if !now.Before(rt.ExpiresAt) {
		return nil, ErrToken
	}
	m, err := s.st.MemberGet(ctx, rt.WorkspaceID, rt.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrToken // removed from the workspace since
	}
	if err != nil {
		return nil, err
	}
	t, err := s.issue(ctx, rt.UserID, m, rt.FamilyID, rt)
	if errors.Is(err, store.ErrConflict) {
		// Another refresh spent it a moment ago: a replay all the same.
		_ = s.st.RefreshRevokeFamily(ctx, rt.FamilyID, now)
		return nil, ErrToken
	}
	return t, err
}

// Authenticate maps an access token to its principal. The role is read
// from the membership now, not from the token, so a removal or a role
// change holds from the next request on. errNotAccessToken (reported as
// ErrToken) means the string is no access token of ours.
func (s *Service) Authenticate(ctx context.Context, token string) (tenant.Principal, error) {
	c, err := s.sign.parse(ctx, token, s.now())
	if errors.Is(err, errNotAccessToken) {
		return tenant.Principal{}, ErrToken
	}
	if err != nil {
		return tenant.Principal{}, err
	}
	m, err := s.st.MemberGet(ctx, c.Workspace, c.Subject)
	if errors.Is(err, store.ErrNotFound) {
		return tenant.Principal{}, ErrToken
	}
	if err != nil {
		return tenant.Principal{}, err
	}
	role, err := tenant.ParseRole(m.Role)
	if err != nil {
		return tenant.Principal{}, ErrToken
	}
	return tenant.Principal{WorkspaceID: m.WorkspaceID, UserID: m.UserID, Role: role}, nil
}

// LooksLikeAccessToken tells an access token (a JWT: three dot-separated
// parts) from an API key without checking it, so the server knows which
// check to run.
func LooksLikeAccessToken(s string) bool { return strings.Count(s, ".") == 2 }

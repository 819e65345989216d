package server

import (
	"errors"
	"math"
	"net/http"

	"github.com/quarrydev/quarry/internal/account"
	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/obs"
)

// v1Tokens is the login and refresh answer, in the contract's shape.
type v1Tokens struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
}

func toV1Tokens(t *account.Tokens) v1Tokens {
	return v1Tokens{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, TokenType: "bearer", ExpiresIn: t.ExpiresIn}
}

// routeV1Auth: sign-up, verification, login and refresh. These routes
// need no credentials (withAuth lets /v1/auth/ through).
func (s *Server) routeV1Auth() {
	s.mux.HandleFunc("POST /v1/auth/signup", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Email       string `json:"email"`
			Password    string `json:"password"`
			InviteToken string `json:"invite_token"`
		}
		if !decodeV1(w, r, &in) {
			return
		}
		u, err := s.accounts.Signup(r.Context(), account.SignupParams{Email: in.Email, Password: in.Password, InviteToken: in.InviteToken})
		if err != nil {
			s.accountFail(w, r, err)
			return
		}
		s.keysChanged() // the first account turns authentication on
		v1OK(w, http.StatusCreated, map[string]any{"email": u.Email, "verified": u.VerifiedAt != nil})
	})
	s.mux.HandleFunc("GET /v1/auth/verify", func(w http.ResponseWriter, r *http.Request) {
		u, err := s.accounts.Verify(r.Context(), r.URL.Query().Get("token"))
		if err != nil {
			s.accountFail(w, r, err)
			return
		}
		v1OK(w, http.StatusOK, map[string]any{"email": u.Email, "verified": true})
	})
	s.mux.HandleFunc("POST /v1/auth/verify/resend", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Email string `json:"email"`
		}
		if !decodeV1(w, r, &in) {
			return
		}
		if err := s.accounts.ResendVerification(r.Context(), in.Email); err != nil {
			s.accountFail(w, r, err)
			return
		}
		// The same answer whether or not the address has an account.
		v1OK(w, http.StatusOK, map[string]any{"email": in.Email, "message": "If that address has an unverified account, a new link is on its way."})
	})
	s.mux.HandleFunc("POST /v1/auth/login", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Email       string `json:"email"`
			Password    string `json:"password"`
			InviteToken string `json:"invite_token"`
			WorkspaceID string `json:"workspace_id"`
		}
		if !decodeV1(w, r, &in) {
			return
		}
		t, err := s.accounts.Login(r.Context(), account.LoginParams{Email: in.Email, Password: in.Password,
			InviteToken: in.InviteToken, WorkspaceID: in.WorkspaceID})
		if err != nil {
			s.accountFail(w, r, err)
			return
		}
		// A failed login names no workspace (the address may have none),
		// so only successes enter a trail; the throttle counts failures.
		if err := audit.Record(r.Context(), s.store, t.WorkspaceID, audit.Event{Action: "auth.login", Actor: t.UserID, Subject: t.UserID}); err != nil {
			obs.Logger(r.Context()).Error("audit record failed", "action", "auth.login", "err", err)
		}
		v1OK(w, http.StatusOK, toV1Tokens(t))
	})
	s.mux.HandleFunc("POST /v1/auth/refresh", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			RefreshToken string `json:"refresh_token"`
		}
		if !decodeV1(w, r, &in) {
			return
		}
		t, err := s.accounts.Refresh(r.Context(), in.RefreshToken)
		if err != nil {
			s.accountFail(w, r, err)
			return
		}
		v1OK(w, http.StatusOK, toV1Tokens(t))
	})
}

// accountFail answers an account or team error with its /v1 code.
func (s *Server) accountFail(w http.ResponseWriter, r *http.Request, err error) {
	var throttled *account.ThrottledError
	switch {
	case errors.As(err, &throttled):
		v1RetryAfter(w, int(math.Ceil(throttled.RetryAfter.Seconds())))
		v1Fail(w, r, v1RateLimited, "Too many failed logins for this address; wait and try again.")
	case errors.Is(err, account.ErrInvalid):
		v1Fail(w, r, v1Validation, err.Error())
	case errors.Is(err, account.ErrCredentials):
		v1Fail(w, r, v1Unauthorized, "The e-mail or the password is wrong.")
	case errors.Is(err, account.ErrUnverified):
		v1Fail(w, r, v1Unauthorized, "Verify your e-mail address first: open the link sent at sign-up (or ask the operator to run `quarry users verify EMAIL`).")
	case errors.Is(err, account.ErrEmailTaken):
		v1Fail(w, r, v1Conflict, "An account with that e-mail exists; sign in instead.")
	case errors.Is(err, account.ErrToken):
		v1Fail(w, r, v1Unauthorized, "The token is unknown, used, expired or revoked.")
	case errors.Is(err, account.ErrNoWorkspace):
		v1Fail(w, r, v1Unauthorized, "The account is not a member of that workspace.")
	case errors.Is(err, account.ErrForbidden):
		v1Fail(w, r, v1Forbidden, err.Error())
	case errors.Is(err, account.ErrLastOwner):
		v1Fail(w, r, v1LastOwner, "A workspace keeps at least one owner: make someone else owner first.")
	case errors.Is(err, account.ErrAlreadyMember):
		v1Fail(w, r, v1Conflict, "That person is already a member of this workspace.")
	case errors.Is(err, account.ErrNotFound):
		v1Fail(w, r, v1NotFound, "No member with that user id in this workspace.")
	default:
		v1Fail(w, r, v1Internal, "The account operation failed.")
	}
}

package server

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/quarrydev/quarry/internal/account"
	"github.com/quarrydev/quarry/internal/apikey"
	"github.com/quarrydev/quarry/internal/dashboard"
	"github.com/quarrydev/quarry/internal/problem"
	"github.com/quarrydev/quarry/internal/tenant"
)

// The dashboard signs people in with a cookie instead of a header, so
// that no credential is ever readable by the page's script. The cookie
// holds the same credential a header would (an access token or an API
// key); withSession turns it into that header for withAuth, after the
// CSRF check, so every /v1 and /api/v1 route authorises it exactly as
// it authorises an API client.
const (
	sessionCookie = "quarry_session"
	refreshCookie = "quarry_refresh"
	csrfHeader    = "X-CSRF-Token"
	// keySessionTTL is how long a cookie holding an API key lives: a
	// working day, after which the person pastes the key again.
	keySessionTTL = 12 * time.Hour
)

// csrfKeys derives the CSRF tokens; the key is kept in the store's
// settings so every process of a deployment agrees on it.
type csrfKeys struct {
	mu  sync.Mutex
	key []byte
}

func (s *Server) csrfKey(ctx context.Context) ([]byte, error) {
	s.csrf.mu.Lock()
	defer s.csrf.mu.Unlock()
	if s.csrf.key != nil {
		return s.csrf.key, nil
	}
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	stored, err := s.store.SettingEnsure(ctx, "dashboard_csrf_key", hex.EncodeToString(fresh))
	if err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(stored)
	if err != nil {
		return nil, err
	}
	s.csrf.key = key
	return key, nil
}

// csrfToken binds a token to one session value: a page of another site
// can neither read it nor compute it, and it dies with the session.
func (s *Server) csrfToken(ctx context.Context, session string) (string, error) {
	key, err := s.csrfKey(ctx)
	if err != nil {
		return "", err
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("csrf:" + session))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)), nil
}

// safeMethod reports a method that changes nothing.
func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// sameOrigin refuses a state change whose Origin names another site.
// Browsers send Origin on every cross-origin POST; its absence (curl, an
// old browser) leaves the decision to the token.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}

// withSession authenticates cookie requests to the APIs. A request that
// carries its own credential (X-API-Key or Authorization) is an API
// client and passes untouched: CSRF cannot forge a header. A cookie
// request that changes state must echo the session's CSRF token.
func (s *Server) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		platform := strings.HasPrefix(r.URL.Path, "/v1/")
		if !platform && !strings.HasPrefix(r.URL.Path, "/api/") || r.Header.Get("X-API-Key") != "" || r.Header.Get("Authorization") != "" {
			next.ServeHTTP(w, r)
			return
		}
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" {
			next.ServeHTTP(w, r)
			return
		}
		if !safeMethod(r.Method) && !s.csrfOK(r, c.Value) {
			if platform {
				v1Fail(w, r, v1Forbidden, "A signed-in request that changes something needs the "+csrfHeader+" header from /dashboard/session.")
			} else {
				writeProblem(w, r, problem.New(problem.Unauthorized, "%s", "A signed-in request that changes something needs the "+csrfHeader+" header from /dashboard/session."))
			}
			return
		}
		r = r.Clone(r.Context())
		r.Header.Set("Authorization", "Bearer "+c.Value)
		next.ServeHTTP(w, r)
	})
}

func (s *Server) csrfOK(r *http.Request, session string) bool {
	if !sameOrigin(r) {
		return false
	}
	got := r.Header.Get(csrfHeader)
	want, err := s.csrfToken(r.Context(), session)
	return err == nil && got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// principalOf authenticates a credential the way withAuth does.
func (s *Server) principalOf(ctx context.Context, cred string) (tenant.Principal, error) {
	for _, k := range s.cfg.APIKeys {
		if subtle.ConstantTimeCompare([]byte(cred), []byte(k)) == 1 {
			return tenant.Principal{WorkspaceID: tenant.Default, KeyID: keyID(k), Role: tenant.RoleOwner}, nil
		}
	}
	if !strings.HasPrefix(cred, apikey.Prefix) && account.LooksLikeAccessToken(cred) {
		return s.accounts.Authenticate(ctx, cred)
	}
	return s.keys.Authenticate(ctx, cred)
}

// dashboardSession is what the page learns about its visitor.
type dashboardSession struct {
	Auth        bool   `json:"auth"` // false: authentication is off (embedded mode)
	WorkspaceID string `json:"workspace_id"`
	Role        string `json:"role"`
	UserID      string `json:"user_id,omitempty"`
	KeyID       string `json:"key_id,omitempty"`
	Email       string `json:"email,omitempty"`
	CSRFToken   string `json:"csrf_token,omitempty"`
	ExpiresIn   int    `json:"expires_in,omitempty"`
}

func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value, path string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: path, MaxAge: int(maxAge / time.Second),
		HttpOnly: true, Secure: r.TLS != nil || strings.HasPrefix(s.cfg.PublicURL, "https://"), SameSite: http.SameSiteStrictMode})
}

func (s *Server) clearCookies(w http.ResponseWriter, r *http.Request) {
	s.setCookie(w, r, sessionCookie, "", "/", -time.Second)
	s.setCookie(w, r, refreshCookie, "", "/dashboard/session", -time.Second)
}

// answerSession writes the visitor's session with a CSRF token bound to
// the session value.
func (s *Server) answerSession(w http.ResponseWriter, r *http.Request, cred string, p tenant.Principal, expiresIn int) {
	tok, err := s.csrfToken(r.Context(), cred)
	if err != nil {
		v1Fail(w, r, v1Internal, "The session could not be started; try again.")
		return
	}
	out := dashboardSession{Auth: true, WorkspaceID: p.WorkspaceID, Role: string(p.Role), UserID: p.UserID, KeyID: p.KeyID, CSRFToken: tok, ExpiresIn: expiresIn}
	if p.UserID != "" {
		if u, err := s.store.UserGet(r.Context(), p.UserID); err == nil {
			out.Email = u.Email
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	v1OK(w, http.StatusOK, out)
}

// routeDashboard serves the dashboard at / (or the plain home page when
// built with -tags nodashboard) and its session endpoints.
func (s *Server) routeDashboard() {
	if h := dashboard.Handler(); h != nil {
		s.mux.Handle("GET /{$}", h)
		s.mux.Handle("GET /ui/", h)
	} else {
		s.mux.HandleFunc("GET /{$}", s.home)
	}
	s.mux.HandleFunc("GET /dashboard/session", s.sessionGet)
	s.mux.HandleFunc("POST /dashboard/session", s.sessionStart)
	s.mux.HandleFunc("DELETE /dashboard/session", s.sessionEnd)
}

// sessionGet tells the page who is signed in, renewing an expired access
// token from the refresh cookie (tokens rotate, as on /v1/auth/refresh).
func (s *Server) sessionGet(w http.ResponseWriter, r *http.Request) {
	if !s.authRequired(r.Context()) {
		v1OK(w, http.StatusOK, dashboardSession{Auth: false, WorkspaceID: tenant.Default, Role: string(tenant.RoleOwner)})
		return
	}
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if p, err := s.principalOf(r.Context(), c.Value); err == nil {
			s.answerSession(w, r, c.Value, p, 0)
			return
		}
	}
	if c, err := r.Cookie(refreshCookie); err == nil && c.Value != "" {
		if t, err := s.accounts.Refresh(r.Context(), c.Value); err == nil {
			if p, err := s.accounts.Authenticate(r.Context(), t.AccessToken); err == nil {
				s.setCookie(w, r, sessionCookie, t.AccessToken, "/", account.RefreshTTL)
				s.setCookie(w, r, refreshCookie, t.RefreshToken, "/dashboard/session", account.RefreshTTL)
				s.answerSession(w, r, t.AccessToken, p, t.ExpiresIn)
				return
			}
		}
	}
	s.clearCookies(w, r)
	v1Fail(w, r, v1Unauthorized, "Sign in first.")
}

// sessionStart signs a person in with an e-mail and password, or with an
// API key, and sets the session cookies.
func (s *Server) sessionStart(w http.ResponseWriter, r *http.Request) {
	// Login CSRF: no cookie exists yet, so the Origin check is what keeps
	// another site from signing a visitor into its own account.
	if !sameOrigin(r) {
		v1Fail(w, r, v1Forbidden, "Sign in from the dashboard's own origin.")
		return
	}
	var in struct {
		Email       string `json:"email"`
		Password    string `json:"password"`
		WorkspaceID string `json:"workspace_id"`
		APIKey      string `json:"api_key"`
	}
	if !decodeV1(w, r, &in) {
		return
	}
	if in.APIKey != "" {
		key := strings.TrimSpace(in.APIKey)
		p, err := s.principalOf(r.Context(), key)
		if err != nil || p.UserID != "" { // an access token is not an API key
			if err != nil && !errors.Is(err, apikey.ErrInvalid) && !errors.Is(err, account.ErrToken) {
				v1Fail(w, r, v1Internal, "Checking the API key failed; try again.")
				return
			}
			v1Fail(w, r, v1InvalidAPIKey, "That API key is not valid.")
			return
		}
		s.setCookie(w, r, sessionCookie, key, "/", keySessionTTL)
		s.answerSession(w, r, key, p, int(keySessionTTL/time.Second))
		return
	}
	t, err := s.accounts.Login(r.Context(), account.LoginParams{Email: in.Email, Password: in.Password, WorkspaceID: in.WorkspaceID})
	if err != nil {
		s.accountFail(w, r, err)
		return
	}
	p, err := s.accounts.Authenticate(r.Context(), t.AccessToken)
	if err != nil {
		v1Fail(w, r, v1Internal, "The session could not be started; try again.")
		return
	}
	// The cookie outlives the hour-long access token; sessionGet renews
	// the token from the refresh cookie, which only it is sent to.
	s.setCookie(w, r, sessionCookie, t.AccessToken, "/", account.RefreshTTL)
	s.setCookie(w, r, refreshCookie, t.RefreshToken, "/dashboard/session", account.RefreshTTL)
	s.answerSession(w, r, t.AccessToken, p, t.ExpiresIn)
}

// sessionEnd signs out: the cookies go, with the CSRF check first so a
// foreign page cannot sign a visitor out either.
func (s *Server) sessionEnd(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" && !s.csrfOK(r, c.Value) {
		v1Fail(w, r, v1Forbidden, "Signing out needs the "+csrfHeader+" header.")
		return
	}
	s.clearCookies(w, r)
	w.WriteHeader(http.StatusNoContent)
}

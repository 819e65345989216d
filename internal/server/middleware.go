package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"runtime/debug"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/quarrydev/quarry/internal/account"
	"github.com/quarrydev/quarry/internal/apikey"
	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/obs"
	"github.com/quarrydev/quarry/internal/problem"
	"github.com/quarrydev/quarry/internal/tenant"
)

// statusWriter remembers the status code for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// headerID accepts client ids that are safe to echo and log.
var headerID = regexp.MustCompile(`^[A-Za-z0-9._:/+=@-]{1,128}$`)

// traceparent is the W3C trace context header shape.
var traceparent = regexp.MustCompile(`^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$`)

// withObservability echoes X-Request-Id (generating one), X-Correlation-Id
// and X-Tenant-Id, accepts traceparent, puts them in the request's logger,
// recovers panics into a 500 problem, records metrics and logs one line
// per request.
func (s *Server) withObservability(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := obs.IDs{
			RequestID:     clean(r.Header.Get("X-Request-Id")),
			CorrelationID: clean(r.Header.Get("X-Correlation-Id")),
			TenantID:      clean(r.Header.Get("X-Tenant-Id")),
		}
		// The caller's labels are stored with the extraction and copied
		// into events, so a bad one is refused, not silently dropped.
		badIDs := badHeaderIDs(r.Header)
		if tp := strings.ToLower(strings.TrimSpace(r.Header.Get("traceparent"))); traceparent.MatchString(tp) {
			id.TraceParent = tp
		}
		if id.RequestID == "" {
			id.RequestID = ids.New("req")
		}
		if id.CorrelationID == "" {
			id.CorrelationID = id.RequestID
		}
		h := w.Header()
		h.Set("X-Request-Id", id.RequestID)
		h.Set("X-Correlation-Id", id.CorrelationID)
		if id.TenantID != "" {
			h.Set("X-Tenant-Id", id.TenantID)
		}
		st := &requestState{}
		ctx := context.WithValue(obs.WithIDs(r.Context(), id), requestStateKey{}, st)
		r = r.WithContext(ctx)
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				obs.Logger(ctx).Error("handler panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if sw.status == 0 {
					writeProblem(sw, r, problem.New(problem.Internal, "An unexpected error occurred."))
				}
			}
			route := r.Pattern
			if route == "" {
				route = st.pattern // matched on a copy of r (withAuth, withBudget)
			}
			if route == "" {
				route = "unmatched"
			}
			d := time.Since(start)
			s.metrics.observeRequest(route, r.Method, sw.status, d)
			obs.Logger(ctx).Info("request", "method", r.Method, "route", route, "path", r.URL.Path,
				"status", sw.status, "bytes", sw.bytes, "duration_ms", float64(d.Microseconds())/1000)
		}()
		if len(badIDs) > 0 {
			writeProblem(sw, r, problem.Invalid(badIDs...))
			return
		}
		next.ServeHTTP(sw, r)
	})
}

// requestState is what inner layers report to the outer ones through the
// context: they pass copies of the request (WithContext), so fields they
// set on their copy are not seen here.
type requestState struct {
	pattern string // the mux pattern that matched
	lease   *lease // the request's memory budget lease
}

type requestStateKey struct{}

func stateOf(r *http.Request) *requestState {
	st, _ := r.Context().Value(requestStateKey{}).(*requestState)
	return st
}

// withPattern records the mux pattern that matched in the request state,
// also when the handler panics, so metrics and logs name the route.
func withPattern(mux http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if st := stateOf(r); st != nil {
				st.pattern = r.Pattern
			}
		}()
		mux.ServeHTTP(w, r)
	})
}

// maxHeaderID is the length limit of X-Request-Id, X-Correlation-Id and
// X-Tenant-Id (headerID).
const maxHeaderID = 128

// badHeaderIDs reports X-Correlation-Id and X-Tenant-Id values that are
// present but not of the safe shape. X-Request-Id is replaced instead: it
// only names this request, and Quarry makes one when it is missing.
func badHeaderIDs(h http.Header) []problem.FieldError {
	var errs []problem.FieldError
	for _, name := range []string{"X-Correlation-Id", "X-Tenant-Id"} {
		v := strings.TrimSpace(h.Get(name))
		if v == "" || headerID.MatchString(v) {
			continue
		}
		msg := "must be 1 to 128 characters of ASCII letters, digits and . _ : / + = @ -"
		if len(v) > maxHeaderID {
			msg = fmt.Sprintf("is %d bytes long; the limit is %d bytes", len(v), maxHeaderID)
		}
		errs = append(errs, problem.FieldError{Path: name, Message: msg})
	}
	return errs
}

// checkIdempotencyKey refuses keys a store cannot keep or index: the key
// is compared byte for byte in a text column, so it must be UTF-8 without
// control characters.
func checkIdempotencyKey(path, key string) *problem.Problem {
	switch {
	case len(key) > maxIdempotencyKey:
		return problem.Invalid(problem.FieldError{Path: path, Message: fmt.Sprintf("is %d bytes long; the limit is %d bytes", len(key), maxIdempotencyKey)})
	case !utf8.ValidString(key):
		return problem.Invalid(problem.FieldError{Path: path, Message: "is not valid UTF-8"})
	case strings.ContainsFunc(key, unicode.IsControl):
		return problem.Invalid(problem.FieldError{Path: path, Message: "contains control characters"})
	}
	return nil
}

func clean(v string) string {
	v = strings.TrimSpace(v)
	if headerID.MatchString(v) {
		return v
	}
	return ""
}

// withAuth authenticates /api/ and /v1/ requests and puts the caller's
// principal in the request context. A request may present a configured
// key (QUARRY_API_KEYS: owner of tenant.Default, as before workspaces had
// keys) or a workspace key issued by `quarry keys create` or /v1/api-keys,
// as `X-API-KEY` or `Authorization: Bearer`. While no key exists at all,
// authentication is off and no principal is set: tenant.WorkspaceID falls
// back to tenant.Default (embedded mode; `quarry serve` then listens on
// loopback only). Probes, metrics and docs stay open.
func (s *Server) withAuth(next http.Handler) http.Handler {
	keyIDs := make([]string, len(s.cfg.APIKeys))
	for i, k := range s.cfg.APIKeys {
		keyIDs[i] = keyID(k)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		platform := strings.HasPrefix(r.URL.Path, "/v1/")
		// Sign-up, verification, login and refresh are how a person gets
		// credentials, so they need none.
		if !platform && !strings.HasPrefix(r.URL.Path, "/api/") || strings.HasPrefix(r.URL.Path, "/v1/auth/") || !s.authRequired(r.Context()) {
			next.ServeHTTP(w, r)
			return
		}
		key := r.Header.Get("X-API-Key")
		if a := r.Header.Get("Authorization"); key == "" && len(a) > 7 && strings.EqualFold(a[:7], "bearer ") {
			key = strings.TrimSpace(a[7:])
		}
		for i, k := range s.cfg.APIKeys {
			if key != "" && subtle.ConstantTimeCompare([]byte(key), []byte(k)) == 1 {
				p := tenant.Principal{WorkspaceID: tenant.Default, KeyID: keyIDs[i], Role: tenant.RoleOwner}
				next.ServeHTTP(w, r.WithContext(tenant.With(r.Context(), p)))
				return
			}
		}
		// A configured key (any string) matched above; a dfx_ key stays
		// a key; anything else shaped like a JWT is a person's access token.
		if !strings.HasPrefix(key, apikey.Prefix) && account.LooksLikeAccessToken(key) {
			s.authUser(w, r, next, key, platform)
			return
		}
		if key != "" {
			p, err := s.keys.Authenticate(r.Context(), key)
			if err == nil {
				next.ServeHTTP(w, r.WithContext(tenant.With(r.Context(), p)))
				return
			}
			if !errors.Is(err, apikey.ErrInvalid) {
				obs.Logger(r.Context()).Error("api key check failed", "err", err)
				if platform {
					v1Fail(w, r, v1Internal, "Checking the API key failed; try again.")
				} else {
					writeProblem(w, r, problem.New(problem.Internal, "Checking the API key failed; try again."))
				}
				return
			}
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="quarry"`)
		if platform {
			v1Fail(w, r, v1InvalidAPIKey, "A valid API key is required: send `X-API-KEY: dfx_...` or `Authorization: Bearer <key>`.")
			return
		}
		writeProblem(w, r, problem.New(problem.Unauthorized, "A valid API key is required: send `Authorization: Bearer <key>`."))
	})
}

// authUser authenticates a person's access token.
func (s *Server) authUser(w http.ResponseWriter, r *http.Request, next http.Handler, token string, platform bool) {
	p, err := s.accounts.Authenticate(r.Context(), token)
	if err == nil {
		next.ServeHTTP(w, r.WithContext(tenant.With(r.Context(), p)))
		return
	}
	if !errors.Is(err, account.ErrToken) {
		obs.Logger(r.Context()).Error("access token check failed", "err", err)
		if platform {
			v1Fail(w, r, v1Internal, "Checking the access token failed; try again.")
		} else {
			writeProblem(w, r, problem.New(problem.Internal, "Checking the access token failed; try again."))
		}
		return
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="quarry", error="invalid_token"`)
	if platform {
		v1Fail(w, r, v1Unauthorized, "The access token is invalid or expired: refresh it (POST /v1/auth/refresh) or sign in again.")
		return
	}
	writeProblem(w, r, problem.New(problem.Unauthorized, "The access token is invalid or expired."))
}

// authRequired reports whether any key, configured or stored, or any
// account exists. The stored counts are read at most every authRecheck,
// so a key created by another process (the CLI) turns authentication on
// within that time, and keys or accounts created here turn it on at once.
func (s *Server) authRequired(ctx context.Context) bool {
	if len(s.cfg.APIKeys) > 0 {
		return true
	}
	now := time.Now().UnixNano()
	if next := s.authCheckedUntil.Load(); now < next {
		return s.authOn.Load()
	}
	keys, err := s.store.APIKeyCount(ctx)
	users := 0
	if err == nil && keys == 0 {
		users, err = s.store.UserCount(ctx)
	}
	if err != nil {
		// Fail closed: a database hiccup must not open the API.
		return true
	}
	on := keys+users > 0
	s.authOn.Store(on)
	s.authCheckedUntil.Store(now + int64(authRecheck))
	return on
}

// authRecheck is how long the stored-key count is trusted.
const authRecheck = 2 * time.Second

// keysChanged makes the next request recount the stored keys.
func (s *Server) keysChanged() { s.authCheckedUntil.Store(0) }

// keyID names a configured key without revealing it, so logs and audit
// rows can say which key acted.
func keyID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return "key_" + hex.EncodeToString(sum[:8])
}

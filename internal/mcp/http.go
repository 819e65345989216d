package mcp

import (
	"context"
	"net/http"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// HTTPHandler serves the Streamable HTTP transport (mount it at /mcp).
// Each request must carry a key the REST API accepts, in X-API-Key or
// Authorization: Bearer; it is checked once per request against the
// same middleware as /api/v1, and the tools act with it.
func (s *Server) HTTPHandler() http.Handler {
	opts := func(rebinding bool) *sdk.StreamableHTTPOptions {
		return &sdk.StreamableHTTPOptions{
			// Sessions idle this long are closed, so abandoned clients
			// do not hold memory.
			SessionTimeout: 30 * time.Minute,
			// A document arrives in base64: a third larger than the cap.
			MaxRequestBodyBytes:        s.opt.MaxFileBytes*4/3 + 1<<20,
			DisableLocalhostProtection: !rebinding,
		}
	}
	get := func(*http.Request) *sdk.Server { return s.sdk }
	// While keys are required, a request cannot come from a
	// DNS-rebinding page (the page does not know a key), and behind a
	// reverse proxy on the same host its Host header is the public name,
	// which the SDK's localhost check would refuse. While the API is open
	// (no key exists: a fresh local install) the check stays on, whatever
	// key header is sent.
	keyed, open := sdk.NewStreamableHTTPHandler(get, opts(false)), sdk.NewStreamableHTTPHandler(get, opts(true))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := headerKey(r.Header)
		if status, msg := s.authorize(r.Context(), key); status != http.StatusOK {
			if status == http.StatusUnauthorized {
				w.Header().Set("WWW-Authenticate", `Bearer realm="quarry"`)
			}
			http.Error(w, msg, status)
			return
		}
		if key == "" || s.opt.AuthOn == nil {
			open.ServeHTTP(w, r)
			return
		}
		on, err := s.opt.AuthOn(r.Context())
		if err != nil {
			http.Error(w, "checking the API key failed; try again", http.StatusServiceUnavailable)
			return
		}
		if !on {
			open.ServeHTTP(w, r)
			return
		}
		keyed.ServeHTTP(w, r)
	})
}

// authorize asks the REST API whether key may call it, with the
// cheapest authenticated route: the API's auth middleware decides
// (off while no key exists, as on REST).
func (s *Server) authorize(ctx context.Context, key string) (int, string) {
	r, err := s.be.do(ctx, key, http.MethodGet, "/api/v1/version", nil, "", 1<<20)
	switch {
	case err != nil:
		return http.StatusServiceUnavailable, "checking the API key failed; try again"
	case r.status == http.StatusUnauthorized || r.status == http.StatusForbidden:
		return r.status, "a valid Quarry API key is required: send X-API-Key: dfx_... or Authorization: Bearer <key>"
	case r.status >= 500:
		return http.StatusServiceUnavailable, "checking the API key failed; try again"
	}
	return http.StatusOK, ""
}

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
	h := sdk.NewStreamableHTTPHandler(func(*http.Request) *sdk.Server { return s.sdk }, &sdk.StreamableHTTPOptions{
		// Sessions idle this long are closed, so abandoned clients do
		// not hold memory.
		SessionTimeout: 30 * time.Minute,
		// A document arrives in base64: a third larger than the cap.
		MaxRequestBodyBytes: s.opt.MaxFileBytes*4/3 + 1<<20,
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if status, msg := s.authorize(r.Context(), headerKey(r.Header)); status != http.StatusOK {
			if status == http.StatusUnauthorized {
				w.Header().Set("WWW-Authenticate", `Bearer realm="quarry"`)
			}
			http.Error(w, msg, status)
			return
		}
		h.ServeHTTP(w, r)
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

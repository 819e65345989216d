// Package tenant answers one question for every layer: on whose behalf is
// this code running? The HTTP layer authenticates a request and stores a
// Principal in its context; the pipeline, PII masking and the store
// queries read the workspace from there, so the answer is given once.
//
// tenant is a leaf: it imports only the standard library, so engines and
// drivers can depend on it without pulling in the server or the store.
package tenant

import (
	"context"
	"errors"
	"fmt"
)

// Default is the workspace that owns everything while authentication is
// off, and the one the configured API keys map to.
const Default = "default"

// Principal is who a piece of work runs for: a workspace, and the API key
// or user that acts in it with a role.
type Principal struct {
	// WorkspaceID scopes every row read or written and every
	// per-workspace key.
	WorkspaceID string
	// KeyID names the API key that authenticated the request (a
	// fingerprint, never the key itself); "" when a user did.
	KeyID string
	// UserID names the signed-in user; "" when an API key did.
	UserID string
	// Role is what the caller may do. A worker running a stored job acts
	// for nobody in particular and leaves it empty, which ranks below
	// every role.
	Role Role
}

// Validate reports a principal that authentication must never produce:
// no workspace, an unknown role, or both a key and a user.
func (p Principal) Validate() error {
	switch {
	case p.WorkspaceID == "":
		return errors.New("tenant: principal without a workspace")
	case p.KeyID != "" && p.UserID != "":
		return errors.New("tenant: principal is both a key and a user")
	case p.Role != "" && !p.Role.Valid():
		return fmt.Errorf("tenant: unknown role %q", p.Role)
	}
	return nil
}

type ctxKey struct{}

// With returns ctx carrying p. A later With replaces it: a worker that
// runs a stored job sets the job's workspace, whatever its caller was.
func With(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// From returns the principal in ctx; false means nobody authenticated
// (authentication is off, or the code runs from the command line).
func From(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(ctxKey{}).(Principal)
	return p, ok
}

// WorkspaceID returns the workspace ctx runs in. Without a principal it is
// Default: that fallback exists for authentication being off (the server
// with no API keys, the command line). With authentication on, the server
// sets a principal on every /api/ request before any handler runs, so the
// fallback is never what answers there.
func WorkspaceID(ctx context.Context) string {
	if p, ok := From(ctx); ok && p.WorkspaceID != "" {
		return p.WorkspaceID
	}
	return Default
}

package pii

import (
	// The package has its own context type (what labels say), hence the
	// alias.
	stdcontext "context"

	"github.com/quarrydev/quarry/internal/tenant"
)

// WorkspaceKey is the key of the hash and synthetic strategies for the
// workspace ctx runs in (tenant.WorkspaceID), derived from the service
// secret. Every caller that masks (the pipeline, /api/v1/pii:detect, the
// command line) asks here, so a value hashed by one of them joins the same
// value hashed by another in the same workspace, and never across.
func WorkspaceKey(ctx stdcontext.Context, secret []byte) []byte {
	return tenant.MaskKey(secret, tenant.WorkspaceID(ctx))
}

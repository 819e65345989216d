package store

import "context"

// Workspaces owns the tenancy rows every other row points at.
type Workspaces interface {
	WorkspaceEnsure(ctx context.Context, p WorkspaceEnsureParams) error
}

// WorkspaceEnsureParams creates a workspace if it does not exist.
type WorkspaceEnsureParams struct {
	ID   string
	Name string
}

package store

import (
	"context"
	"time"
)

// Workspaces owns the tenancy rows every other row points at.
type Workspaces interface {
	WorkspaceEnsure(ctx context.Context, p WorkspaceEnsureParams) error
	WorkspaceGet(ctx context.Context, id string) (*Workspace, error)
	WorkspaceList(ctx context.Context) ([]*Workspace, error)
	// WorkspaceSetPlan changes the plan and starts its first period now.
	WorkspaceSetPlan(ctx context.Context, id, plan string, at time.Time) error
}

// WorkspaceEnsureParams creates a workspace if it does not exist. An
// empty Plan leaves the database default (trial).
type WorkspaceEnsureParams struct {
	ID   string
	Name string
	Plan string
}

// Workspace is one tenant.
type Workspace struct {
	ID        string
	Name      string
	Plan      string
	PlanSince time.Time // when the plan was set: the anchor of its periods
	CreatedAt time.Time
}

package store

import (
	"context"
	"time"
)

// Hooks are the workspaces' registered /v1 webhooks and the record of
// their delivery attempts.
type Hooks interface {
	HookInsert(ctx context.Context, h *Hook) error
	HookGet(ctx context.Context, workspaceID, id string) (*Hook, error)
	// HookList returns the workspace's active hooks, oldest first.
	HookList(ctx context.Context, workspaceID string) ([]*Hook, error)
	// HookDelete deactivates a hook; ErrNotFound when the workspace has
	// no such active hook.
	HookDelete(ctx context.Context, workspaceID, id string, at time.Time) error
	HookDeliveryInsert(ctx context.Context, d *HookDelivery) error
	// HookDeliveryList returns a hook's attempts, newest first.
	HookDeliveryList(ctx context.Context, workspaceID, hookID string, limit int) ([]*HookDelivery, error)
}

// Hook is one registration.
type Hook struct {
	ID          string
	WorkspaceID string
	URL         string
	Events      []string
	// Secret signs deliveries. It must be readable to sign, so it is
	// stored as given; it is never answered after the create.
	Secret    string
	Active    bool
	CreatedAt time.Time
}

// HookDelivery is one delivery attempt.
type HookDelivery struct {
	ID          string
	WorkspaceID string
	HookID      string
	EventID     string
	EventType   string
	Attempt     int
	HTTPStatus  int
	Error       string
	At          time.Time
}

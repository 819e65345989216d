package store

import (
	"context"
	"time"
)

// Events is the transactional outbox: rows written in the same
// transaction as the state change they announce, read back in order per
// subject and delivered by jobs.
type Events interface {
	EventInsert(ctx context.Context, events ...Event) error
	// EventGet returns one event.
	EventGet(ctx context.Context, id string) (*Event, error)
	// EventList returns a subject's events, oldest first.
	EventList(ctx context.Context, workspaceID, subject string) ([]*Event, error)
}

// Event is one outbox row. Subject names what it is about (an
// extraction id today); the payload is the envelope exactly as
// delivered.
type Event struct {
	ID          string
	WorkspaceID string
	Subject     string
	Type        string
	OccurredAt  time.Time
	Payload     []byte
}

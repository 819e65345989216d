package execution

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/store"
)

// Event types of §4.2.
const (
	EventSubmitted               = "extraction.submitted"
	EventCompleted               = "extraction.completed"
	EventPostProcessingRequested = "extraction.post_processing.requested"
	EventPostProcessingCompleted = "extraction.post_processing.completed"
)

// EnvelopeVersion is the envelope schema version.
const EnvelopeVersion = "1.0.0"

// webhookEvents are the events posted to callback_url (§4.3); the others
// stay internal.
var webhookEvents = map[string]bool{EventCompleted: true, EventPostProcessingCompleted: true}

// Envelope is the event and webhook body of §4.1.
type Envelope struct {
	EventID       string          `json:"event_id"`
	EventType     string          `json:"event_type"`
	Version       string          `json:"version"`
	OccurredAt    time.Time       `json:"occurred_at"`
	CorrelationID string          `json:"correlation_id"`
	TenantID      *string         `json:"tenant_id"`
	Extraction    api.Extraction  `json:"extraction"`
	Result        json.RawMessage `json:"result"`
	Metadata      json.RawMessage `json:"metadata"`
}

// NewEvent builds the outbox row for an event about e (in the state it
// will have once the surrounding transaction commits). result is set only
// on a succeeded extraction.completed.
func NewEvent(typ string, e *store.Extraction, result []byte, at time.Time) (store.Event, error) {
	env := Envelope{
		EventID: uuid4(), EventType: typ, Version: EnvelopeVersion, OccurredAt: at.UTC().Truncate(time.Millisecond),
		CorrelationID: e.CorrelationID, Extraction: View(e), Result: json.RawMessage("null"),
		Metadata: json.RawMessage("{}"), // the contract's clients parse metadata as an object, never null
	}
	if e.TenantID != "" {
		env.TenantID = &e.TenantID
	}
	if len(result) > 0 {
		env.Result = result
	}
	if len(e.Metadata) > 0 && string(e.Metadata) != "null" {
		env.Metadata = e.Metadata
	}
	body, err := json.Marshal(env)
	if err != nil {
		return store.Event{}, err
	}
	return store.Event{ID: env.EventID, WorkspaceID: e.WorkspaceID, Subject: e.ID, Type: typ, OccurredAt: at, Payload: body}, nil
}

// emit writes the events about e (as it will be once tx commits) and,
// for those posted to callback_url, their delivery jobs: the outbox and
// its deliveries commit with the change they announce.
func emit(ctx context.Context, tx store.Tx, e *store.Extraction, result []byte, webhookAttempts int, types ...string) error {
	now := time.Now()
	for _, typ := range types {
		var res []byte
		if typ == EventCompleted && e.Status == api.ExtractionSucceeded {
			res = result
		}
		ev, err := NewEvent(typ, e, res, now)
		if err != nil {
			return err
		}
		if err := tx.EventInsert(ctx, ev); err != nil {
			return err
		}
		if e.CallbackURL != "" && webhookEvents[typ] {
			if err := queue.Insert(ctx, tx, WebhookArgs{EventID: ev.ID}, queue.InsertOpts{WorkspaceID: e.WorkspaceID,
				Ref: ev.ID, MaxAttempts: webhookAttempts}); err != nil {
				return err
			}
		}
	}
	return nil
}

// uuid4 returns a random RFC 4122 version 4 UUID.
func uuid4() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// Package audit records who did what in a workspace (key and plan
// changes, uploads, downloads, deletions, webhook changes, finished jobs)
// and writes the trail out for NIS2-style exports. An event holds ids,
// names and counts; never document content or personal data.
package audit

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// Outcomes.
const (
	Success = "success"
	Failure = "failure"
)

// Actors that are not a key or a person.
const (
	ActorCLI    = "cli"
	ActorSystem = "system"
)

// Event is what a caller records.
type Event struct {
	Action     string
	Subject    string
	DocumentID string
	Outcome    string // default Success
	Details    map[string]any
	Actor      string // default: the principal in the context, else ActorSystem
}

// Record appends e to the workspace's trail through w (a store or the
// transaction of the change it records).
func Record(ctx context.Context, w store.Audit, workspaceID string, e Event) error {
	row := &store.AuditEvent{ID: ids.New("aud"), WorkspaceID: workspaceID, At: time.Now().UTC(), Actor: e.Actor,
		Action: e.Action, Subject: e.Subject, Outcome: e.Outcome, Details: e.Details}
	if row.Actor == "" {
		row.Actor = ActorSystem
		if p, ok := tenant.From(ctx); ok {
			row.Actor = p.KeyID
			if p.UserID != "" {
				row.Actor = p.UserID
			}
		}
	}
	if row.Outcome == "" {
		row.Outcome = Success
	}
	if row.Details == nil {
		row.Details = map[string]any{}
	}
	if e.DocumentID != "" {
		row.DocumentID = &e.DocumentID
	}
	return w.AuditAppend(ctx, row)
}

// Entry is the export shape of one event (the contract's fields plus
// who and what).
type Entry struct {
	Timestamp  string         `json:"timestamp"`
	EventType  string         `json:"event_type"`
	TenantID   string         `json:"tenant_id"`
	DocumentID *string        `json:"document_id" nullable:"true"`
	Outcome    string         `json:"outcome"`
	Actor      string         `json:"actor"`
	Subject    string         `json:"subject"`
	Details    map[string]any `json:"details"`
}

// Entries turns stored events into export entries.
func Entries(events []*store.AuditEvent) []Entry {
	out := make([]Entry, 0, len(events))
	for _, e := range events {
		out = append(out, Entry{Timestamp: e.At.UTC().Format(time.RFC3339), EventType: e.Action, TenantID: e.WorkspaceID,
			DocumentID: e.DocumentID, Outcome: e.Outcome, Actor: e.Actor, Subject: e.Subject, Details: e.Details})
	}
	return out
}

// WriteCSV writes entries with a header row; details are compact JSON
// (keys sorted, as encoding/json writes maps).
func WriteCSV(w io.Writer, recs []Entry) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"timestamp", "event_type", "tenant_id", "document_id", "outcome", "actor", "subject", "details"})
	for _, r := range recs {
		doc := ""
		if r.DocumentID != nil {
			doc = *r.DocumentID
		}
		d, _ := json.Marshal(r.Details)
		if err := cw.Write([]string{r.Timestamp, r.EventType, r.TenantID, doc, r.Outcome, r.Actor, r.Subject, guard(string(d))}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// guard keeps a spreadsheet from reading a cell as a formula.
func guard(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

package execution

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/store"
)

// The /v1 platform's webhook events (platform-api-facts.md section 3.9).
const (
	EventJobCompleted = "job.completed"
	EventJobFailed    = "job.failed"
)

// KindPlatformWebhook delivers one /v1 event to one registered hook.
const KindPlatformWebhook = "platform_webhook"

// PlatformWebhookArgs name the event and the hook.
type PlatformWebhookArgs struct {
	EventID string `json:"event_id"`
	HookID  string `json:"hook_id"`
}

// Kind implements queue.Args.
func (PlatformWebhookArgs) Kind() string { return KindPlatformWebhook }

// JobID is the /v1 name of an extraction: a /v1 job is the extraction
// underneath, job_<ulid> for ext_<ulid>.
func JobID(extractionID string) string { return "job_" + strings.TrimPrefix(extractionID, "ext_") }

// ExtractionOfJob is the extraction id of a /v1 job id.
func ExtractionOfJob(jobID string) string { return "ext_" + strings.TrimPrefix(jobID, "job_") }

// PlatformEvent is the body of a /v1 webhook: the documented payload,
// with event_id for de-duplication.
type PlatformEvent struct {
	Event            string  `json:"event"`
	EventID          string  `json:"event_id"`
	JobID            string  `json:"job_id"`
	DocumentID       *string `json:"document_id"`
	Status           string  `json:"status"`
	QualityGrade     *string `json:"quality_grade"`
	PIIFindingsCount int     `json:"pii_findings_count"`
	FailureReason    *string `json:"failure_reason,omitempty"`
	Timestamp        string  `json:"timestamp"`
}

// emitPlatform writes the job.completed or job.failed event of e (as it
// will be once tx commits) and a delivery job for each of the
// workspace's hooks that subscribed to it. A workspace without hooks
// writes nothing.
func emitPlatform(ctx context.Context, tx store.Tx, e *store.Extraction, result []byte, attempts int) error {
	hooks, err := tx.HookList(ctx, e.WorkspaceID)
	if err != nil || len(hooks) == 0 {
		return err
	}
	typ := EventJobCompleted
	if e.Status != api.ExtractionSucceeded {
		typ = EventJobFailed
	}
	now := time.Now().UTC()
	ev := PlatformEvent{Event: typ, EventID: uuid4(), JobID: JobID(e.ID), Status: "completed", Timestamp: now.Format(time.RFC3339)}
	var meta struct {
		DocumentID string `json:"document_id"`
	}
	if json.Unmarshal(e.Metadata, &meta) == nil && meta.DocumentID != "" {
		ev.DocumentID = &meta.DocumentID
	}
	if typ == EventJobFailed {
		ev.Status = "failed"
		reason := "PROCESSING_FAILED"
		if e.Error != nil && *e.Error != "" {
			reason = *e.Error
		}
		ev.FailureReason = &reason
	} else {
		ev.QualityGrade, ev.PIIFindingsCount = ResultBrief(result)
	}
	body, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	if err := tx.EventInsert(ctx, store.Event{ID: ev.EventID, WorkspaceID: e.WorkspaceID, Subject: e.ID, Type: typ, OccurredAt: now, Payload: body}); err != nil {
		return err
	}
	for _, h := range hooks {
		if !slices.Contains(h.Events, typ) {
			continue
		}
		if err := queue.Insert(ctx, tx, PlatformWebhookArgs{EventID: ev.EventID, HookID: h.ID}, queue.InsertOpts{
			WorkspaceID: e.WorkspaceID, Ref: ev.EventID, MaxAttempts: attempts}); err != nil {
			return err
		}
	}
	return nil
}

// ResultBrief reads the first file's grade and the PII count of every
// file from a stored result (nil grade when none was given).
func ResultBrief(result []byte) (*string, int) {
	var res struct {
		Files []struct {
			PII struct {
				Count int `json:"count"`
			} `json:"pii"`
			Quality struct {
				Grade string `json:"grade"`
			} `json:"quality"`
		} `json:"files"`
	}
	if json.Unmarshal(result, &res) != nil {
		return nil, 0
	}
	var grade *string
	n := 0
	for _, f := range res.Files {
		n += f.PII.Count
		if grade == nil && f.Quality.Grade != "" {
			g := f.Quality.Grade
			grade = &g
		}
	}
	return grade, n
}

// auditJob records the end of a job in the workspace's trail, in the
// transaction that ends it: the grade and the PII types seen (names and
// counts only), which the compliance record reads back.
func auditJob(ctx context.Context, tx store.Tx, e *store.Extraction, result []byte) error {
	action, outcome := EventJobCompleted, "success"
	details := map[string]any{}
	if e.Status != api.ExtractionSucceeded {
		action, outcome = EventJobFailed, "failure"
	} else {
		grade, _ := ResultBrief(result)
		if grade != nil {
			details["grade"] = *grade
		}
		details["pii_types"] = piiTypes(result)
		var res struct {
			Documents []struct {
				Type        string `json:"type"`
				FieldGroups []struct {
					Fields []struct {
						Value any `json:"value"`
					} `json:"fields"`
				} `json:"field_groups"`
			} `json:"documents"`
			Files []struct {
				MaskedText *string `json:"masked_text"`
				Quality    *struct {
					Score float64 `json:"score"`
				} `json:"quality"`
			} `json:"files"`
		}
		if json.Unmarshal(result, &res) == nil {
			filled, total := 0, 0
			for i, d := range res.Documents {
				if i == 0 {
					details["document_type"] = d.Type
				}
				for _, g := range d.FieldGroups {
					for _, f := range g.Fields {
						total++
						if f.Value != nil && f.Value != "" {
							filled++
						}
					}
				}
			}
			if total > 0 {
				details["field_fill_rate"] = float64(filled) / float64(total)
			}
			for _, f := range res.Files {
				if f.MaskedText != nil {
					details["masked"] = true
				}
				if _, ok := details["score"]; !ok && f.Quality != nil {
					details["score"] = f.Quality.Score
				}
			}
		}
	}
	var meta struct {
		DocumentID string `json:"document_id"`
	}
	_ = json.Unmarshal(e.Metadata, &meta)
	row := &store.AuditEvent{ID: ids.New("aud"), WorkspaceID: e.WorkspaceID, At: time.Now().UTC(), Actor: "system",
		Action: action, Subject: JobID(e.ID), Outcome: outcome, Details: details}
	if meta.DocumentID != "" {
		row.DocumentID = &meta.DocumentID
	}
	return tx.AuditAppend(ctx, row)
}

// piiTypes sums the PII findings of every file of a result by type.
func piiTypes(result []byte) map[string]int {
	var res struct {
		Files []struct {
			PII struct {
				ByType map[string]int `json:"by_type"`
			} `json:"pii"`
		} `json:"files"`
	}
	out := map[string]int{}
	if json.Unmarshal(result, &res) == nil {
		for _, f := range res.Files {
			for t, n := range f.PII.ByType {
				out[t] += n
			}
		}
	}
	return out
}

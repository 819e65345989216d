package audit

import (
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

func TestROPAFromHistory(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	ev := func(action string, d map[string]any) *store.AuditEvent {
		at = at.Add(time.Hour)
		return &store.AuditEvent{Action: action, At: at, Details: d}
	}
	events := []*store.AuditEvent{
		ev("api_key.created", map[string]any{"role": "admin"}),
		ev("job.completed", map[string]any{"document_type": "invoice", "masked": true,
			"pii_types": map[string]any{"email": float64(2), "iban_tr": float64(1)}}),
		ev("job.completed", map[string]any{"document_type": "payslip", "pii_types": map[string]any{"national_id_tr": float64(1)}}),
		ev("job.failed", map[string]any{}),
	}
	r := BuildROPA("acme", 30*24*time.Hour, events, at)
	a := r.ProcessingActivities[0]
	if r.DocumentsProcessed != 2 || r.PIITypesSeen["email"] != 2 || r.Controller != "acme" || a.RetentionPeriod != "30 days" {
		t.Fatalf("record = %+v", r)
	}
	if got := a.DataCategories; len(got) != 3 || got[0] != "contact" || got[1] != "financial" || got[2] != "identification" {
		t.Fatalf("categories = %v", got)
	}
	if got := a.DataSubjects; len(got) != 3 || got[0] != "customers" || got[1] != "employees" || got[2] != "vendors" {
		t.Fatalf("subjects = %v", got)
	}
	if a.TechnicalMeasures[0] != "pseudonymization" {
		t.Fatalf("measures = %v", a.TechnicalMeasures)
	}
	empty := BuildROPA("acme", 7*24*time.Hour, nil, at)
	if empty.DocumentsProcessed != 0 || len(empty.ProcessingActivities[0].DataCategories) != 0 || empty.ProcessingActivities[0].TechnicalMeasures[0] == "pseudonymization" {
		t.Fatalf("a workspace without history = %+v", empty)
	}
}

func TestCategories(t *testing.T) {
	t.Parallel()
	for typ, want := range map[string]string{"email": "contact", "phone_tr": "contact", "iban": "financial", "vat_eu": "financial",
		"ip_v6": "online_identifiers", "npi_us": "health", "licence_plate_tr": "vehicle", "passport_de": "identification",
		"sgk_no": "social_security", "name": "identification"} {
		if got := Category(typ); got != want {
			t.Errorf("%s = %s, want %s", typ, got, want)
		}
	}
}

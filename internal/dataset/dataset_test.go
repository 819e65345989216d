package dataset

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/export"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/store/sqlite"
)

// Personal data the test executions carry; none may reach a masked dataset.
var secrets = []string{"Ayşe Yılmaz", "ayse.yilmaz@example.com", "+90 532 123 45 67", "TR33 0006 1005 1978 6457 8413 26", "10000000146"}

// result is a stored execution result: one file, one document.
func result(grade string, score float64, lang string, fields map[string]any, maskedText *string, pii map[string]int) []byte {
	var fs []map[string]any
	for k, v := range fields {
		fs = append(fs, map[string]any{"name": k, "value": v})
	}
	total := 0
	for _, n := range pii {
		total += n
	}
	file := map[string]any{"filename": "invoice-ayse.yilmaz@example.com.txt", "language": lang,
		"pii": map[string]any{"count": total, "by_type": pii}, "quality": map[string]any{"score": score, "grade": grade}}
	if maskedText != nil {
		file["masked_text"] = *maskedText
	}
	b, _ := json.Marshal(map[string]any{"status": "success", "files": []any{file},
		"documents": []any{map[string]any{"type": "invoice", "field_groups": []any{map[string]any{"name": "g", "fields": fs}}}}})
	return b
}

func str(s string) *string { return &s }

func newTestService(t *testing.T) (*Service, store.Store) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, ws := range []struct{ id, plan string }{{"ws_a", billing.PlanPro}, {"ws_b", billing.PlanTrial}} {
		if err := st.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: ws.id, Plan: ws.plan}); err != nil {
			t.Fatal(err)
		}
	}
	at := time.Now().UTC().Add(-time.Hour)
	add := func(ws, id string, res []byte) {
		at = at.Add(time.Minute)
		e := &store.Extraction{ID: id, WorkspaceID: ws, Mode: "async", Status: "succeeded", SubmittedAt: at,
			Request: []byte(`{"files":[]}`), Result: res, Metadata: []byte(`{"document_id":"doc_` + id[4:] + `"}`)}
		if err := st.ExtractionInsert(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	// Grade A, processed with masking: fields and text already masked.
	add("ws_a", "ext_a", result("A", 91, "tr", map[string]any{"invoice_number": "INV-1", "vendor_name": "[MASKED_NAME]"},
		str("Fatura INV-1\nMüşteri: [MASKED_NAME]\f[MASKED_EMAIL] [MASKED_IBAN_TR]"), map[string]int{"name": 1, "email": 1, "iban_tr": 1}))
	// Grade B, processed without masking: raw values in the fields, no text.
	add("ws_a", "ext_b", result("B", 70, "tr", map[string]any{"invoice_number": "INV-2", "email": "ayse.yilmaz@example.com",
		"iban": "TR33 0006 1005 1978 6457 8413 26", "phone": "+90 532 123 45 67", "customer_tckn": "10000000146"},
		nil, map[string]int{"email": 1, "iban_tr": 1, "phone_tr": 1, "national_id_tr": 1}))
	// Grade C: below the threshold.
	add("ws_a", "ext_c", result("C", 50, "en", map[string]any{"invoice_number": "INV-3"}, str("Invoice INV-3"), nil))
	add("ws_b", "ext_z", result("A", 95, "en", map[string]any{"invoice_number": "OTHER"}, str("other"), nil))
	return New(st, Options{}), st
}

// runBuild does what the dataset_build worker does for an accepted build.
func runBuild(t *testing.T, s *Service, ws string, acc *Accepted) {
	t.Helper()
	ctx := context.Background()
	v, err := s.store.DatasetVersionGet(ctx, ws, acc.DatasetID, acc.Version)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := s.store.DatasetGet(ctx, ws, acc.DatasetID)
	out, err := s.build(ctx, d, v)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.store.InTx(ctx, func(tx store.Tx) error { return s.ready(ctx, tx, d, v, out) }); err != nil {
		t.Fatal(err)
	}
}

func TestBuildGradeBAndAboveIsMaskedAndProfiled(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	ctx := context.Background()
	acc, err := s.Build(ctx, BuildRequest{WorkspaceID: "ws_a", Name: "Q1 invoices", Filter: &Filter{MinGrade: "b"}})
	if err != nil || acc.Version != 1 || !strings.HasPrefix(acc.JobID, "job_") {
		t.Fatalf("build = %+v, %v", acc, err)
	}
	if j, err := s.Job(ctx, "ws_a", acc.JobID); err != nil || j.Status != "queued" {
		t.Fatalf("job before the build ran = %+v, %v", j, err)
	}
	runBuild(t, s, "ws_a", acc)
	d, err := s.Get(ctx, "ws_a", acc.DatasetID)
	if err != nil || d.Status != store.DatasetReady || d.RowCount != 2 || d.Slug != "q1-invoices" || d.Version != 1 {
		t.Fatalf("dataset = %+v, %v", d, err)
	}
	if j, _ := s.Job(ctx, "ws_a", acc.JobID); j.Status != "completed" {
		t.Fatalf("job after the build = %+v", j)
	}

	// No original value in any stored row, nor in the exported file.
	page, err := s.Rows(ctx, "ws_a", d.ID, "", 50, 0)
	if err != nil || len(page.Rows) != 2 || page.TotalRows != 2 {
		t.Fatalf("rows = %+v, %v", page, err)
	}
	raw, _ := json.Marshal(page.Rows)
	var jsonl bytes.Buffer
	f, _ := export.Lookup("jsonl")
	if err := s.Export(ctx, "ws_a", d.ID, f, &jsonl, export.Options{}); err != nil {
		t.Fatal(err)
	}
	for _, v := range secrets {
		if bytes.Contains(raw, []byte(v)) || bytes.Contains(jsonl.Bytes(), []byte(v)) {
			t.Errorf("masked dataset holds %q", v)
		}
	}
	if !bytes.Contains(jsonl.Bytes(), []byte("[MASKED_EMAIL]")) || strings.Count(jsonl.String(), "\n") != 2 {
		t.Fatalf("export lacks the masked rows:\n%s", jsonl.String())
	}
	row := page.Rows[0]
	if row["execution_id"] != "exec_a" || row["document_id"] != "doc_a" || row["quality_grade"] != "A" || row["text"] == "" ||
		row["pii.email"] != int64(1) {
		t.Fatalf("first row = %v", row)
	}

	_, p, err := s.Profile(ctx, "ws_a", d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.RowCount != 2 || p.Quality.GradeDistribution["A"] != 1 || p.Quality.GradeDistribution["B"] != 1 ||
		p.Quality.BelowThresholdCount != 0 || p.AvgScore != 80.5 || p.Privacy.PIIFindingsCount != 7 || p.Privacy.MaskedRecordCount != 2 {
		t.Fatalf("profile = %+v", p)
	}
	if p.FieldFillRates["invoice_number"] != 1 || p.FieldFillRates["email"] != 0.5 || p.Languages["tr"] != 2 {
		t.Fatalf("fill rates %v, languages %v", p.FieldFillRates, p.Languages)
	}
	if strings.Join(p.ApplicableRegulations, ",") != "GDPR,KVKK" || strings.Join(p.DetectedCountries, ",") != "TR" ||
		!contains(p.KVKKCategories, "kimlik verisi") || !contains(p.KVKKCategories, "finansal veri") || len(p.GDPRCategories) != 0 {
		t.Fatalf("compliance figures = %v %v %v %v", p.ApplicableRegulations, p.DetectedCountries, p.KVKKCategories, p.GDPRCategories)
	}
	if len(p.Formats) != 9 || !contains(p.Columns, "pii.iban_tr") || p.Columns[len(p.Columns)-1] != "text" {
		t.Fatalf("formats %v columns %v", p.Formats, p.Columns)
	}

	// The text filter of the preview.
	if page, _ := s.Rows(ctx, "ws_a", d.ID, "inv-2", 50, 0); page.FilteredTotal != 1 || len(page.Rows) != 1 || page.TotalRows != 2 {
		t.Fatalf("q=inv-2 = %d of %d", page.FilteredTotal, page.TotalRows)
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestBuildStaysInItsWorkspace(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	ctx := context.Background()
	if _, err := s.Build(ctx, BuildRequest{WorkspaceID: "ws_a", Name: "x", IDs: []string{"exec_z"}}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("building from another workspace's execution: %v, want ErrNotFound", err)
	}
	acc, err := s.Build(ctx, BuildRequest{WorkspaceID: "ws_a", Name: "all", Filter: &Filter{}})
	if err != nil {
		t.Fatal(err)
	}
	runBuild(t, s, "ws_a", acc)
	if d, _ := s.Get(ctx, "ws_a", acc.DatasetID); d.RowCount != 3 {
		t.Fatalf("workspace-wide dataset has %d rows, want ws_a's 3", d.RowCount)
	}
	if _, err := s.Get(ctx, "ws_b", acc.DatasetID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("ws_b reads ws_a's dataset: %v", err)
	}
	if _, err := s.Job(ctx, "ws_b", acc.JobID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("ws_b reads ws_a's build job: %v", err)
	}
	if err := s.Delete(ctx, "ws_b", acc.DatasetID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("ws_b deletes ws_a's dataset: %v", err)
	}
}

func TestRebuildsAreVersions(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	ctx := context.Background()
	req := BuildRequest{WorkspaceID: "ws_a", Name: "picked", IDs: []string{"exec_a", "job_c"}}
	acc, err := s.Build(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Build(ctx, req); !errors.Is(err, ErrConflict) {
		t.Fatalf("a second build while the first runs: %v, want ErrConflict", err)
	}
	runBuild(t, s, "ws_a", acc)
	// The same request again answers the finished build; force_rebuild makes version 2.
	again, err := s.Build(ctx, req)
	if err != nil || again.JobID != acc.JobID || again.Status != "completed" {
		t.Fatalf("repeat = %+v, %v", again, err)
	}
	other := BuildRequest{WorkspaceID: "ws_a", Name: "picked", IDs: []string{"exec_b"}}
	if _, err := s.Build(ctx, other); !errors.Is(err, ErrConflict) {
		t.Fatalf("another source under a taken name: %v, want ErrConflict", err)
	}
	other.ReplaceExisting = true
	v2, err := s.Build(ctx, other)
	if err != nil || v2.Version != 2 || v2.DatasetID != acc.DatasetID {
		t.Fatalf("replace = %+v, %v", v2, err)
	}
	runBuild(t, s, "ws_a", v2)
	d, _ := s.Get(ctx, "ws_a", acc.DatasetID)
	if d.Version != 2 || d.RowCount != 1 {
		t.Fatalf("after the replace = %+v", d)
	}
	// Version 1 stays readable.
	if v1, err := s.store.DatasetVersionGet(ctx, "ws_a", d.ID, 1); err != nil || v1.RowCount != 2 {
		t.Fatalf("version 1 = %+v, %v", v1, err)
	}
	if _, err := s.Build(ctx, BuildRequest{WorkspaceID: "ws_a", Name: "bad", Filter: &Filter{MinGrade: "E"}}); err == nil {
		t.Fatal("min_grade E accepted")
	}
	if _, err := s.Build(ctx, BuildRequest{WorkspaceID: "ws_a", Name: "bad"}); err == nil {
		t.Fatal("a build with no source accepted")
	}
}

func TestComplianceReport(t *testing.T) {
	t.Parallel()
	s, st := newTestService(t)
	ctx := context.Background()
	acc, _ := s.Build(ctx, BuildRequest{WorkspaceID: "ws_a", Name: "c", Filter: &Filter{}})
	runBuild(t, s, "ws_a", acc)
	r, err := s.Compliance(ctx, "ws_a", acc.DatasetID)
	if err != nil {
		t.Fatal(err)
	}
	if r.PIIFindingsCount != 7 || r.PlanCoverage != billing.PlanPro || len(r.Categories) != 3 || !r.Masked {
		t.Fatalf("report = %+v", r)
	}
	var pdf bytes.Buffer
	if err := r.WritePDF(&pdf); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		cmd := exec.Command("pdftotext", "-", "-")
		cmd.Stdin = &pdf
		text, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Dataset compliance report", "KVKK", "finansal veri", "iban_tr", "GDPR"} {
			if !strings.Contains(string(text), want) {
				t.Errorf("PDF text lacks %q:\n%s", want, text)
			}
		}
	}
	// Below Pro the report is refused.
	if err := st.WorkspaceSetPlan(ctx, "ws_a", billing.PlanStarter, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Compliance(ctx, "ws_a", acc.DatasetID); !errors.Is(err, ErrPlan) {
		t.Fatalf("starter plan: %v, want ErrPlan", err)
	}
}

func TestSlugify(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"Q1 invoices": "q1-invoices", "  Ödeme / 2026 ": "deme-2026", "a__b": "a__b", "%%%": ""} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestReadyFiresTheWebhook: a finished build writes one dataset.ready
// event and a delivery job for the hook that subscribed, none for the
// hook that did not.
func TestReadyFiresTheWebhook(t *testing.T) {
	t.Parallel()
	s, st := newTestService(t)
	ctx := context.Background()
	now := time.Now().UTC()
	for _, h := range []*store.Hook{
		{ID: "wh_ready", WorkspaceID: "ws_a", URL: "https://hooks.example.com/a", Events: []string{EventReady}, Secret: "s", Active: true, CreatedAt: now},
		{ID: "wh_jobs", WorkspaceID: "ws_a", URL: "https://hooks.example.com/b", Events: []string{"job.completed"}, Secret: "s", Active: true, CreatedAt: now},
	} {
		if err := st.HookInsert(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	acc, _ := s.Build(ctx, BuildRequest{WorkspaceID: "ws_a", Name: "hooked", IDs: []string{"exec_a", "exec_b"}})
	runBuild(t, s, "ws_a", acc)
	events, err := st.EventList(ctx, "ws_a", acc.DatasetID)
	if err != nil || len(events) != 1 || events[0].Type != EventReady {
		t.Fatalf("events = %+v, %v", events, err)
	}
	var ev ReadyEvent
	if err := json.Unmarshal(events[0].Payload, &ev); err != nil || ev.DatasetID != acc.DatasetID || ev.RowCount != 2 || ev.JobID != acc.JobID || ev.Version != 1 {
		t.Fatalf("payload = %s", events[0].Payload)
	}
	jobs, _ := st.JobList(ctx, store.JobListParams{Ref: ev.EventID})
	if len(jobs) != 1 || !strings.Contains(string(jobs[0].Args), `"wh_ready"`) {
		t.Fatalf("delivery jobs = %d", len(jobs))
	}
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/app"
	"github.com/quarrydev/quarry/internal/store"
)

// TestDatasetsCLI builds a grade-B-and-above dataset from stored
// executions, lists it and exports it: the export holds the kept rows,
// masked, and nothing of the grade-C one.
func TestDatasetsCLI(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("QUARRY_DATA_DIR", dir)
	t.Setenv("QUARRY_DATABASE_URL", filepath.Join(dir, "q.db"))
	ctx := context.Background()
	st, err := app.OpenStore(ctx, filepath.Join(dir, "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := app.EnsureDefaultWorkspace(ctx, st); err != nil {
		t.Fatal(err)
	}
	for i, grade := range []string{"A", "B", "C"} {
		res := fmt.Sprintf(`{"status":"success","files":[{"filename":"f%d.txt","language":"en","pii":{"count":1,"by_type":{"email":1}},
			"quality":{"score":%d,"grade":%q},"masked_text":"Invoice INV-%d for [MASKED_EMAIL]"}],
			"documents":[{"type":"invoice","field_groups":[{"name":"g","fields":[{"name":"invoice_number","value":"INV-%d"},
			{"name":"contact","value":"jane.doe@example.com"}]}]}]}`, i, 90-20*i, grade, i, i)
		e := &store.Extraction{ID: fmt.Sprintf("ext_%d", i), WorkspaceID: store.DefaultWorkspace, Mode: "async", Status: "succeeded",
			SubmittedAt: time.Now().UTC().Add(time.Duration(i) * time.Second), Request: []byte(`{"files":[]}`), Result: []byte(res)}
		if err := st.ExtractionInsert(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	code, out, errs := runCLI(t, "datasets", "build", "--name", "Good invoices", "--min-grade", "B")
	id := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(id, "ds_") || !strings.Contains(errs, "2 rows") {
		t.Fatalf("build: %d %q %q", code, out, errs)
	}
	if code, list, _ := runCLI(t, "datasets", "list"); code != 0 || !strings.Contains(list, id) || !strings.Contains(list, "good-invoices") {
		t.Fatalf("list: %d %q", code, list)
	}
	code, jsonl, errs := runCLI(t, "datasets", "export", id, "--format", "jsonl")
	if code != 0 || strings.Count(jsonl, "\n") != 2 {
		t.Fatalf("export: %d %q %q", code, jsonl, errs)
	}
	if strings.Contains(jsonl, "jane.doe@example.com") || strings.Contains(jsonl, "INV-2") || !strings.Contains(jsonl, "INV-1") {
		t.Fatalf("export holds the wrong rows or a PII value:\n%s", jsonl)
	}
	// Rows go oldest first, each a JSON object.
	first := strings.SplitN(jsonl, "\n", 2)[0]
	var rec map[string]any
	if err := json.Unmarshal([]byte(first), &rec); err != nil || !strings.Contains(first, "INV-0") {
		t.Fatalf("first record = %s, %v", first, err)
	}
	if code, _, errs := runCLI(t, "datasets", "export", "ds_nope"); code != 1 || !strings.Contains(errs, "no such dataset") {
		t.Fatalf("export of an unknown dataset: %d %q", code, errs)
	}
	if code, _, _ := runCLI(t, "datasets", "build"); code != 2 {
		t.Fatalf("build without a name answered %d", code)
	}
}

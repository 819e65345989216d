package searchindex

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/store/sqlite"
)

func newService(t *testing.T) (*Service, store.Store) {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.WorkspaceEnsure(context.Background(), store.WorkspaceEnsureParams{ID: "ws", Plan: billing.PlanPro}); err != nil {
		t.Fatal(err)
	}
	return New(st, Options{}), st
}

// succeeded stores a succeeded execution with one file's result.
func succeeded(t *testing.T, st store.Store, id string, file map[string]any, fields map[string]any) {
	t.Helper()
	var group []map[string]any
	for k, v := range fields {
		group = append(group, map[string]any{"name": k, "value": v})
	}
	res, _ := json.Marshal(map[string]any{"id": id, "status": "success", "files": []any{file},
		"documents": []any{map[string]any{"type": "invoice", "field_groups": []any{map[string]any{"fields": group}}}}})
	if err := st.ExtractionInsert(context.Background(), &store.Extraction{ID: id, WorkspaceID: "ws", Mode: "async",
		Status: api.ExtractionSucceeded, SubmittedAt: time.Now().UTC(), Request: []byte(`{}`), Result: res,
		Metadata: []byte(`{"document_id":"doc_1"}`)}); err != nil {
		t.Fatal(err)
	}
}

func TestMaskedExecutionIsIndexedMaskedOnly(t *testing.T) {
	t.Parallel()
	s, st := newService(t)
	ctx := context.Background()
	masked := "Invoice 77 for [MASKED_EMAIL], IBAN [MASKED_IBAN]. Total 1500 TRY."
	succeeded(t, st, "ext_m", map[string]any{"filename": "ayse.yilmaz@example.com.pdf", "language": "tr", "masked_text": masked,
		"quality": map[string]any{"score": 91, "grade": "A"}}, map[string]any{"email": "ayse.yilmaz@example.com"})
	if note, err := s.indexExecution(ctx, "ws", "ext_m"); err != nil || note != "" {
		t.Fatalf("index = %q, %v", note, err)
	}
	for _, q := range []string{"ayse.yilmaz@example.com", "ayse", "yilmaz"} {
		ans, err := s.Search(ctx, Query{WorkspaceID: "ws", Text: q, Mode: "structured"})
		if err != nil || len(ans.Hits) != 0 {
			t.Fatalf("%q found %+v, %v: the original value must not be indexed", q, ans, err)
		}
	}
	ans, err := s.Search(ctx, Query{WorkspaceID: "ws", Text: "invoice total", Mode: "structured"})
	if err != nil || len(ans.Hits) != 1 {
		t.Fatalf("invoice total = %+v, %v", ans, err)
	}
	c := ans.Hits[0].Chunk
	if c.Text != masked || !c.PIIMasked || c.DocType != "invoice" || c.Language != "tr" || c.QualityGrade != "A" ||
		c.DocumentID != "doc_1" || c.ExtractionID != "ext_m" || strings.Contains(c.SourceFilename, "ayse") {
		t.Fatalf("chunk = %+v", c)
	}
	// Indexing again replaces, never duplicates.
	if _, err := s.indexExecution(ctx, "ws", "ext_m"); err != nil {
		t.Fatal(err)
	}
	if ans, _ := s.Search(ctx, Query{WorkspaceID: "ws", Text: "invoice", Mode: "structured"}); len(ans.Hits) != 1 {
		t.Fatalf("after re-indexing: %d hits", len(ans.Hits))
	}
}

func TestExecutionWithoutTextIsIndexedByItsFields(t *testing.T) {
	t.Parallel()
	s, st := newService(t)
	ctx := context.Background()
	succeeded(t, st, "ext_f", map[string]any{"filename": "r.pdf"}, map[string]any{"vendor": "Bakery Lindner", "total": 12.5})
	if _, err := s.indexExecution(ctx, "ws", "ext_f"); err != nil {
		t.Fatal(err)
	}
	ans, err := s.Search(ctx, Query{WorkspaceID: "ws", Text: "lindner", Mode: "auto"})
	if err != nil || ans.Mode != "structured" || len(ans.Hits) != 1 {
		t.Fatalf("lindner = %+v, %v", ans, err)
	}
	if c := ans.Hits[0].Chunk; c.PIIMasked || !strings.Contains(c.Text, "vendor: Bakery Lindner") || !strings.Contains(ans.Hits[0].Snippet, "<mark>Lindner</mark>") {
		t.Fatalf("hit = %+v", ans.Hits[0])
	}
	if _, err := s.Search(ctx, Query{WorkspaceID: "ws", Text: "x", Mode: "semantic"}); err != ErrNoEmbeddings {
		t.Fatalf("semantic without a model: %v", err)
	}
}

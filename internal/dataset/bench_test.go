package dataset

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/export"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/store/sqlite"
)

// BenchmarkBuildAndExport builds a dataset of 2,000 executions carrying
// PII (each row masked again) and exports it as jsonl, on SQLite:
//
//	go test -run '^$' -bench BuildAndExport -benchmem ./internal/dataset/
func BenchmarkBuildAndExport(b *testing.B) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "q.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if err := st.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "ws"}); err != nil {
		b.Fatal(err)
	}
	const n = 2000
	at := time.Now().UTC().Add(-time.Hour)
	for i := 0; i < n; i++ {
		res := result("A", 90, "tr", map[string]any{"invoice_number": fmt.Sprintf("INV-%d", i), "email": "ayse.yilmaz@example.com",
			"iban": "TR33 0006 1005 1978 6457 8413 26"}, str("Fatura [MASKED_NAME] [MASKED_EMAIL]\fpage two"), map[string]int{"email": 1, "iban_tr": 1})
		e := &store.Extraction{ID: fmt.Sprintf("ext_%05d", i), WorkspaceID: "ws", Mode: "async", Status: "succeeded",
			SubmittedAt: at.Add(time.Duration(i) * time.Millisecond), Request: []byte(`{"files":[]}`), Result: res, Metadata: []byte(`{}`)}
		if err := st.ExtractionInsert(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
	s := New(st, Options{})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		acc, err := s.Build(ctx, BuildRequest{WorkspaceID: "ws", Name: fmt.Sprintf("b%d", i), Filter: &Filter{}})
		if err != nil {
			b.Fatal(err)
		}
		v, _ := st.DatasetVersionGet(ctx, "ws", acc.DatasetID, acc.Version)
		d, _ := st.DatasetGet(ctx, "ws", acc.DatasetID)
		out, err := s.build(ctx, d, v)
		if err != nil || out.rows != n {
			b.Fatalf("built %v rows, %v", out, err)
		}
		if err := st.InTx(ctx, func(tx store.Tx) error { return s.ready(ctx, tx, d, v, out) }); err != nil {
			b.Fatal(err)
		}
		f, _ := export.Lookup("jsonl")
		if err := s.Export(ctx, "ws", d.ID, f, io.Discard, export.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n), "rows/op")
}

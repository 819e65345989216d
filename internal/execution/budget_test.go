package execution

import (
	"context"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/blob"
	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/pipeline"
	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/store/sqlite"
)

// TestAsyncRunCarriesItsBudget: an async extraction runs its pipeline
// under the job's time limit as the budget its stages derive their limits
// from (pipeline.StageLimit), so a long document's load stage is not held
// to the sync reference's 20 s.
func TestAsyncRunCarriesItsBudget(t *testing.T) {
	t.Parallel()
	if ingest.FindEngines().PDFToText == "" {
		t.Skip("needs Poppler's pdftotext")
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "w"}); err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	engine := pipeline.New(ingest.DefaultLimits(), pipeline.Capabilities{Tools: ingest.FindEngines()})
	svc := New(db, blobs, engine, Options{JobMaxAttempts: 1})
	data, _ := fixture.TextPDF([][]string{{"Invoice INV-7 from Acme Trading Ltd", "Total 10,00 EUR"}})
	out, err := svc.Submit(ctx, SubmitParams{WorkspaceID: "w", Submitted: time.Now().UTC(),
		Request: &api.ExtractRequest{Files: []api.FileInput{{Filename: "inv.pdf", Data: data}}}})
	if err != nil {
		t.Fatal(err)
	}
	const timeout = 7 * time.Minute
	var budget atomic.Int64
	reg := queue.NewRegistry()
	svc.Register(reg, WorkerConfig{Timeout: timeout, BeforeRun: func(ctx context.Context, _ string, _ int) error {
		budget.Store(int64(pipeline.Budget(ctx)))
		return nil
	}})
	pctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = queue.NewPool(queue.Config{Store: db, Registry: reg, Clock: queue.NewFakeClock(time.Now()),
			Lease: time.Minute, ReapEvery: time.Minute, Poll: time.Minute}).Run(pctx)
	}()
	defer func() { cancel(); wg.Wait() }()

	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(20 * time.Second)
	for {
		e, err := db.ExtractionGet(ctx, "w", out.ID)
		if err == nil && e.Status == api.ExtractionSucceeded {
			break
		}
		select {
		case <-deadline:
			t.Fatalf("the extraction never succeeded: %+v %v", e, err)
		case <-tick.C:
		}
	}
	if got := time.Duration(budget.Load()); got != timeout {
		t.Fatalf("pipeline budget = %s, want the async time limit %s", got, timeout)
	}
}

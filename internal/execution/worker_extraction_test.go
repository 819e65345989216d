package execution

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/blob"
	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/store/sqlite"
)

// flakyStore fails ExtractionGet while failGets is above zero.
type flakyStore struct {
	store.Store
	failGets atomic.Int32
}

func (f *flakyStore) ExtractionGet(ctx context.Context, ws, id string) (*store.Extraction, error) {
	if f.failGets.Add(-1) >= 0 {
		return nil, errors.New("connection reset")
	}
	return f.Store.ExtractionGet(ctx, ws, id)
}

// TestStoreErrorOnLastAttemptStillFailsTheExtraction: when the store
// fails on an extraction's last attempt, the job is not just marked
// failed (which would leave the extraction queued for ever): the reaper
// gives it one more run, which fails the extraction with its event.
func TestStoreErrorOnLastAttemptStillFailsTheExtraction(t *testing.T) {
	t.Parallel()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	if err := db.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "w"}); err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	st := &flakyStore{Store: db}
	st.failGets.Store(1)
	svc := New(st, blobs, nil, Options{JobMaxAttempts: 1})
	out, err := svc.Submit(ctx, SubmitParams{WorkspaceID: "w", Request: &api.ExtractRequest{}, Submitted: time.Now().UTC()})
	if err != nil {
		t.Fatal(err)
	}
	reg := queue.NewRegistry()
	svc.Register(reg, WorkerConfig{})
	clock := queue.NewFakeClock(time.Now())
	pctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = queue.NewPool(queue.Config{Store: st, Registry: reg, Clock: clock, Lease: time.Minute, ReapEvery: time.Minute, Poll: time.Minute}).Run(pctx)
	}()
	defer func() { cancel(); wg.Wait() }()

	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for {
		e, err := db.ExtractionGet(ctx, "w", out.ID)
		if err == nil && e.Status == api.ExtractionFailed {
			evs, _ := db.EventList(ctx, "w", out.ID)
			if len(evs) != 2 || evs[1].Type != EventCompleted || e.Error == nil {
				t.Fatalf("failed extraction: error %v, events %d", e.Error, len(evs))
			}
			return
		}
		select {
		case <-deadline:
			t.Fatalf("the extraction never failed: %+v %v", e, err)
		case <-tick.C:
			// The first run hit the store error; moving past the lease
			// lets the reaper hand the job to the run that gives up.
			clock.Advance(time.Minute)
		}
	}
}

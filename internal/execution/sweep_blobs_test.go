package execution

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/blob"
	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/store/postgres"
	"github.com/quarrydev/quarry/internal/store/postgres/pgtest"
	"github.com/quarrydev/quarry/internal/store/sqlite"
)

// sweptDir is a folder blob store that reports each finished listing, so
// the test knows a sweep ran to its end without waiting on time.
type sweptDir struct {
	*blob.Dir
	listed chan error
}

func (d *sweptDir) List(ctx context.Context, fn func(blob.Info) error) error {
	err := d.Dir.List(ctx, fn)
	d.listed <- err
	return err
}

// TestBlobSweepDeletesOldOrphansOnly runs the periodic sweep through the
// queue with its fake clock on both databases: an orphan older than the
// grace period is deleted; a blob a stored request references and an
// orphan younger than the grace are kept, however old the first is.
func TestBlobSweepDeletesOldOrphansOnly(t *testing.T) {
	t.Parallel()
	backends := []struct {
		name string
		open func(t *testing.T) store.Store
	}{
		{"sqlite", func(t *testing.T) store.Store {
			db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "q.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		}},
		{"postgres", func(t *testing.T) store.Store {
			db, err := postgres.Open(context.Background(), pgtest.SchemaURL(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		}},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			st := b.open(t)
			if err := st.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "w"}); err != nil {
				t.Fatal(err)
			}
			root := t.TempDir()
			dir, err := blob.NewDir(root)
			if err != nil {
				t.Fatal(err)
			}
			blobs := &sweptDir{Dir: dir, listed: make(chan error, 1)}
			now := time.Now()
			const grace = 24 * time.Hour
			put := func(data string, age time.Duration) string {
				key, err := dir.Put(ctx, []byte(data))
				if err != nil {
					t.Fatal(err)
				}
				setModTime(t, root, key, now.Add(-age))
				return key
			}
			// The referenced blob is as old as the old orphan: only the
			// reference keeps it.
			referenced := put("%PDF referenced", 3*grace)
			oldOrphan := put("%PDF old orphan", grace+time.Hour)
			freshOrphan := put("%PDF fresh orphan", grace-time.Hour)
			raw, err := PersistRequest(ctx, dir, &api.ExtractRequest{Files: []api.FileInput{{Filename: "a.pdf", Data: []byte("%PDF referenced")}}})
			if err != nil {
				t.Fatal(err)
			}
			setModTime(t, root, referenced, now.Add(-3*grace)) // PersistRequest's Put renewed it
			if err := st.ExtractionInsert(ctx, &store.Extraction{ID: "ext_1", WorkspaceID: "w", Mode: "sync",
				Status: api.ExtractionSucceeded, SubmittedAt: now.Add(-3 * grace), Request: raw}); err != nil {
				t.Fatal(err)
			}

			svc := New(st, blobs, nil, Options{})
			reg := queue.NewRegistry()
			svc.Register(reg, WorkerConfig{BlobGrace: grace})
			clock := queue.NewFakeClock(now)
			pctx, cancel := context.WithCancel(ctx)
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				_ = queue.NewPool(queue.Config{Store: st, Registry: reg, Clock: clock, Poll: time.Hour}).Run(pctx)
			}()
			defer func() { cancel(); wg.Wait() }()

			// The pool inserts the schedule at start; once it is there,
			// moving the clock one interval makes the sweep due.
			waitSchedule(t, st)
			clock.Advance(BlobSweepEvery)
			select {
			case err := <-blobs.listed:
				if err != nil {
					t.Fatalf("sweep: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the sweep never ran")
			}
			for key, want := range map[string]bool{referenced: true, freshOrphan: true, oldOrphan: false} {
				_, err := dir.Get(ctx, key)
				if kept := err == nil; kept != want {
					t.Errorf("blob %s kept = %v (err %v), want %v", key, kept, err, want)
				}
				if err != nil && !errors.Is(err, blob.ErrNotFound) {
					t.Errorf("get %s: %v", key, err)
				}
			}
		})
	}
}

// waitSchedule waits until a pool has inserted the sweep's schedule row.
func waitSchedule(t *testing.T, st store.Store) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for {
		jobs, err := st.JobList(context.Background(), store.JobListParams{Ref: KindBlobSweep})
		if err == nil && len(jobs) == 1 {
			return
		}
		select {
		case <-deadline:
			t.Fatalf("no sweep schedule row: %v %v", jobs, err)
		case <-tick.C:
		}
	}
}

// TestSweepBlobsSkipsUnreadableRequests: a row whose request is
// unreadable does not stop the sweep.
func TestSweepBlobsSkipsUnreadableRequests(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "w"}); err != nil {
		t.Fatal(err)
	}
	if err := db.ExtractionInsert(ctx, &store.Extraction{ID: "ext_bad", WorkspaceID: "w", Mode: "sync",
		Status: api.ExtractionFailed, SubmittedAt: time.Now(), Request: []byte(`not json`)}); err != nil {
		t.Fatal(err)
	}
	dir, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	key, _ := dir.Put(ctx, []byte("orphan"))
	res, err := SweepBlobs(ctx, db, dir, time.Now().Add(time.Minute))
	if err != nil || res.Listed != 1 || res.Deleted != 1 {
		t.Fatalf("SweepBlobs = %+v, %v; want the orphan deleted", res, err)
	}
	if _, err := dir.Get(ctx, key); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("orphan still there: %v", err)
	}
}

// setModTime dates a blob of the folder store at root (its layout:
// <root>/<first two hex digits>/<hash>).
func setModTime(t *testing.T, root, key string, at time.Time) {
	t.Helper()
	h := key[len("sha256/"):]
	if err := os.Chtimes(filepath.Join(root, h[:2], h), at, at); err != nil {
		t.Fatal(err)
	}
}

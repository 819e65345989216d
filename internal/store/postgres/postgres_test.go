package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/store/postgres/pgtest"
	"github.com/quarrydev/quarry/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	t.Parallel()
	storetest.Exercise(t, func(t *testing.T) store.Store {
		db, err := Open(context.Background(), pgtest.SchemaURL(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

func TestJobWakeOnNewJob(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	url := pgtest.SchemaURL(t)
	watcher, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer watcher.Close()
	other, err := Open(ctx, url) // stands in for the API process
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	wake := watcher.JobWake(ctx)
	time.Sleep(300 * time.Millisecond) // let LISTEN start
	commitJob(t, other)
	select {
	case <-wake:
	case <-time.After(3 * time.Second):
		t.Fatal("no NOTIFY after a committed job")
	}
}

// TestJobWakeIgnoresOtherSchemas commits a job in one schema while a
// pool of another schema of the same database listens: only the pool of
// the job's own schema wakes.
func TestJobWakeIgnoresOtherSchemas(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	open := func(url string) *DB {
		db, err := Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	urlA := pgtest.SchemaURL(t)
	mine, stranger, writer := open(urlA), open(pgtest.SchemaURL(t)), open(urlA)
	wakeMine, wakeStranger := mine.JobWake(ctx), stranger.JobWake(ctx)
	time.Sleep(300 * time.Millisecond) // let LISTEN start
	commitJob(t, writer)
	select {
	case <-wakeMine:
	case <-time.After(3 * time.Second):
		t.Fatal("the job's own schema was not woken")
	}
	select {
	case <-wakeStranger:
		t.Fatal("a job in another schema woke this pool")
	case <-time.After(500 * time.Millisecond):
	}
}

// commitJob commits one due extraction job through db.
func commitJob(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	if err := db.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "w"}); err != nil {
		t.Fatal(err)
	}
	err := db.InTx(ctx, func(tx store.Tx) error {
		if err := tx.ExtractionInsert(ctx, &store.Extraction{ID: "ext_1", WorkspaceID: "w", Mode: "async", Status: "queued", SubmittedAt: time.Now()}); err != nil {
			return err
		}
		return tx.JobInsert(ctx, store.JobInsert{ID: "job_1", Kind: "extraction", WorkspaceID: "w", Ref: "ext_1", MaxAttempts: 1})
	})
	if err != nil {
		t.Fatal(err)
	}
}

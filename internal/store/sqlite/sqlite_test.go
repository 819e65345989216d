package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	t.Parallel()
	storetest.Exercise(t, func(t *testing.T) store.Store {
		db, err := Open(context.Background(), filepath.Join(t.TempDir(), "q.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

func TestReopenKeepsData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "q.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "w"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, path) // migrations must be idempotent
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "w"}); err != nil {
		t.Fatal(err)
	}
}

func TestJobWakeSeesOtherConnectionsCommit(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	path := filepath.Join(t.TempDir(), "q.db")
	watcher, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer watcher.Close()
	other, err := Open(ctx, path) // stands in for another process
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	wake := watcher.JobWake(ctx)
	select {
	case <-wake:
		t.Fatal("woke without any commit")
	case <-time.After(150 * time.Millisecond):
	}
	if err := other.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "w"}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-wake:
	case <-time.After(2 * time.Second):
		t.Fatal("a commit by another connection did not wake the watcher")
	}
}

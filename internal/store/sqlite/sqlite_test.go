package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/store/storetest"
)

func TestConformance(t *testing.T) {
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

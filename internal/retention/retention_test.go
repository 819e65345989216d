package retention_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/retention"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/store/sqlite"
)

// TestSweepFollowsEachPlan: a trial keeps 7 days, enterprise a year; the
// purge is recorded in the trial workspace's audit trail.
func TestSweepFollowsEachPlan(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	for _, ws := range []struct{ id, plan string }{{"trial_ws", billing.PlanTrial}, {"big_ws", billing.PlanEnterprise}} {
		if err := st.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: ws.id, Plan: ws.plan}); err != nil {
			t.Fatal(err)
		}
		for i, age := range []time.Duration{10 * 24 * time.Hour, 2 * 24 * time.Hour} {
			e := &store.Extraction{ID: ws.id + "_ext_" + string(rune('a'+i)), WorkspaceID: ws.id, Mode: "async", Status: "succeeded",
				SubmittedAt: now.Add(-age), Request: []byte(`{"files":[]}`)}
			if err := st.ExtractionInsert(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
	}
	n, err := retention.Sweep(ctx, st, now)
	if err != nil || n != 1 {
		t.Fatalf("sweep = %d, %v; want the trial workspace purged", n, err)
	}
	if _, err := st.ExtractionGet(ctx, "trial_ws", "trial_ws_ext_a"); err == nil {
		t.Fatal("a 10-day-old execution survived a 7-day retention")
	}
	for _, id := range []string{"trial_ws_ext_b", "big_ws_ext_a", "big_ws_ext_b"} {
		ws := id[:len(id)-6]
		if _, err := st.ExtractionGet(ctx, ws, id); err != nil {
			t.Fatalf("%s was purged: %v", id, err)
		}
	}
	events, _ := st.AuditList(ctx, "trial_ws", time.Time{}, 10)
	if len(events) != 1 || events[0].Action != "retention.purged" || events[0].Details["executions"] != float64(1) {
		t.Fatalf("audit = %+v", events)
	}
}

// TestSweepDropsOldDatasetVersionsButTheCurrent: on a 7-day plan, a
// 10-day-old earlier version goes; the served version stays however old.
func TestSweepDropsOldDatasetVersionsButTheCurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now().UTC()
	if err := st.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "trial_ws", Plan: billing.PlanTrial}); err != nil {
		t.Fatal(err)
	}
	old := now.Add(-10 * 24 * time.Hour)
	d := &store.Dataset{ID: "ds_1", WorkspaceID: "trial_ws", Name: "q", Slug: "q", Status: store.DatasetReady, Version: 2,
		Spec: []byte(`{}`), CreatedAt: old, UpdatedAt: old}
	if err := st.DatasetInsert(ctx, d); err != nil {
		t.Fatal(err)
	}
	for v := 1; v <= 2; v++ {
		if err := st.DatasetVersionInsert(ctx, &store.DatasetVersion{WorkspaceID: "trial_ws", DatasetID: "ds_1", Version: v,
			JobID: "job_" + string(rune('0'+v)), Status: store.DatasetReady, CreatedAt: old}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := retention.Sweep(ctx, st, now); err != nil {
		t.Fatal(err)
	}
	vs, _ := st.DatasetVersionList(ctx, "trial_ws", "ds_1")
	if len(vs) != 1 || vs[0].Version != 2 {
		t.Fatalf("versions after the sweep = %+v; want only the current version 2", vs)
	}
	events, _ := st.AuditList(ctx, "trial_ws", time.Time{}, 10)
	if len(events) != 1 || events[0].Details["dataset_versions"] != float64(1) {
		t.Fatalf("audit = %+v", events)
	}
}

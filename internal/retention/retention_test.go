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

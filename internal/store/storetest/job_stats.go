package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

// testJobStatsLeavesOutSchedules: a periodic job's schedule row, always
// available for its next slot, does not count as work waiting.
func testJobStatsLeavesOutSchedules(t *testing.T, s store.Store) {
	ctx := context.Background()
	for _, id := range []string{store.PeriodicJobIDPrefix + "blob_sweep", "job_1"} {
		if err := s.JobInsert(ctx, store.JobInsert{ID: id, Kind: "k", WorkspaceID: "ws_a", Ref: id, MaxAttempts: 1,
			RunAt: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	stats, err := s.JobStats(ctx)
	if err != nil || stats[store.JobAvailable] != 1 {
		t.Fatalf("stats = %v, %v; want the one ordinary job available", stats, err)
	}
}

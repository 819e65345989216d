package queue_test

import (
	"context"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/store"
)

// TestPeriodicRunsOncePerPeriodAcrossPools runs two pools, each on its
// own handle of one database (two processes), with one periodic job: each
// period it runs exactly once, on one of them.
func TestPeriodicRunsOncePerPeriodAcrossPools(t *testing.T) {
	t.Parallel()
	const every = time.Minute
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			open := b.open(t)
			clock := queue.NewFakeClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
			t0 := clock.Now()
			type run struct {
				pool int
				slot time.Time
			}
			runs := make(chan run, 100)
			var stops []func()
			for i := range 2 {
				reg := queue.NewRegistry()
				queue.AddWorker[testArgs](reg, queue.WorkFunc[testArgs](func(ctx context.Context, j *queue.Job[testArgs]) error {
					runs <- run{i, j.RunAt}
					return nil
				}))
				reg.AddPeriodic(queue.PeriodicJob{Name: "tick", Every: every, Args: testArgs{N: 1}})
				stops = append(stops, startPool(t, queue.Config{Store: open(), Registry: reg, Workers: 2, Clock: clock, Poll: every}))
			}
			const periods = 4
			var got []run
			for k := 1; k <= periods; k++ {
				// The first pool to start inserts the schedule's row;
				// wait for it before moving time.
				if k == 1 {
					st := open()
					waitRow(t, st, "tick", func(j *store.Job) bool { return true })
				}
				clock.Advance(every)
				got = append(got, within(t, runs, "the periodic run"))
			}
			for _, stop := range stops {
				stop()
			}
			close(runs)
			for r := range runs {
				got = append(got, r)
			}
			if len(got) != periods {
				t.Fatalf("%d runs in %d periods, want exactly one per period: %+v", len(got), periods, got)
			}
			for k, r := range got {
				if want := t0.Add(time.Duration(k+1) * every); !r.slot.Equal(want) {
					t.Fatalf("run %d was the slot of %s, want %s", k+1, r.slot, want)
				}
			}
			row := waitRow(t, open(), "tick", func(*store.Job) bool { return true })
			if row.State != store.JobAvailable || !row.RunAt.Equal(t0.Add((periods+1)*every)) || row.Attempts != 0 {
				t.Fatalf("schedule row after %d periods = %+v", periods, row)
			}
		})
	}
}

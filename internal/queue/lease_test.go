package queue_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/store"
)

// TestLostLeaseCompletionChangesNothing is the reason Quarry keeps its
// own queue: worker A claims a job, its lease expires, the reaper frees
// it and worker B claims it; A's completion, with its effects, then
// returns ErrLeaseLost and writes nothing.
func TestLostLeaseCompletionChangesNothing(t *testing.T) {
	t.Parallel()
	const lease = time.Minute
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			st := b.open(t)()
			ctx := context.Background()
			started, proceed, outcome := make(chan struct{}), make(chan struct{}), make(chan error, 1)
			reg := queue.NewRegistry()
			queue.AddWorker[testArgs](reg, queue.WorkFunc[testArgs](func(ctx context.Context, j *queue.Job[testArgs]) error {
				close(started)
				<-proceed
				err := j.Complete(ctx, func(tx store.Tx) error {
					return tx.EventInsert(ctx, store.Event{ID: "evt_A", WorkspaceID: "w", Subject: "s", Type: "done", OccurredAt: j.Now(), Payload: []byte(`{}`)})
				})
				outcome <- err
				return err
			}))
			clock := queue.NewFakeClock(time.Now())
			startPool(t, queue.Config{Store: st, Registry: reg, Clock: clock, Poll: time.Hour, Lease: lease, ReapEvery: time.Hour})
			if err := queue.Insert(ctx, st, testArgs{}, queue.InsertOpts{Ref: "r", MaxAttempts: 3, RunAt: clock.Now()}); err != nil {
				t.Fatal(err)
			}
			within(t, started, "worker A to start")
			// A stalls past its lease (its heartbeat never ran: the clock
			// did not move for it); the reaper frees the job and B takes it.
			if n, err := st.JobReap(ctx, clock.Now().Add(2*lease)); err != nil || n != 1 {
				t.Fatalf("reap = %d, %v", n, err)
			}
			b2, err := st.JobClaim(ctx, store.JobClaimParams{Kinds: []string{"test"}, Worker: "B", Lease: lease, Limit: 1, Now: clock.Now().Add(2 * lease)})
			if err != nil || len(b2) != 1 || b2[0].Attempts != 2 {
				t.Fatalf("B's claim = %+v, %v", b2, err)
			}
			close(proceed)
			if err := within(t, outcome, "A's completion"); !errors.Is(err, store.ErrLeaseLost) {
				t.Fatalf("A's completion after losing the lease = %v, want ErrLeaseLost", err)
			}
			if _, err := st.EventGet(ctx, "evt_A"); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("A's effect was written: %v", err)
			}
			if row := waitRow(t, st, "r", func(*store.Job) bool { return true }); row.State != store.JobRunning || row.LockedBy != "B" {
				t.Fatalf("A changed B's job: %+v", row)
			}
			if err := st.JobComplete(ctx, store.JobCompleteParams{JobID: b2[0].ID, Worker: "B", State: store.JobDone}, nil); err != nil {
				t.Fatalf("B's completion: %v", err)
			}
		})
	}
}

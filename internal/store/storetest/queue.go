package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

func queueCases() []testCase {
	return []testCase{
		{"InTxIsAtomic", testInTxAtomic},
		{"JobClaimLeasesOnce", testClaim},
		{"JobArgsRoundTrip", testJobArgs},
		{"JobInsertIfAbsent", testInsertIfAbsent},
		{"LostLeaseCanNeitherRenewNorComplete", testLeaseGuard},
		{"JobCompleteRollsBackWithItsEffects", testCompleteRollback},
		{"JobRetryWaitsForRunAt", testRetry},
		{"JobCancelClosesWaitingJobs", testCancel},
		{"JobClaimConcurrentNoDoubles", testConcurrentClaim},
	}
}

// submit stores an extraction with its event and job in one transaction,
// as the execution service does.
func submit(t *testing.T, s store.Store, id, key string) {
	t.Helper()
	if err := trySubmit(s, id, key); err != nil {
		t.Fatalf("submit %s: %v", id, err)
	}
}

func trySubmit(s store.Store, id, key string) error {
	ctx := context.Background()
	e := ext("ws_a", id, time.Now())
	e.IdempotencyKey = key
	return s.InTx(ctx, func(tx store.Tx) error {
		if err := tx.ExtractionInsert(ctx, e); err != nil {
			return err
		}
		if err := tx.EventInsert(ctx, store.Event{ID: "evt_" + id, WorkspaceID: "ws_a", Subject: id, Type: "extraction.submitted",
			OccurredAt: time.Now(), Payload: []byte(`{}`)}); err != nil {
			return err
		}
		return tx.JobInsert(ctx, store.JobInsert{ID: "job_" + id, Kind: "extraction", WorkspaceID: "ws_a", Ref: id, MaxAttempts: 3})
	})
}

func claim(t *testing.T, s store.Store, worker string, lease time.Duration, limit int) []*store.Job {
	t.Helper()
	jobs, err := s.JobClaim(context.Background(), store.JobClaimParams{Kinds: []string{"extraction"}, Worker: worker, Lease: lease, Limit: limit})
	if err != nil {
		t.Fatal(err)
	}
	return jobs
}

func testInTxAtomic(t *testing.T, s store.Store) {
	ctx := context.Background()
	submit(t, s, "ext_1", "k")
	if err := trySubmit(s, "ext_2", "k"); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate key submit: %v", err)
	}
	if jobs, _ := s.JobList(ctx, store.JobListParams{Ref: "ext_2"}); len(jobs) != 0 {
		t.Fatalf("a refused submit left %d jobs", len(jobs))
	}
	if _, err := s.EventGet(ctx, "evt_ext_2"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a refused submit left its event: %v", err)
	}
	if got, err := s.JobList(ctx, store.JobListParams{Ref: "ext_1"}); err != nil || len(got) != 1 || got[0].State != store.JobAvailable {
		t.Fatalf("jobs of the stored submit = %v, %v", got, err)
	}
}

func testClaim(t *testing.T, s store.Store) {
	submit(t, s, "ext_1", "")
	got := claim(t, s, "w1", time.Minute, 10)
	if len(got) != 1 || got[0].Ref != "ext_1" || got[0].Attempts != 1 || got[0].State != store.JobRunning ||
		got[0].LockedBy != "w1" || got[0].LockedUntil == nil || got[0].LockedUntil.Before(time.Now().Add(50*time.Second)) {
		t.Fatalf("claim = %+v", got)
	}
	if again := claim(t, s, "w2", time.Minute, 10); len(again) != 0 {
		t.Fatalf("a leased job was claimed twice: %+v", again[0])
	}
	other, err := s.JobClaim(context.Background(), store.JobClaimParams{Kinds: []string{"webhook"}, Worker: "w3", Lease: time.Minute, Limit: 10})
	if err != nil || len(other) != 0 {
		t.Fatalf("kind filter: %v %v", other, err)
	}
}

func testJobArgs(t *testing.T, s store.Store) {
	ctx := context.Background()
	if err := s.JobInsert(ctx, store.JobInsert{ID: "job_a", Kind: "extraction", WorkspaceID: "ws_a", Ref: "r",
		Args: []byte(`{"extraction_id":"ext_9"}`), MaxAttempts: 1}); err != nil {
		t.Fatal(err)
	}
	got := claim(t, s, "w1", time.Minute, 1)
	if len(got) != 1 || string(got[0].Args) != `{"extraction_id":"ext_9"}` {
		t.Fatalf("claimed = %+v", got)
	}
}

func testInsertIfAbsent(t *testing.T, s store.Store) {
	ctx := context.Background()
	row := store.JobInsert{ID: "periodic_x", Kind: "extraction", Ref: "x", MaxAttempts: 1, IfAbsent: true}
	for i := 0; i < 2; i++ {
		if err := s.JobInsert(ctx, row); err != nil {
			t.Fatalf("insert #%d: %v", i, err)
		}
	}
	row.IfAbsent = false
	if err := s.JobInsert(ctx, row); err == nil {
		t.Fatal("a duplicate id without IfAbsent was accepted")
	}
	if got, _ := s.JobList(ctx, store.JobListParams{Ref: "x"}); len(got) != 1 {
		t.Fatalf("%d rows, want 1", len(got))
	}
}

// testLeaseGuard is the queue's invariant: worker A claims, its lease
// expires, the reaper frees the job and worker B claims it; A can then
// neither renew nor complete (ErrLeaseLost), and its completion's
// effects are not written. B's are.
func testLeaseGuard(t *testing.T, s store.Store) {
	ctx := context.Background()
	submit(t, s, "ext_1", "")
	j := claim(t, s, "A", -time.Second, 1)[0] // already expired
	// effects is what a completion writes besides the job row.
	effects := func(evID, status string) func(store.Tx) error {
		return func(tx store.Tx) error {
			if _, err := tx.ExtractionUpdate(ctx, store.ExtractionUpdateParams{WorkspaceID: "ws_a", ID: "ext_1", Status: &status, Result: []byte(`{"by":"` + evID + `"}`)}); err != nil {
				return err
			}
			if err := tx.EventInsert(ctx, store.Event{ID: evID, WorkspaceID: "ws_a", Subject: "ext_1", Type: "extraction.completed", OccurredAt: time.Now(), Payload: []byte(`{}`)}); err != nil {
				return err
			}
			return tx.JobInsert(ctx, store.JobInsert{ID: "hook_" + evID, Kind: "webhook", WorkspaceID: "ws_a", Ref: evID, MaxAttempts: 5})
		}
	}
	if err := s.JobComplete(ctx, store.JobCompleteParams{JobID: j.ID, Worker: "intruder", State: store.JobDone}, nil); !errors.Is(err, store.ErrLeaseLost) {
		t.Fatalf("complete by another worker: %v", err)
	}
	n, err := s.JobReap(ctx, time.Now())
	if err != nil || n != 1 {
		t.Fatalf("reap = %d, %v", n, err)
	}
	j2 := claim(t, s, "B", time.Minute, 1)
	if len(j2) != 1 || j2[0].ID != j.ID || j2[0].Attempts != 2 || j2[0].LastError == "" {
		t.Fatalf("re-claim after reap = %+v", j2)
	}
	if err := s.JobExtend(ctx, store.JobExtendParams{JobID: j.ID, Worker: "A", Until: time.Now().Add(time.Hour)}, nil); !errors.Is(err, store.ErrLeaseLost) {
		t.Fatalf("A renews after losing the lease: %v", err)
	}
	if err := s.JobComplete(ctx, store.JobCompleteParams{JobID: j.ID, Worker: "A", State: store.JobDone}, effects("evt_A", "succeeded")); !errors.Is(err, store.ErrLeaseLost) {
		t.Fatalf("A completes after losing the lease: %v", err)
	}
	e, _ := s.ExtractionGet(ctx, "ws_a", "ext_1")
	hooks, _ := s.JobList(ctx, store.JobListParams{Ref: "evt_A"})
	if _, err := s.EventGet(ctx, "evt_A"); !errors.Is(err, store.ErrNotFound) || e.Status != "queued" || e.Result != nil || len(hooks) != 0 {
		t.Fatalf("A's lost completion wrote: event %v, status %s, result %s, hooks %d", err, e.Status, e.Result, len(hooks))
	}
	if jobs, _ := s.JobList(ctx, store.JobListParams{Ref: "ext_1"}); jobs[0].State != store.JobRunning || jobs[0].LockedBy != "B" {
		t.Fatalf("A's completion changed the job: %+v", jobs[0])
	}
	if err := s.JobExtend(ctx, store.JobExtendParams{JobID: j.ID, Worker: "B", Until: time.Now().Add(time.Hour)}, func(tx store.Tx) error {
		_, err := tx.ExtractionUpdate(ctx, store.ExtractionUpdateParams{WorkspaceID: "ws_a", ID: "ext_1", Status: strp("running")})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.JobComplete(ctx, store.JobCompleteParams{JobID: j.ID, Worker: "B", State: store.JobDone}, effects("evt_B", "succeeded")); err != nil {
		t.Fatal(err)
	}
	e, _ = s.ExtractionGet(ctx, "ws_a", "ext_1")
	evs, _ := s.EventList(ctx, "ws_a", "ext_1")
	hooks, _ = s.JobList(ctx, store.JobListParams{Ref: "evt_B"})
	if e.Status != "succeeded" || string(e.Result) != `{"by":"evt_B"}` || len(evs) != 2 || evs[1].ID != "evt_B" || len(hooks) != 1 {
		t.Fatalf("B's effects: status %s result %s events %d hooks %d", e.Status, e.Result, len(evs), len(hooks))
	}
	stats, err := s.JobStats(ctx)
	if err != nil || stats[store.JobDone] != 1 || stats[store.JobAvailable] != 1 {
		t.Fatalf("stats = %v, %v", stats, err)
	}
}

func testCompleteRollback(t *testing.T, s store.Store) {
	ctx := context.Background()
	submit(t, s, "ext_1", "")
	j := claim(t, s, "w1", time.Minute, 1)[0]
	err := s.JobComplete(ctx, store.JobCompleteParams{JobID: j.ID, Worker: "w1", State: store.JobDone}, func(tx store.Tx) error {
		if err := tx.EventInsert(ctx, store.Event{ID: "evt_x", WorkspaceID: "ws_a", Subject: "ext_1", Type: "t", OccurredAt: time.Now(), Payload: []byte(`{}`)}); err != nil {
			return err
		}
		_, err := tx.ExtractionUpdate(ctx, store.ExtractionUpdateParams{WorkspaceID: "ws_a", ID: "ext_1", FromStatuses: []string{"running"}, Status: strp("succeeded")})
		return err
	})
	if !errors.Is(err, store.ErrConflict) {
		t.Fatalf("CAS miss: %v", err)
	}
	jobs, _ := s.JobList(ctx, store.JobListParams{Ref: "ext_1"})
	if _, err := s.EventGet(ctx, "evt_x"); !errors.Is(err, store.ErrNotFound) || jobs[0].State != store.JobRunning {
		t.Fatalf("not rolled back: event err %v, job %s", err, jobs[0].State)
	}
}

func testRetry(t *testing.T, s store.Store) {
	ctx := context.Background()
	submit(t, s, "ext_1", "")
	j := claim(t, s, "w1", time.Minute, 1)[0]
	if err := s.JobComplete(ctx, store.JobCompleteParams{JobID: j.ID, Worker: "w1", State: store.JobAvailable,
		RunAt: time.Now().Add(time.Hour), Error: "flaky"}, nil); err != nil {
		t.Fatal(err)
	}
	if got := claim(t, s, "w1", time.Minute, 1); len(got) != 0 {
		t.Fatal("a job was claimed before its retry time")
	}
	got, err := s.JobClaim(ctx, store.JobClaimParams{Kinds: []string{"extraction"}, Worker: "w1", Lease: time.Minute, Limit: 1, Now: time.Now().Add(2 * time.Hour)})
	if err != nil || len(got) != 1 || got[0].Attempts != 2 || got[0].LastError != "flaky" {
		t.Fatalf("claim after run_at = %+v, %v", got, err)
	}
	// A shutdown hands the job back without charging the attempt.
	if err := s.JobComplete(ctx, store.JobCompleteParams{JobID: got[0].ID, Worker: "w1", State: store.JobAvailable, RefundAttempt: true}, nil); err != nil {
		t.Fatal(err)
	}
	again, err := s.JobClaim(ctx, store.JobClaimParams{Kinds: []string{"extraction"}, Worker: "w2", Lease: time.Minute, Limit: 1, Now: time.Now().Add(3 * time.Hour)})
	if err != nil || len(again) != 1 || again[0].Attempts != 2 {
		t.Fatalf("claim after refund = %+v, %v", again, err)
	}
}

func testCancel(t *testing.T, s store.Store) {
	ctx := context.Background()
	submit(t, s, "ext_1", "")
	submit(t, s, "ext_2", "")
	if running := claim(t, s, "w1", time.Minute, 1); len(running) != 1 || running[0].Ref != "ext_1" {
		t.Fatalf("claim = %+v", running)
	}
	n, err := s.JobCancel(ctx, store.JobCancelParams{WorkspaceID: "ws_a", Ref: "ext_2", Reason: "cancelled"})
	if err != nil || n != 1 {
		t.Fatalf("cancel waiting = %d, %v", n, err)
	}
	if n, err := s.JobCancel(ctx, store.JobCancelParams{WorkspaceID: "ws_a", Ref: "ext_1", Reason: "cancelled"}); err != nil || n != 0 {
		t.Fatalf("cancel closed a running job: %d, %v", n, err)
	}
	if got := claim(t, s, "w2", time.Minute, 10); len(got) != 0 {
		t.Fatal("a cancelled job was claimed")
	}
	jobs, _ := s.JobList(ctx, store.JobListParams{Ref: "ext_2"})
	if jobs[0].State != store.JobDone || jobs[0].LastError != "cancelled" {
		t.Fatalf("cancelled job = %+v", jobs[0])
	}
}

func testConcurrentClaim(t *testing.T, s store.Store) {
	const n = 60
	for i := 0; i < n; i++ {
		submit(t, s, fmt.Sprintf("ext_%02d", i), "")
	}
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for w := 0; w < 6; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for {
				jobs, err := s.JobClaim(context.Background(), store.JobClaimParams{Kinds: []string{"extraction"}, Worker: fmt.Sprint("w", w), Lease: time.Minute, Limit: 3})
				if err != nil {
					t.Error(err)
					return
				}
				if len(jobs) == 0 {
					return
				}
				mu.Lock()
				for _, j := range jobs {
					seen[j.ID]++
				}
				mu.Unlock()
			}
		}(w)
	}
	wg.Wait()
	if len(seen) != n {
		t.Fatalf("claimed %d distinct jobs, want %d", len(seen), n)
	}
	for id, c := range seen {
		if c != 1 {
			t.Fatalf("job %s claimed %d times", id, c)
		}
	}
}

func strp(s string) *string { return &s }

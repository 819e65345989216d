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

func queueCases() []struct {
	name string
	fn   func(t *testing.T, s store.Store)
} {
	return []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"SubmitIsAtomic", testSubmitAtomic},
		{"JobClaimLeasesOnce", testClaim},
		{"JobCompleteGuardedByLease", testLeaseGuard},
		{"JobCompleteRollsBackOnCASMiss", testCompleteRollback},
		{"JobRetryWaitsForRunAt", testRetry},
		{"ExtractionCancelClosesJobs", testCancel},
		{"JobClaimConcurrentNoDoubles", testConcurrentClaim},
	}
}

func submit(t *testing.T, s store.Store, id, key string) {
	t.Helper()
	e := ext("ws_a", id, time.Now())
	e.IdempotencyKey = key
	err := s.ExtractionSubmit(context.Background(), store.ExtractionSubmitParams{
		Extraction: e,
		Events:     []store.Event{{ID: "evt_" + id, WorkspaceID: "ws_a", ExtractionID: id, Type: "extraction.submitted", OccurredAt: time.Now(), Payload: []byte(`{}`)}},
		Jobs:       []store.JobInsert{{ID: "job_" + id, Kind: "extraction", WorkspaceID: "ws_a", Ref: id, MaxAttempts: 3}},
	})
	if err != nil {
		t.Fatalf("submit %s: %v", id, err)
	}
}

func claim(t *testing.T, s store.Store, worker string, lease time.Duration, limit int) []*store.Job {
	t.Helper()
	jobs, err := s.JobClaim(context.Background(), store.JobClaimParams{Kinds: []string{"extraction"}, Worker: worker, Lease: lease, Limit: limit})
	if err != nil {
		t.Fatal(err)
	}
	return jobs
}

func testSubmitAtomic(t *testing.T, s store.Store) {
	ctx := context.Background()
	submit(t, s, "ext_1", "k")
	e := ext("ws_a", "ext_2", time.Now())
	e.IdempotencyKey = "k"
	err := s.ExtractionSubmit(ctx, store.ExtractionSubmitParams{Extraction: e,
		Jobs: []store.JobInsert{{ID: "job_ext_2", Kind: "extraction", WorkspaceID: "ws_a", Ref: "ext_2", MaxAttempts: 3}}})
	if !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate key submit: %v", err)
	}
	if jobs, _ := s.JobList(ctx, store.JobListParams{Ref: "ext_2"}); len(jobs) != 0 {
		t.Fatalf("a refused submit left %d jobs", len(jobs))
	}
	evs, err := s.EventList(ctx, "ws_a", "ext_1")
	if err != nil || len(evs) != 1 || evs[0].Type != "extraction.submitted" {
		t.Fatalf("events = %v, %v", evs, err)
	}
	if ev, err := s.EventGet(ctx, "evt_ext_1"); err != nil || string(ev.Payload) != `{}` {
		t.Fatalf("EventGet = %v, %v", ev, err)
	}
	if _, err := s.EventGet(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("EventGet missing: %v", err)
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

func testLeaseGuard(t *testing.T, s store.Store) {
	ctx := context.Background()
	submit(t, s, "ext_1", "")
	j := claim(t, s, "w1", -time.Second, 1)[0] // already expired
	if err := s.JobComplete(ctx, store.JobCompleteParams{JobID: j.ID, Worker: "intruder", State: store.JobDone}); !errors.Is(err, store.ErrLeaseLost) {
		t.Fatalf("complete by another worker: %v", err)
	}
	n, err := s.JobReap(ctx, time.Now())
	if err != nil || n != 1 {
		t.Fatalf("reap = %d, %v", n, err)
	}
	running := "succeeded"
	err = s.JobComplete(ctx, store.JobCompleteParams{JobID: j.ID, Worker: "w1", State: store.JobDone,
		Extraction: &store.ExtractionUpdateParams{WorkspaceID: "ws_a", ID: "ext_1", Status: &running}})
	if !errors.Is(err, store.ErrLeaseLost) {
		t.Fatalf("complete after the lease was reaped: %v", err)
	}
	if _, err := s.JobExtend(ctx, store.JobExtendParams{JobID: j.ID, Worker: "w1", Until: time.Now().Add(time.Minute)}); !errors.Is(err, store.ErrLeaseLost) {
		t.Fatalf("extend after reap: %v", err)
	}
	if e, _ := s.ExtractionGet(ctx, "ws_a", "ext_1"); e.Status != "queued" {
		t.Fatalf("a lost lease still wrote: %s", e.Status)
	}
	j2 := claim(t, s, "w2", time.Minute, 1)
	if len(j2) != 1 || j2[0].Attempts != 2 || j2[0].LastError == "" {
		t.Fatalf("re-claim after reap = %+v", j2)
	}
	if _, err := s.JobExtend(ctx, store.JobExtendParams{JobID: j.ID, Worker: "w2", Until: time.Now().Add(time.Hour),
		Extraction: &store.ExtractionUpdateParams{WorkspaceID: "ws_a", ID: "ext_1", Status: strp("running")}}); err != nil {
		t.Fatal(err)
	}
	err = s.JobComplete(ctx, store.JobCompleteParams{JobID: j.ID, Worker: "w2", State: store.JobDone,
		Extraction: &store.ExtractionUpdateParams{WorkspaceID: "ws_a", ID: "ext_1", Status: &running, Result: []byte(`{"ok":true}`)},
		Events:     []store.Event{{ID: "evt_done", WorkspaceID: "ws_a", ExtractionID: "ext_1", Type: "extraction.completed", OccurredAt: time.Now(), Payload: []byte(`{"a":1}`)}},
		Enqueue:    []store.JobInsert{{ID: "job_hook", Kind: "webhook", WorkspaceID: "ws_a", Ref: "evt_done", MaxAttempts: 5}},
	})
	if err != nil {
		t.Fatal(err)
	}
	e, _ := s.ExtractionGet(ctx, "ws_a", "ext_1")
	evs, _ := s.EventList(ctx, "ws_a", "ext_1")
	hooks, _ := s.JobList(ctx, store.JobListParams{Ref: "evt_done"})
	if e.Status != "succeeded" || string(e.Result) != `{"ok":true}` || len(evs) != 2 || evs[1].ID != "evt_done" || len(hooks) != 1 {
		t.Fatalf("effects: status %s result %s events %d hooks %d", e.Status, e.Result, len(evs), len(hooks))
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
	err := s.JobComplete(ctx, store.JobCompleteParams{JobID: j.ID, Worker: "w1", State: store.JobDone,
		Extraction: &store.ExtractionUpdateParams{WorkspaceID: "ws_a", ID: "ext_1", FromStatuses: []string{"running"}, Status: strp("succeeded")},
		Events:     []store.Event{{ID: "evt_x", WorkspaceID: "ws_a", ExtractionID: "ext_1", Type: "t", OccurredAt: time.Now(), Payload: []byte(`{}`)}},
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
		RetryAt: time.Now().Add(time.Hour), Error: "flaky"}); err != nil {
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
	if err := s.JobComplete(ctx, store.JobCompleteParams{JobID: got[0].ID, Worker: "w1", State: store.JobAvailable, RefundAttempt: true}); err != nil {
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
	e, err := s.ExtractionCancel(ctx, store.ExtractionUpdateParams{WorkspaceID: "ws_a", ID: "ext_1", FromStatuses: []string{"queued"}, Status: strp("cancelled")})
	if err != nil || e.Status != "cancelled" {
		t.Fatalf("cancel = %v, %v", e, err)
	}
	if got := claim(t, s, "w1", time.Minute, 10); len(got) != 0 {
		t.Fatal("a cancelled extraction's job was claimed")
	}
	if _, err := s.ExtractionCancel(ctx, store.ExtractionUpdateParams{WorkspaceID: "ws_a", ID: "ext_1", FromStatuses: []string{"queued"}, Status: strp("cancelled")}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("second cancel: %v", err)
	}
	if _, err := s.ExtractionCancel(ctx, store.ExtractionUpdateParams{WorkspaceID: "ws_a", ID: "nope", FromStatuses: []string{"queued"}, Status: strp("cancelled")}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("cancel unknown: %v", err)
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

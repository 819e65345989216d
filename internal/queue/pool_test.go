package queue_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/store/postgres"
	"github.com/quarrydev/quarry/internal/store/postgres/pgtest"
	"github.com/quarrydev/quarry/internal/store/sqlite"
)

// backend opens handles on one fresh database; each handle stands in for
// another process.
type backend struct {
	name string
	open func(t *testing.T) func() store.Store
}

var backends = []backend{
	{"sqlite", func(t *testing.T) func() store.Store {
		path := filepath.Join(t.TempDir(), "q.db")
		return func() store.Store {
			db, err := sqlite.Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		}
	}},
	{"postgres", func(t *testing.T) func() store.Store {
		url := pgtest.SchemaURL(t)
		return func() store.Store {
			db, err := postgres.Open(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		}
	}},
}

// testArgs is a job kind of the tests.
type testArgs struct {
	N int `json:"n"`
}

func (testArgs) Kind() string { return "test" }

// within waits for a value on ch for a few real seconds: the queue's
// clock is fake, the goroutines are not.
func within[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

// startPool runs a pool until the test ends and returns a stop function
// that waits for it.
func startPool(t *testing.T, cfg queue.Config) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = queue.NewPool(cfg).Run(ctx)
	}()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); wg.Wait() }) }
	t.Cleanup(stop)
	return stop
}

// TestCommitWakesIdlePool: with a poll interval that never passes, a job
// committed in this process is picked up at once, by the wake-up on
// commit alone.
func TestCommitWakesIdlePool(t *testing.T) {
	t.Parallel()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			st := b.open(t)()
			ran := make(chan int, 1)
			reg := queue.NewRegistry()
			queue.AddWorker[testArgs](reg, queue.WorkFunc[testArgs](func(ctx context.Context, j *queue.Job[testArgs]) error {
				ran <- j.Args.N
				return nil
			}))
			clock := queue.NewFakeClock(time.Now())
			startPool(t, queue.Config{Store: st, Registry: reg, Workers: 2, Clock: clock, Poll: time.Hour})
			ctx := context.Background()
			if err := st.InTx(ctx, func(tx store.Tx) error {
				return queue.Insert(ctx, tx, testArgs{N: 7}, queue.InsertOpts{RunAt: clock.Now()})
			}); err != nil {
				t.Fatal(err)
			}
			if n := within(t, ran, "the job"); n != 7 {
				t.Fatalf("args = %d, want 7", n)
			}
		})
	}
}

// TestRetryWaitsForTheClock: a failed attempt is retried only once the
// queue's clock passes its back-off, and the next attempt succeeds.
func TestRetryWaitsForTheClock(t *testing.T) {
	t.Parallel()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			st := b.open(t)()
			attempts := make(chan int, 4)
			reg := queue.NewRegistry()
			queue.AddWorker[testArgs](reg, queue.WorkFunc[testArgs](func(ctx context.Context, j *queue.Job[testArgs]) error {
				attempts <- j.Attempts
				if j.Attempts == 1 {
					return errors.New("flaky")
				}
				return nil
			}))
			clock := queue.NewFakeClock(time.Now())
			startPool(t, queue.Config{Store: st, Registry: reg, Clock: clock, Poll: time.Minute,
				BackoffBase: 10 * time.Second, BackoffMax: 10 * time.Second})
			ctx := context.Background()
			if err := queue.Insert(ctx, st, testArgs{}, queue.InsertOpts{Ref: "r", MaxAttempts: 3, RunAt: clock.Now()}); err != nil {
				t.Fatal(err)
			}
			if a := within(t, attempts, "the first attempt"); a != 1 {
				t.Fatalf("first attempt = %d", a)
			}
			row := waitRow(t, st, "r", func(j *store.Job) bool { return j.State == store.JobAvailable })
			if d := row.RunAt.Sub(clock.Now()); row.LastError != "flaky" || d < 7*time.Second || d > 13*time.Second {
				t.Fatalf("retry row = %+v, due in %s (want ~10 s on the queue's clock)", row, d)
			}
			clock.Advance(time.Minute)
			if a := within(t, attempts, "the retry"); a != 2 {
				t.Fatalf("retry attempt = %d", a)
			}
			if done := waitRow(t, st, "r", func(j *store.Job) bool { return j.State != store.JobRunning }); done.State != store.JobDone {
				t.Fatalf("after the retry: %+v", done)
			}
		})
	}
}

// waitRow re-reads the job of ref until ok holds: the commit that makes
// it hold runs in the pool's goroutine, a moment after the handler
// returned.
func waitRow(t *testing.T, st store.Store, ref string, ok func(*store.Job) bool) *store.Job {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		jobs, err := st.JobList(ctx, store.JobListParams{Ref: ref})
		if err == nil && len(jobs) == 1 && ok(jobs[0]) {
			return jobs[0]
		}
		select {
		case <-ctx.Done():
			t.Fatalf("job %s never reached the state: %+v %v", ref, jobs, err)
		case <-tick.C:
		}
	}
}

// TestDatabaseOutageSpendsNoAttempt: a job whose run fails because the
// database dropped its connection is retried without spending an
// attempt, so an outage longer than a job's attempts fails nothing.
func TestDatabaseOutageSpendsNoAttempt(t *testing.T) {
	t.Parallel()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			st := b.open(t)()
			attempts := make(chan int, 8)
			reg := queue.NewRegistry()
			queue.AddWorker[testArgs](reg, queue.WorkFunc[testArgs](func(ctx context.Context, j *queue.Job[testArgs]) error {
				attempts <- j.Attempts
				if len(attempts) <= 3 { // three outages in a row, one attempt allowed
					return fmt.Errorf("load request: %w", driver.ErrBadConn)
				}
				return nil
			}))
			startPool(t, queue.Config{Store: st, Registry: reg, Poll: 10 * time.Millisecond,
				BackoffBase: time.Millisecond, BackoffMax: 5 * time.Millisecond})
			ctx := context.Background()
			if err := queue.Insert(ctx, st, testArgs{}, queue.InsertOpts{Ref: "r", MaxAttempts: 1}); err != nil {
				t.Fatal(err)
			}
			done := waitRow(t, st, "r", func(j *store.Job) bool { return j.State == store.JobDone || j.State == store.JobFailed })
			if done.State != store.JobDone || done.Attempts != 1 {
				t.Fatalf("after three outages: %+v, want done with 1 attempt", done)
			}
			for i := 0; i < 4; i++ {
				if a := within(t, attempts, "a run"); a != 1 {
					t.Fatalf("run %d saw attempt %d, want 1 every time", i+1, a)
				}
			}
		})
	}
}

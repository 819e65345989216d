package app_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/store"
)

// TestCrashedWorkerLosesNothing kills a worker process with SIGKILL in
// the middle of its jobs; a second worker takes them over once their
// leases expire. Every extraction succeeds exactly once.
func TestCrashedWorkerLosesNothing(t *testing.T) {
	t.Parallel()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, b)
			var ids []string
			for i := 0; i < 6; i++ {
				id, code := e.submit(t, "", true)
				if code != 202 {
					t.Fatalf("submit = %d", code)
				}
				ids = append(ids, id)
			}
			first := e.startChild(t, 60_000) // every job hangs in its slow stage
			deadline := time.Now().Add(15 * time.Second)
			for {
				list, _, _ := e.api.Store.ExtractionList(context.Background(), store.ExtractionListParams{
					WorkspaceID: store.DefaultWorkspace, Statuses: []string{api.ExtractionRunning}, Limit: 10})
				if len(list) == 2 { // the child runs two at once
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("the first worker never started its jobs")
				}
				time.Sleep(20 * time.Millisecond)
			}
			if err := first.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			_, _ = first.Process.Wait()
			e.startChild(t, 0)
			e.waitSettled(t, 30*time.Second)
			e.checkExactlyOnce(t, ids)
			retried := 0
			for _, id := range ids {
				x, _ := e.api.Store.ExtractionGet(context.Background(), store.DefaultWorkspace, id)
				if x.Attempts == 2 {
					retried++
				}
			}
			if retried != 2 {
				t.Fatalf("%d extractions show a second attempt, want the 2 that were running at the kill", retried)
			}
		})
	}
}

// TestIdempotentSubmissionsUnderConcurrency sends 1,000 submissions from
// 50 clients, every key twice: exactly 500 extractions, each run once.
func TestIdempotentSubmissionsUnderConcurrency(t *testing.T) {
	t.Parallel()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, b)
			worker := e.open(t)
			worker.StartWorkers(fastJobs(worker.JobConfig(2)))
			keys := make(chan string, 1000)
			for i := 0; i < 1000; i++ {
				keys <- fmt.Sprintf("key-%03d", i%500)
			}
			close(keys)
			var mu sync.Mutex
			idOf := map[string]map[string]bool{}
			var wg sync.WaitGroup
			for c := 0; c < 50; c++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for k := range keys {
						id, code := e.submit(t, k, false)
						if code != 202 {
							t.Errorf("submit %s = %d", k, code)
							continue
						}
						mu.Lock()
						if idOf[k] == nil {
							idOf[k] = map[string]bool{}
						}
						idOf[k][id] = true
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			var ids []string
			for k, set := range idOf {
				if len(set) != 1 {
					t.Fatalf("key %s answered %d different ids", k, len(set))
				}
				for id := range set {
					ids = append(ids, id)
				}
			}
			_, total, err := e.api.Store.ExtractionList(context.Background(), store.ExtractionListParams{WorkspaceID: store.DefaultWorkspace, Limit: 1})
			if err != nil || total != 500 || len(ids) != 500 {
				t.Fatalf("%d extractions stored, %d ids answered; want 500 (%v)", total, len(ids), err)
			}
			e.waitSettled(t, 120*time.Second)
			e.checkExactlyOnce(t, ids)
			for _, id := range ids {
				x, _ := e.api.Store.ExtractionGet(context.Background(), store.DefaultWorkspace, id)
				if x.Attempts != 1 {
					t.Fatalf("%s ran %d times", id, x.Attempts)
				}
			}
		})
	}
}

// TestTwoWorkerPoolsShareOnePostgres runs two pools with separate
// connection pools on one database: both get work, nothing runs twice.
func TestTwoWorkerPoolsShareOnePostgres(t *testing.T) {
	t.Parallel()
	e := newEnv(t, backends[1])
	var ran [2]atomic.Int32
	for i := range 2 {
		w := e.open(t)
		jc := fastJobs(w.JobConfig(2))
		jc.BeforeRun = func(ctx context.Context, id string, attempt int) error {
			ran[i].Add(1)
			time.Sleep(30 * time.Millisecond) // long enough that one pool cannot take everything
			return nil
		}
		w.StartWorkers(jc)
	}
	var ids []string
	for i := 0; i < 40; i++ {
		id, _ := e.submit(t, "", false)
		ids = append(ids, id)
	}
	e.waitSettled(t, 60*time.Second)
	e.checkExactlyOnce(t, ids)
	if a, b := ran[0].Load(), ran[1].Load(); a == 0 || b == 0 || a+b != 40 {
		t.Fatalf("runs per pool = %d + %d, want both > 0 and 40 in all", a, b)
	}
}

// TestPostgresConnectionsKilledMidRun terminates every connection of the
// workers' pool while jobs run (what a PostgreSQL restart does to them);
// the queue recovers by itself and every extraction succeeds once.
func TestPostgresConnectionsKilledMidRun(t *testing.T) {
	t.Parallel()
	e := newEnv(t, backends[1])
	appName := fmt.Sprintf("quarry_kill_%d", time.Now().UnixNano())
	e.vars["QUARRY_DATABASE_URL"] += "&application_name=" + appName
	w := e.open(t)
	jc := fastJobs(w.JobConfig(2))
	jc.BeforeRun = func(ctx context.Context, id string, attempt int) error { time.Sleep(20 * time.Millisecond); return nil }
	w.StartWorkers(jc)
	var ids []string
	for i := 0; i < 30; i++ {
		id, _ := e.submit(t, "", false)
		ids = append(ids, id)
	}
	admin, err := sql.Open("pgx", e.vars["QUARRY_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	killed := 0
	for i := 0; i < 5; i++ {
		time.Sleep(100 * time.Millisecond)
		var n int
		if err := admin.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
			WHERE application_name = $1 AND pid <> pg_backend_pid()`, appName).Scan(&n); err != nil {
			// our own admin connection may be among the victims next round
			continue
		}
		killed += n
	}
	if killed == 0 {
		t.Fatal("no worker connection was terminated; the test proves nothing")
	}
	e.waitSettled(t, 60*time.Second)
	e.checkExactlyOnce(t, ids)
}

// TestGracefulShutdownHandsJobsBack stops a pool in the middle of a job:
// the job is available again at once, its attempt refunded, and the next
// pool finishes it on its first counted attempt.
func TestGracefulShutdownHandsJobsBack(t *testing.T) {
	t.Parallel()
	e := newEnv(t, backends[0])
	w := e.open(t)
	started := make(chan struct{}, 1)
	jc := fastJobs(w.JobConfig(1))
	jc.Lease = time.Hour // the reaper cannot be what frees it
	jc.BeforeRun = func(ctx context.Context, id string, attempt int) error {
		started <- struct{}{}
		<-ctx.Done()
		return ctx.Err()
	}
	w.StartWorkers(jc)
	id, _ := e.submit(t, "", false)
	<-started
	w.StopWorkers()
	jobsOf, _ := e.api.Store.JobList(context.Background(), store.JobListParams{Ref: id})
	if len(jobsOf) != 1 || jobsOf[0].State != store.JobAvailable || jobsOf[0].Attempts != 0 {
		t.Fatalf("after shutdown: %+v", jobsOf[0])
	}
	w2 := e.open(t)
	w2.StartWorkers(fastJobs(w2.JobConfig(1)))
	e.waitSettled(t, 20*time.Second)
	e.checkExactlyOnce(t, []string{id})
	if x, _ := e.api.Store.ExtractionGet(context.Background(), store.DefaultWorkspace, id); x.Attempts != 1 {
		t.Fatalf("attempts = %d, want 1", x.Attempts)
	}
}

// TestPostgresRestart restarts the local PostgreSQL cluster while jobs
// run. It disturbs every user of that server, so it runs only with
// QUARRY_TEST_PG_RESTART=1 (and pg_ctlcluster on the PATH).
func TestPostgresRestart(t *testing.T) {
	if os.Getenv("QUARRY_TEST_PG_RESTART") != "1" {
		t.Skip("set QUARRY_TEST_PG_RESTART=1 to restart the local PostgreSQL cluster (pg_ctlcluster 15 main) during the test")
	}
	e := newEnv(t, backends[1])
	w := e.open(t)
	jc := fastJobs(w.JobConfig(2))
	jc.BeforeRun = func(ctx context.Context, id string, attempt int) error { time.Sleep(50 * time.Millisecond); return nil }
	w.StartWorkers(jc)
	var ids []string
	for i := 0; i < 30; i++ {
		id, _ := e.submit(t, "", false)
		ids = append(ids, id)
	}
	time.Sleep(300 * time.Millisecond)
	out, err := exec.Command("pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart").CombinedOutput()
	if err != nil {
		t.Fatalf("restart: %v %s", err, out)
	}
	e.waitSettled(t, 90*time.Second)
	e.checkExactlyOnce(t, ids)
}

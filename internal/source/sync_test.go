package source_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/connector"
	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/source"
	"github.com/quarrydev/quarry/internal/store"
)

// run performs a queued run to its end and stores its log, as the
// worker does.
func run(t *testing.T, e *env, ctx context.Context, l *store.SyncLog) *store.SyncLog {
	t.Helper()
	if err := e.svc.Run(ctx, l, nil); err != nil {
		t.Fatal(err)
	}
	if err := e.st.SyncLogUpdate(context.Background(), l); err != nil {
		t.Fatal(err)
	}
	return l
}

func schedule(t *testing.T, e *env, c *store.Connector, prefix string) *store.Schedule {
	t.Helper()
	x, err := e.svc.CreateSchedule(context.Background(), c.WorkspaceID, source.ScheduleInput{ConnectorID: c.ID, Cron: "0 2 * * *", Prefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func trigger(t *testing.T, e *env, x *store.Schedule) *store.SyncLog {
	t.Helper()
	l, err := e.svc.Trigger(context.Background(), x.WorkspaceID, x.ConnectorID, x.ID)
	if err != nil || l.Status != store.SyncRunning {
		t.Fatalf("trigger = %+v, %v", l, err)
	}
	return l
}

func TestSyncSkipsUnchangedAndReprocessesChanged(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "pro")
	ctx := context.Background()
	m, c := e.bucket(t, "ws_a", "docs")
	fill(m, "in/", 5)
	m.Set("other/x.pdf", []byte("%PDF outside the prefix"))
	m.Set("in/folder/", nil) // a folder marker
	m.Set("in/notes.bin", []byte("unsupported"))
	x := schedule(t, e, c, "in/")
	l := run(t, e, ctx, trigger(t, e, x))
	if l.Status != store.SyncCompleted || l.FilesFound != 6 || l.FilesNew != 5 || l.FilesFailed != 1 || l.FilesSkipped != 0 || l.CompletedAt == nil {
		t.Fatalf("first run = %+v", l)
	}
	// Nothing changed: everything is skipped and nothing is admitted.
	l = run(t, e, ctx, trigger(t, e, x))
	if l.FilesFound != 6 || l.FilesNew != 0 || l.FilesSkipped != 6 || l.FilesFailed != 0 || e.adm.sum() != 5 {
		t.Fatalf("second run = %+v, admissions %d", l, e.adm.sum())
	}
	// One object changes, one is added: exactly those two go again.
	m.Set("in/00002.pdf", []byte("%PDF changed"))
	m.Set("in/new.pdf", []byte("%PDF new"))
	l = run(t, e, ctx, trigger(t, e, x))
	if l.FilesFound != 7 || l.FilesNew != 2 || l.FilesSkipped != 5 || e.adm.count("00002.pdf") != 2 || e.adm.count("new.pdf") != 1 {
		t.Fatalf("third run = %+v, admissions of the changed object %d", l, e.adm.count("00002.pdf"))
	}
	logs, err := e.svc.Logs(ctx, "ws_a", c.ID, x.ID)
	if err != nil || len(logs) != 3 || logs[0].FilesNew != 2 {
		t.Fatalf("logs = %+v, %v", logs, err)
	}
}

func TestSyncResumedAfterACrashProcessesEachObjectOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "pro")
	m, c := e.bucket(t, "ws_a", "docs")
	fill(m, "", 250) // three pages of 100
	x := schedule(t, e, c, "")
	l := trigger(t, e, x)
	ctx, cancel := context.WithCancel(context.Background())
	e.adm.after = func(n int) {
		if n == 137 {
			cancel() // the worker dies mid-page
		}
	}
	if err := e.svc.Run(ctx, l, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: %v", err)
	}
	if got, _ := e.st.SyncLogGet(context.Background(), "ws_a", l.ID); got.Status != store.SyncRunning {
		t.Fatalf("log after the crash = %+v, want still running", got)
	}
	e.adm.after = nil
	// The queue's lease runs out and another worker resumes the run.
	l = run(t, e, context.Background(), l)
	if e.adm.sum() != 250 {
		t.Fatalf("%d admissions for 250 objects", e.adm.sum())
	}
	for i := range 250 {
		if n := e.adm.count(fmt.Sprintf("%05d.pdf", i)); n != 1 {
			t.Fatalf("object %d admitted %d times", i, n)
		}
	}
	if l.Status != store.SyncCompleted || l.FilesFound != 250 || l.FilesNew != 250 || l.FilesSkipped != 0 {
		t.Fatalf("resumed run's log = %+v, want the whole run counted", l)
	}
}

func TestSyncFailingSourceLogsTheError(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "pro")
	ctx := context.Background()
	m, c := e.bucket(t, "ws_a", "docs")
	fill(m, "", 150)
	x := schedule(t, e, c, "")
	// The key is revoked in the middle of the first page.
	e.adm.after = func(n int) {
		if n == 60 {
			m.Fail(connector.Errorf(connector.KindDenied, nil, "the key lacks s3:GetObject on docs"))
		}
	}
	l := run(t, e, ctx, trigger(t, e, x))
	if l.Status != store.SyncFailed || l.FilesFound != 61 || l.FilesNew != 60 || l.FilesFailed != 1 || l.CompletedAt == nil ||
		!strings.Contains(l.ErrorMessage, "Access denied") || !strings.Contains(l.ErrorMessage, "s3:GetObject") {
		t.Fatalf("log = %+v", l)
	}
	// Once the key works again, the next run takes only what is left.
	m.Fail(nil)
	e.adm.after = nil
	l = run(t, e, ctx, trigger(t, e, x))
	if l.Status != store.SyncCompleted || l.FilesNew != 90 || l.FilesSkipped != 60 || e.adm.sum() != 150 {
		t.Fatalf("next run = %+v, admissions %d", l, e.adm.sum())
	}
	// A bucket that is gone fails the run at once.
	e.mu.Lock()
	delete(e.bkts, "docs")
	e.mu.Unlock()
	l = run(t, e, ctx, trigger(t, e, x))
	if l.Status != store.SyncFailed || !strings.Contains(l.ErrorMessage, "does not exist") {
		t.Fatalf("run on a missing bucket = %+v", l)
	}
}

func TestSyncListsTenThousandObjects(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "pro")
	ctx := context.Background()
	m, c := e.bucket(t, "ws_a", "docs")
	fill(m, "in/", 10000)
	// The ledger knows all but ten from earlier runs, as it would after
	// the first sync of a large bucket.
	err := e.st.InTx(ctx, func(tx store.Tx) error {
		for i := range 10000 {
			if i%1000 == 7 {
				continue
			}
			k := fmt.Sprintf("in/%05d.pdf", i)
			_, o, err := m.Open(ctx, k)
			if err != nil {
				return err
			}
			if err := tx.SyncEntryPut(ctx, &store.SyncEntry{WorkspaceID: "ws_a", ConnectorID: c.ID, Key: k, ETag: o.ETag,
				Outcome: store.SyncQueued, SeenAt: e.clock()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	x := schedule(t, e, c, "in/")
	before := m.Lists
	l := run(t, e, ctx, trigger(t, e, x))
	if l.FilesFound != 10000 || l.FilesNew != 10 || l.FilesSkipped != 9990 || l.Status != store.SyncCompleted {
		t.Fatalf("log = %+v", l)
	}
	if pages := m.Lists - before; pages != 100 {
		t.Fatalf("%d list calls for 10,000 objects in pages of 100", pages)
	}
}

func TestTickQueuesEachSlotOnceAcrossProcesses(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "pro")
	ctx := context.Background()
	_, c := e.bucket(t, "ws_a", "docs")
	x := schedule(t, e, c, "") // daily at 02:00; the clock stands at 10:00
	if want := time.Date(2026, 8, 18, 2, 0, 0, 0, time.UTC); !x.NextRunAt.Equal(want) {
		t.Fatalf("next run = %v, want %v", x.NextRunAt, want)
	}
	if n, err := e.svc.Tick(ctx, e.clock()); err != nil || n != 0 {
		t.Fatalf("tick before the slot queued %d, %v", n, err)
	}
	e.advance(16 * time.Hour) // 02:00 next day
	var wg sync.WaitGroup
	counts := make([]int, 4)
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := e.svc.Tick(ctx, e.clock())
			if err != nil {
				t.Error(err)
			}
			counts[i] = n
		}()
	}
	wg.Wait()
	if total := counts[0] + counts[1] + counts[2] + counts[3]; total != 1 {
		t.Fatalf("four processes ticking at the slot queued %d runs (%v), want 1", total, counts)
	}
	logs, _ := e.svc.Logs(ctx, "ws_a", c.ID, x.ID)
	jobs, _ := e.st.JobList(ctx, store.JobListParams{Kind: source.KindSync})
	if len(logs) != 1 || len(jobs) != 1 || logs[0].Status != store.SyncRunning {
		t.Fatalf("logs %+v, jobs %d", logs, len(jobs))
	}
	got, _ := e.st.ScheduleGet(ctx, "ws_a", x.ID)
	if want := time.Date(2026, 8, 19, 2, 0, 0, 0, time.UTC); !got.NextRunAt.Equal(want) || got.LastRunAt == nil {
		t.Fatalf("schedule after its run = %+v", got)
	}
}

// TestTwoPoolsRunAScheduleOnce runs two worker pools (two processes) on
// one database with the real tick: the schedule's slot is synced once
// and each object handed over once.
func TestTwoPoolsRunAScheduleOnce(t *testing.T) {
	t.Parallel()
	for name, h := range map[string]func(*testing.T) handles{"sqlite": sqliteHandles, "postgres": postgresHandles} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			twoPools(t, h(t))
		})
	}
}

func twoPools(t *testing.T, open handles) {
	e := newEnvOn(t, "pro", open)
	ctx := context.Background()
	m, c := e.bucket(t, "ws_a", "docs")
	fill(m, "", 30)
	x, err := e.svc.CreateSchedule(ctx, "ws_a", source.ScheduleInput{ConnectorID: c.ID, Cron: "*/5 * * * *"})
	if err != nil {
		t.Fatal(err)
	}
	clock := queue.NewFakeClock(e.clock())
	var stops []func()
	for i := range 2 {
		reg := queue.NewRegistry()
		e.svc.Register(reg)
		queue.AddWorker[probeArgs](reg, queue.WorkFunc[probeArgs](func(context.Context, *queue.Job[probeArgs]) error { return nil }))
		st := open() // each pool is a process with its own handle
		pctx, cancel := context.WithCancel(ctx)
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = queue.NewPool(queue.Config{Store: st, Registry: reg, Workers: 2, Clock: clock, Poll: time.Second,
				Name: fmt.Sprintf("pool%d", i)}).Run(pctx)
		}()
		stops = append(stops, func() { cancel(); wg.Wait() })
	}
	defer func() {
		for _, s := range stops {
			s()
		}
	}()
	// Once the tick's row is there, move both clocks to the first slot
	// (10:05): the tick queues the run and one of the pools performs it.
	waitJob(t, e.st, source.KindTick, func(*store.Job) bool { return true })
	clock.Advance(5 * time.Minute)
	e.advance(5 * time.Minute)
	waitJob(t, e.st, x.ID, func(j *store.Job) bool { return j.State == store.JobDone })
	// Later ticks within the same slot queue nothing more.
	clock.Advance(time.Minute)
	e.advance(time.Minute)
	waitJob(t, e.st, source.KindTick, func(j *store.Job) bool { return j.RunAt.After(clock.Now()) })
	logs, _ := e.st.SyncLogList(ctx, "ws_a", x.ID, 10)
	if len(logs) != 1 || logs[0].FilesNew != 30 || e.adm.sum() != 30 {
		t.Fatalf("logs %+v, admissions %d; want one run handing 30 objects over once", logs, e.adm.sum())
	}
}

type probeArgs struct{}

func (probeArgs) Kind() string { return "probe" }

// waitJob re-reads the one job of ref until ok holds: the pools commit
// in their own goroutines.
func waitJob(t *testing.T, st store.Store, ref string, ok func(*store.Job) bool) *store.Job {
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

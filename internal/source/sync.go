package source

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/connector"
	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/store"
)

// Job kinds.
const (
	KindSync = "connector_sync"      // one run of one schedule
	KindTick = "connector_sync_tick" // the periodic look for due schedules
)

// TickEvery is how often due schedules are looked for: cron's finest
// unit.
const TickEvery = time.Minute

// renewEvery is how often a run renews its lease while objects are
// handed over (the queue's lease is 60 s by default).
const renewEvery = 15 * time.Second

// syncAttempts is how often a run interrupted by a crash is resumed.
const syncAttempts = 3

// SyncArgs are one run's.
type SyncArgs struct {
	ScheduleID string `json:"schedule_id"`
	LogID      string `json:"log_id"`
}

// Kind implements queue.Args.
func (SyncArgs) Kind() string { return KindSync }

// TickArgs are the tick's (none).
type TickArgs struct{}

// Kind implements queue.Args.
func (TickArgs) Kind() string { return KindTick }

// Register adds the sync worker and the periodic tick to reg.
func (s *Service) Register(reg *queue.Registry) {
	queue.AddWorker[SyncArgs](reg, queue.WorkFunc[SyncArgs](s.work), queue.WorkerOpts{IO: true})
	queue.AddWorker[TickArgs](reg, queue.WorkFunc[TickArgs](func(ctx context.Context, j *queue.Job[TickArgs]) error {
		n, err := s.Tick(ctx, j.Now())
		if err != nil {
			return err
		}
		if n > 0 {
			j.Log().Info("connector syncs queued", "runs", n)
		}
		return j.Complete(ctx, nil)
	}), queue.WorkerOpts{IO: true})
	reg.AddPeriodic(queue.PeriodicJob{Name: KindTick, Every: TickEvery, Args: TickArgs{}})
}

// Tick queues one run for every schedule due at now and moves each to
// its next slot, each schedule in one transaction: the run's log, its
// job and the advance commit together. The advance is a compare-and-set
// and the job id is the schedule and slot, so two processes ticking at
// once queue a slot's run once. It returns how many runs it queued.
func (s *Service) Tick(ctx context.Context, now time.Time) (int, error) {
	queued := 0
	for {
		due, err := s.store.ScheduleDue(ctx, now, 100)
		if err != nil {
			return queued, err
		}
		progressed := false
		for _, x := range due {
			next, err := nextRun(x, now)
			if err != nil || !next.After(x.NextRunAt) {
				// An unreadable stored expression: park it far away
				// rather than spin on it every minute.
				next = now.Add(100 * 365 * 24 * time.Hour)
			}
			slot := strconv.FormatInt(x.NextRunAt.Unix(), 10)
			suffix := strings.TrimPrefix(x.ID, "sch_") + "_" + slot
			err = s.store.InTx(ctx, func(tx store.Tx) error {
				if err := tx.ScheduleAdvance(ctx, store.ScheduleAdvanceParams{WorkspaceID: x.WorkspaceID, ID: x.ID, From: x.NextRunAt, Next: next}); err != nil {
					return err
				}
				return s.queueRun(ctx, tx, x, "slog_"+suffix, "sync_"+suffix, now)
			})
			switch {
			case err == nil:
				queued++
				progressed = true
			case errors.Is(err, store.ErrConflict):
				progressed = true // another process took this slot
			default:
				return queued, err
			}
		}
		if len(due) < 100 || !progressed {
			return queued, nil
		}
	}
}

// queueRun writes a run's log (running) and its job in tx.
func (s *Service) queueRun(ctx context.Context, tx store.Tx, x *store.Schedule, logID, jobID string, now time.Time) error {
	if err := tx.SyncLogInsert(ctx, &store.SyncLog{ID: logID, WorkspaceID: x.WorkspaceID, ScheduleID: x.ID, ConnectorID: x.ConnectorID,
		Status: store.SyncRunning, StartedAt: now}); err != nil {
		return err
	}
	row, err := queue.NewJob(SyncArgs{ScheduleID: x.ID, LogID: logID}, queue.InsertOpts{ID: jobID, WorkspaceID: x.WorkspaceID,
		Ref: x.ID, MaxAttempts: syncAttempts, RunAt: now})
	if err != nil {
		return err
	}
	row.IfAbsent = true
	return tx.JobInsert(ctx, row)
}

// Trigger queues a run of a schedule now (E33) and returns its log.
func (s *Service) Trigger(ctx context.Context, workspaceID, connectorID, id string) (*store.SyncLog, error) {
	x, err := s.schedule(ctx, workspaceID, connectorID, id)
	if err != nil {
		return nil, err
	}
	now := s.now()
	suffix := strings.TrimPrefix(ids.New("run"), "run_")
	err = s.store.InTx(ctx, func(tx store.Tx) error {
		if err := s.queueRun(ctx, tx, x, "slog_"+suffix, "sync_"+suffix, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, workspaceID, audit.Event{Action: "schedule.triggered", Subject: x.ID})
	})
	if err != nil {
		return nil, err
	}
	return s.store.SyncLogGet(ctx, workspaceID, "slog_"+suffix)
}

func (s *Service) work(ctx context.Context, j *queue.Job[SyncArgs]) error {
	l, err := s.store.SyncLogGet(ctx, j.WorkspaceID, j.Args.LogID)
	if errors.Is(err, store.ErrNotFound) {
		return j.CompleteNote(ctx, "the run's log is gone")
	}
	if err != nil {
		return err
	}
	if l.Status != store.SyncRunning {
		return j.CompleteNote(ctx, "the run already ended "+l.Status)
	}
	runErr := s.Run(ctx, l, func(ctx context.Context) error { return j.Extend(ctx, nil) })
	if runErr != nil && ctx.Err() == nil && !queue.LeaseLost(ctx) {
		// The database failed, not the bucket: retry resumes the run.
		return j.RetryOrFail(ctx, runErr, func() error {
			return j.Fail(ctx, runErr.Error(), func(tx store.Tx) error { return s.finish(ctx, tx, l, runErr.Error()) })
		})
	}
	if runErr != nil {
		return runErr // shutting down or lease lost: another worker resumes it
	}
	return j.Complete(ctx, func(tx store.Tx) error { return tx.SyncLogUpdate(ctx, l) })
}

// Run performs a sync run and fills in l (status, counts, error). It
// lists the schedule's prefix page by page and hands every object whose
// version the ledger has not seen to processing; renew is called after
// every page (the queue's lease). A bucket failure ends the run as
// failed with its message and returns nil; an error is returned only
// for a failure of Quarry's own (the store, a cancelled context), and
// then the run may be called again: the ledger rows written with each
// admission make it skip what it already queued.
func (s *Service) Run(ctx context.Context, l *store.SyncLog, renew func(context.Context) error) error {
	fail := func(msg string) error {
		now := s.now()
		l.Status, l.ErrorMessage, l.CompletedAt = store.SyncFailed, msg, &now
		return nil
	}
	x, err := s.store.ScheduleGet(ctx, l.WorkspaceID, l.ScheduleID)
	if errors.Is(err, store.ErrNotFound) {
		return fail("The schedule no longer exists.")
	}
	if err != nil {
		return err
	}
	c, err := s.store.ConnectorGet(ctx, l.WorkspaceID, x.ConnectorID)
	if errors.Is(err, store.ErrNotFound) || err == nil && !c.Active {
		return fail("The connector was deleted.")
	}
	if err != nil {
		return err
	}
	plan, err := s.plan(ctx, l.WorkspaceID)
	if err != nil {
		return err
	}
	src, err := s.open(ctx, c)
	if err != nil {
		return fail(Explain(err))
	}
	defer src.Close()
	used := s.now()
	_ = s.store.ConnectorTouch(ctx, c.WorkspaceID, c.ID, nil, &used)
	found, transient := 0, 0
	renewed := time.Now() // wall time: the lease is real time
	var lastErr string
	token := ""
	for {
		page, err := src.List(ctx, connector.ListOptions{Prefix: x.Prefix, Token: token, Limit: s.opt.PageSize})
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return s.failCounted(ctx, l, found, transient, Explain(err))
		}
		keys := make([]string, 0, len(page.Objects))
		for _, o := range page.Objects {
			keys = append(keys, o.Key)
		}
		seen, err := s.store.SyncEntries(ctx, c.WorkspaceID, c.ID, keys)
		if err != nil {
			return err
		}
		for _, o := range page.Objects {
			if strings.HasSuffix(o.Key, "/") && o.Size == 0 {
				continue // a folder marker, not a document
			}
			found++
			if e := seen[o.Key]; e != nil && e.ETag == o.ETag && o.ETag != "" {
				continue // this version was handed over already
			}
			out := s.pullOne(ctx, src, c, o, l.ID, s.maxBytes(plan), PullOptions{Locale: "und"})
			if err := ctx.Err(); err != nil {
				return err
			}
			// Large objects take time: the lease is renewed within a
			// page too, well inside its 60 s default.
			if renew != nil && time.Since(renewed) > renewEvery {
				if err := renew(ctx); err != nil {
					return err
				}
				renewed = time.Now()
			}
			if out.Rejection != "" && !permanentRejections[out.Rejection] {
				transient++
				lastErr = o.Key + ": " + out.Message
				if out.Rejection == CodeConnectorError {
					// The bucket failed mid-run (revoked key, deleted
					// bucket): stop here rather than fail every object.
					return s.failCounted(ctx, l, found, transient, out.Message)
				}
			}
		}
		if renew != nil {
			if err := renew(ctx); err != nil {
				return err
			}
			renewed = time.Now()
		}
		if page.Next == "" {
			break
		}
		token = page.Next
	}
	if err := s.count(ctx, l, found, transient); err != nil {
		return err
	}
	now := s.now()
	l.Status, l.CompletedAt = store.SyncCompleted, &now
	if transient > 0 {
		l.ErrorMessage = lastErr
	}
	return nil
}

// count fills l's counts from the ledger: the run's new and rejected
// objects are the ledger rows it wrote, whichever attempt wrote them, so
// a resumed run reports the whole run.
func (s *Service) count(ctx context.Context, l *store.SyncLog, found, transient int) error {
	n, err := s.store.SyncEntryCount(ctx, l.WorkspaceID, l.ID)
	if err != nil {
		return err
	}
	l.FilesFound, l.FilesNew, l.FilesFailed = found, n[store.SyncQueued], n[store.SyncRejected]+transient
	l.FilesSkipped = max(0, found-l.FilesNew-l.FilesFailed)
	return nil
}

func (s *Service) failCounted(ctx context.Context, l *store.SyncLog, found, transient int, msg string) error {
	if err := s.count(ctx, l, found, transient); err != nil {
		return err
	}
	now := s.now()
	l.Status, l.ErrorMessage, l.CompletedAt = store.SyncFailed, msg, &now
	return nil
}

// finish ends a run that gave up for a reason of Quarry's own.
func (s *Service) finish(ctx context.Context, tx store.Tx, l *store.SyncLog, msg string) error {
	now := s.now()
	l.Status, l.ErrorMessage, l.CompletedAt = store.SyncFailed, msg, &now
	return tx.SyncLogUpdate(ctx, l)
}

package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

const jobCols = `id, kind, workspace_id, ref, args, state, attempts, max_attempts, run_at, locked_by, locked_until, last_error, created_at`

// JobInsert enqueues jobs on this handle (inside a transaction: at its
// commit).
func (o ops) JobInsert(ctx context.Context, jobs ...store.JobInsert) error {
	if len(jobs) == 0 {
		return nil
	}
	if o.db.D.NotifyJobs != "" {
		if _, err := o.w.ExecContext(ctx, o.db.D.NotifyJobs); err != nil {
			return err
		}
	}
	now := time.Now()
	for _, j := range jobs {
		if j.ID == "" || j.Kind == "" {
			return fmt.Errorf("sqldb: job needs an id and a kind: %+v", j)
		}
		runAt := j.RunAt
		if runAt.IsZero() {
			runAt = now
		}
		q := `INSERT INTO jobs (` + jobCols + `) VALUES (?, ?, ?, ?, ?, 'available', 0, ?, ?, '', NULL, '', ?)`
		if j.IfAbsent {
			q += ` ON CONFLICT (id) DO NOTHING`
		}
		if _, err := o.w.ExecContext(ctx, o.db.q(q), j.ID, j.Kind, j.WorkspaceID, j.Ref, j.Args, max(j.MaxAttempts, 1),
			store.Micros(runAt), store.Micros(now)); err != nil {
			return err
		}
	}
	if o.jobsDue != nil {
		*o.jobsDue = true
	}
	return nil
}

// JobInsert enqueues jobs in one transaction of their own.
func (db *DB) JobInsert(ctx context.Context, jobs ...store.JobInsert) error {
	return db.InTx(ctx, func(tx store.Tx) error { return tx.JobInsert(ctx, jobs...) })
}

// JobCancel closes a ref's waiting jobs, so no worker picks them up.
func (o ops) JobCancel(ctx context.Context, p store.JobCancelParams) (int, error) {
	res, err := o.w.ExecContext(ctx, o.db.q(`UPDATE jobs SET state = 'done', last_error = ?, locked_by = '', locked_until = NULL
		WHERE workspace_id = ? AND ref = ? AND state = 'available'`), p.Reason, p.WorkspaceID, p.Ref)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// JobList lists jobs by ref and/or kind, oldest first.
func (o ops) JobList(ctx context.Context, p store.JobListParams) ([]*store.Job, error) {
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT `+jobCols+` FROM jobs WHERE (? = '' OR ref = ?) AND (? = '' OR kind = ?)
		ORDER BY created_at, id`), p.Ref, p.Ref, p.Kind, p.Kind)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanJob)
}

// JobStats counts jobs by state, leaving out the schedule rows of
// periodic jobs.
func (o ops) JobStats(ctx context.Context) (map[string]int, error) {
	rows, err := o.r.QueryContext(ctx, `SELECT state, COUNT(*) FROM jobs WHERE substr(id, 1, `+
		strconv.Itoa(len(store.PeriodicJobIDPrefix))+`) <> '`+store.PeriodicJobIDPrefix+`' GROUP BY state`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}

// JobClaim leases due jobs. On PostgreSQL the sub-select skips rows other
// workers are claiming; on SQLite the single writer serialises claims.
func (db *DB) JobClaim(ctx context.Context, p store.JobClaimParams) ([]*store.Job, error) {
	if len(p.Kinds) == 0 || p.Limit <= 0 {
		return nil, nil
	}
	now := p.Now
	if now.IsZero() {
		now = time.Now()
	}
	args := []any{p.Worker, store.Micros(now.Add(p.Lease))}
	for _, k := range p.Kinds {
		args = append(args, k)
	}
	args = append(args, store.Micros(now), p.Limit)
	// One statement, autocommitted on the relaxed pool: one round trip.
	rows, err := db.relaxed().QueryContext(ctx, db.q(`UPDATE jobs SET state = 'running', locked_by = ?, locked_until = ?, attempts = attempts + 1
		WHERE id IN (SELECT id FROM jobs WHERE state = 'available' AND kind IN (`+marks(len(p.Kinds))+`) AND run_at <= ?
			ORDER BY run_at, id LIMIT ? `+db.D.SkipLocked+`)
		RETURNING `+jobCols), args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanJob)
}

// holdLease locks the job row if worker still holds it; it is the first
// statement of every lease-guarded transaction, so nothing after it runs
// for a worker that lost the job.
func (db *DB) holdLease(ctx context.Context, x execer, jobID, worker string, sets string, args ...any) error {
	res, err := x.ExecContext(ctx, db.q(`UPDATE jobs SET `+sets+` WHERE id = ? AND locked_by = ? AND state = 'running'`),
		append(args, jobID, worker)...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return store.ErrLeaseLost
	}
	return nil
}

// JobExtend renews the lease, running effects in the same transaction.
func (db *DB) JobExtend(ctx context.Context, p store.JobExtendParams, effects func(store.Tx) error) error {
	if effects == nil { // a heartbeat: one statement
		return db.holdLease(ctx, db.relaxed(), p.JobID, p.Worker, "locked_until = ?", store.Micros(p.Until))
	}
	return db.txOn(ctx, db.relaxed(), func(o ops) error {
		if err := db.holdLease(ctx, o.w, p.JobID, p.Worker, "locked_until = ?", store.Micros(p.Until)); err != nil {
			return err
		}
		return effects(o)
	})
}

// JobComplete commits the outcome and its effects together.
func (db *DB) JobComplete(ctx context.Context, p store.JobCompleteParams, effects func(store.Tx) error) error {
	runAt := p.RunAt
	if runAt.IsZero() {
		runAt = time.Now()
	}
	switch p.State {
	case store.JobDone, store.JobFailed, store.JobAvailable:
	default:
		return fmt.Errorf("sqldb: bad completion state %q", p.State)
	}
	return db.txOn(ctx, db.Write, func(o ops) error {
		sets := "state = ?, locked_by = '', locked_until = NULL, last_error = ?, run_at = ?"
		if p.RefundAttempt {
			sets += ", attempts = attempts - 1"
		}
		if err := db.holdLease(ctx, o.w, p.JobID, p.Worker, sets, p.State, p.Error, store.Micros(runAt)); err != nil {
			return err
		}
		if p.State == store.JobAvailable && !runAt.After(time.Now()) { // due now: wake the workers
			*o.jobsDue = true
			if db.D.NotifyJobs != "" {
				if _, err := o.w.ExecContext(ctx, db.D.NotifyJobs); err != nil {
					return err
				}
			}
		}
		if effects != nil {
			return effects(o)
		}
		return nil
	})
}

// JobReap frees jobs whose worker stopped renewing the lease.
func (db *DB) JobReap(ctx context.Context, now time.Time) (int, error) {
	res, err := db.Write.ExecContext(ctx, db.q(`UPDATE jobs SET state = 'available', locked_by = '', locked_until = NULL,
		last_error = 'lease expired: the worker stopped (crash or restart)', run_at = ?
		WHERE state = 'running' AND locked_until < ?`), store.Micros(now), store.Micros(now))
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	if n > 0 {
		db.JobsDue()
		if db.D.NotifyJobs != "" {
			_, _ = db.Write.ExecContext(ctx, db.D.NotifyJobs)
		}
	}
	return int(n), nil
}

func scanJob(s scanner) (*store.Job, error) {
	var (
		j              store.Job
		runAt, created int64
		lockedUntil    sql.NullInt64
	)
	if err := s.Scan(&j.ID, &j.Kind, &j.WorkspaceID, &j.Ref, &j.Args, &j.State, &j.Attempts, &j.MaxAttempts, &runAt,
		&j.LockedBy, &lockedUntil, &j.LastError, &created); err != nil {
		return nil, err
	}
	j.RunAt, j.CreatedAt, j.LockedUntil = store.FromMicros(runAt), store.FromMicros(created), fromNull(lockedUntil)
	return &j, nil
}

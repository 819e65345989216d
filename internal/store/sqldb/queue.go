package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

const jobCols = `id, kind, workspace_id, ref, state, attempts, max_attempts, run_at, locked_by, locked_until, last_error, created_at`

// inTx runs fn in a transaction on the write pool (BEGIN IMMEDIATE on
// SQLite, so writers queue instead of failing with SQLITE_BUSY).
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.txOn(ctx, db.Write, fn)
}

func (db *DB) txOn(ctx context.Context, pool *sql.DB, fn func(tx *sql.Tx) error) error {
	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (db *DB) insertJobs(ctx context.Context, x execer, jobs []store.JobInsert) error {
	if len(jobs) > 0 && db.D.NotifyJobs != "" {
		if _, err := x.ExecContext(ctx, db.D.NotifyJobs); err != nil {
			return err
		}
	}
	now := store.Micros(time.Now())
	for _, j := range jobs {
		if j.ID == "" || j.Kind == "" {
			return fmt.Errorf("sqldb: job needs an id and a kind: %+v", j)
		}
		runAt := j.RunAt
		if runAt.IsZero() {
			runAt = time.Now()
		}
		if _, err := x.ExecContext(ctx, db.q(`INSERT INTO jobs (`+jobCols+`)
			VALUES (?, ?, ?, ?, 'available', 0, ?, ?, '', NULL, '', ?)`),
			j.ID, j.Kind, j.WorkspaceID, j.Ref, max(j.MaxAttempts, 1), store.Micros(runAt), now); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) insertEvents(ctx context.Context, x execer, events []store.Event) error {
	for _, e := range events {
		if _, err := x.ExecContext(ctx, db.q(`INSERT INTO events (id, workspace_id, extraction_id, type, occurred_at, payload)
			VALUES (?, ?, ?, ?, ?, ?)`), e.ID, e.WorkspaceID, e.ExtractionID, e.Type, store.Micros(e.OccurredAt), e.Payload); err != nil {
			return err
		}
	}
	return nil
}

// ExtractionSubmit inserts the extraction, its events and its jobs at once.
func (db *DB) ExtractionSubmit(ctx context.Context, p store.ExtractionSubmitParams) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.insertExtraction(ctx, tx, p.Extraction); err != nil {
			return err
		}
		if err := db.insertEvents(ctx, tx, p.Events); err != nil {
			return err
		}
		return db.insertJobs(ctx, tx, p.Jobs)
	})
	if err == nil && len(p.Jobs) > 0 {
		db.JobsDue()
	}
	return err
}

// ExtractionCancel moves the extraction by compare-and-set and closes its
// waiting jobs, so no worker picks them up afterwards.
func (db *DB) ExtractionCancel(ctx context.Context, p store.ExtractionUpdateParams) (*store.Extraction, error) {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.updateExtraction(ctx, tx, p); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, db.q(`UPDATE jobs SET state = 'done', last_error = 'cancelled', locked_by = '', locked_until = NULL
			WHERE workspace_id = ? AND ref = ? AND state = 'available'`), p.WorkspaceID, p.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.ExtractionGet(ctx, p.WorkspaceID, p.ID)
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
// statement of every lease-guarded transaction.
func (db *DB) holdLease(ctx context.Context, tx execer, jobID, worker string, sets string, args ...any) error {
	res, err := tx.ExecContext(ctx, db.q(`UPDATE jobs SET `+sets+` WHERE id = ? AND locked_by = ? AND state = 'running'`),
		append(args, jobID, worker)...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return store.ErrLeaseLost
	}
	return nil
}

// JobExtend renews the lease, optionally updating the extraction.
func (db *DB) JobExtend(ctx context.Context, p store.JobExtendParams) (*store.Extraction, error) {
	if p.Extraction == nil { // a heartbeat: one statement
		return nil, db.holdLease(ctx, db.relaxed(), p.JobID, p.Worker, "locked_until = ?", store.Micros(p.Until))
	}
	err := db.txOn(ctx, db.relaxed(), func(tx *sql.Tx) error {
		if err := db.holdLease(ctx, tx, p.JobID, p.Worker, "locked_until = ?", store.Micros(p.Until)); err != nil {
			return err
		}
		if p.Extraction != nil {
			return db.updateExtraction(ctx, tx, *p.Extraction)
		}
		return nil
	})
	if err != nil || p.Extraction == nil {
		return nil, err
	}
	return db.ExtractionGet(ctx, p.Extraction.WorkspaceID, p.Extraction.ID)
}

// JobComplete commits the outcome and its effects together.
func (db *DB) JobComplete(ctx context.Context, p store.JobCompleteParams) error {
	runAt := p.RetryAt
	if runAt.IsZero() {
		runAt = time.Now()
	}
	switch p.State {
	case store.JobDone, store.JobFailed, store.JobAvailable:
	default:
		return fmt.Errorf("sqldb: bad completion state %q", p.State)
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		sets := "state = ?, locked_by = '', locked_until = NULL, last_error = ?, run_at = ?"
		if p.RefundAttempt {
			sets += ", attempts = attempts - 1"
		}
		if err := db.holdLease(ctx, tx, p.JobID, p.Worker, sets, p.State, p.Error, store.Micros(runAt)); err != nil {
			return err
		}
		if p.Extraction != nil {
			if err := db.updateExtraction(ctx, tx, *p.Extraction); err != nil {
				return err
			}
		}
		if err := db.insertEvents(ctx, tx, p.Events); err != nil {
			return err
		}
		return db.insertJobs(ctx, tx, p.Enqueue)
	})
	if err == nil && (len(p.Enqueue) > 0 || p.State == store.JobAvailable) {
		db.JobsDue()
	}
	return err
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

// JobList lists jobs by ref and/or kind, oldest first.
func (db *DB) JobList(ctx context.Context, p store.JobListParams) ([]*store.Job, error) {
	rows, err := db.Read.QueryContext(ctx, db.q(`SELECT `+jobCols+` FROM jobs WHERE (? = '' OR ref = ?) AND (? = '' OR kind = ?)
		ORDER BY created_at, id`), p.Ref, p.Ref, p.Kind, p.Kind)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanJob)
}

// JobStats counts jobs by state.
func (db *DB) JobStats(ctx context.Context) (map[string]int, error) {
	rows, err := db.Read.QueryContext(ctx, `SELECT state, COUNT(*) FROM jobs GROUP BY state`)
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

// EventGet returns one event.
func (db *DB) EventGet(ctx context.Context, id string) (*store.Event, error) {
	row := db.Read.QueryRowContext(ctx, db.q(`SELECT id, workspace_id, extraction_id, type, occurred_at, payload FROM events WHERE id = ?`), id)
	return scanEvent(row)
}

// EventList returns an extraction's events in order.
func (db *DB) EventList(ctx context.Context, workspaceID, extractionID string) ([]*store.Event, error) {
	rows, err := db.Read.QueryContext(ctx, db.q(`SELECT id, workspace_id, extraction_id, type, occurred_at, payload FROM events
		WHERE workspace_id = ? AND extraction_id = ? ORDER BY seq`), workspaceID, extractionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*store.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func scanEvent(s scanner) (*store.Event, error) {
	var e store.Event
	var at int64
	err := s.Scan(&e.ID, &e.WorkspaceID, &e.ExtractionID, &e.Type, &at, &e.Payload)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	e.OccurredAt = store.FromMicros(at)
	return &e, nil
}

func scanJob(s scanner) (*store.Job, error) {
	var (
		j              store.Job
		runAt, created int64
		lockedUntil    sql.NullInt64
	)
	if err := s.Scan(&j.ID, &j.Kind, &j.WorkspaceID, &j.Ref, &j.State, &j.Attempts, &j.MaxAttempts, &runAt,
		&j.LockedBy, &lockedUntil, &j.LastError, &created); err != nil {
		return nil, err
	}
	j.RunAt, j.CreatedAt, j.LockedUntil = store.FromMicros(runAt), store.FromMicros(created), fromNull(lockedUntil)
	return &j, nil
}

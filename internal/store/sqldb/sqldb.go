// Package sqldb is the SQL shared by the sqlite and postgres drivers. The
// schemas are kept column-for-column alike (times as integer microseconds,
// JSON as bytes), so one implementation serves both; what differs between
// the dialects (placeholders, unique-violation detection, row locking) is
// a Dialect value each driver supplies.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

// Dialect is what a driver tells the shared code about its database.
type Dialect struct {
	// Dollar numbers placeholders $1, $2... (PostgreSQL) instead of ?.
	Dollar bool
	// IsUnique reports a unique-constraint violation.
	IsUnique func(error) bool
	// SkipLocked is appended to the claim sub-select ("FOR UPDATE SKIP
	// LOCKED" on PostgreSQL; SQLite has a single writer and needs none).
	SkipLocked string
	// NotifyJobs, when set, runs in every transaction that makes jobs
	// due, so listeners wake at commit (PostgreSQL NOTIFY).
	NotifyJobs string
}

// DB implements store.Store over a write pool and a read pool (the same
// pool on PostgreSQL).
type DB struct {
	Write, Read *sql.DB
	// Relaxed, when set, is a pool for writes whose loss in a database
	// crash is harmless: claims and lease renewals. On PostgreSQL its
	// sessions run with synchronous_commit=off, saving a WAL flush per
	// job step. A lost claim only means the job runs again (the worker's
	// lease-guarded completion then fails), and any later durable commit
	// flushes the WAL before it anyway.
	Relaxed *sql.DB
	D       Dialect

	wake waker
}

var _ store.Store = (*DB)(nil)

type execer interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// q rewrites ? placeholders for the dialect. Queries here never contain a
// literal question mark.
func (db *DB) q(s string) string {
	if !db.D.Dollar {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Ping checks both pools.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.Write.PingContext(ctx); err != nil {
		return err
	}
	var one int
	return db.Read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Close closes the pools.
func (db *DB) Close() error {
	errs := []error{db.Write.Close()}
	if db.Read != db.Write {
		errs = append(errs, db.Read.Close())
	}
	if db.Relaxed != nil && db.Relaxed != db.Write {
		errs = append(errs, db.Relaxed.Close())
	}
	return errors.Join(errs...)
}

func (db *DB) relaxed() *sql.DB {
	if db.Relaxed != nil {
		return db.Relaxed
	}
	return db.Write
}

// WorkspaceEnsure creates the workspace if missing.
func (db *DB) WorkspaceEnsure(ctx context.Context, p store.WorkspaceEnsureParams) error {
	name := p.Name
	if name == "" {
		name = p.ID
	}
	_, err := db.Write.ExecContext(ctx,
		db.q(`INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`),
		p.ID, name, store.Micros(time.Now()))
	return err
}

const extractionCols = `id, workspace_id, mode, status, submitted_at, started_at, finished_at, attempts, error,
	idempotency_key, correlation_id, tenant_id, callback_url, request, result, post_processing, metadata`

// ExtractionInsert stores a new extraction. A taken idempotency key gives
// store.ErrConflict.
func (db *DB) ExtractionInsert(ctx context.Context, e *store.Extraction) error {
	return db.insertExtraction(ctx, db.Write, e)
}

func (db *DB) insertExtraction(ctx context.Context, x execer, e *store.Extraction) error {
	_, err := x.ExecContext(ctx, db.q(`INSERT INTO extractions (`+extractionCols+`, pp_status)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		e.ID, e.WorkspaceID, e.Mode, e.Status, store.Micros(e.SubmittedAt), micros(e.StartedAt), micros(e.FinishedAt),
		e.Attempts, e.Error, e.IdempotencyKey, e.CorrelationID, e.TenantID, e.CallbackURL,
		e.Request, e.Result, e.PostProcessing, e.Metadata, store.PostProcessingStatus(e.PostProcessing))
	if err != nil && db.D.IsUnique(err) {
		return store.ErrConflict
	}
	return err
}

// ExtractionGet returns one extraction of the workspace.
func (db *DB) ExtractionGet(ctx context.Context, workspaceID, id string) (*store.Extraction, error) {
	return db.getExtraction(ctx, db.Read, workspaceID, id)
}

func (db *DB) getExtraction(ctx context.Context, x execer, workspaceID, id string) (*store.Extraction, error) {
	row := x.QueryRowContext(ctx, db.q(`SELECT `+extractionCols+` FROM extractions WHERE workspace_id = ? AND id = ?`), workspaceID, id)
	return scanExtraction(row)
}

// ExtractionGetByIdempotencyKey returns the extraction submitted with key.
func (db *DB) ExtractionGetByIdempotencyKey(ctx context.Context, workspaceID, key string) (*store.Extraction, error) {
	row := db.Read.QueryRowContext(ctx, db.q(`SELECT `+extractionCols+` FROM extractions WHERE workspace_id = ? AND idempotency_key = ? AND idempotency_key <> ''`), workspaceID, key)
	return scanExtraction(row)
}

// ExtractionList lists newest first with the filtered total.
func (db *DB) ExtractionList(ctx context.Context, p store.ExtractionListParams) ([]*store.Extraction, int, error) {
	where := []string{"workspace_id = ?"}
	args := []any{p.WorkspaceID}
	in := func(col string, vals []string) {
		if len(vals) == 0 {
			return
		}
		where = append(where, col+" IN ("+marks(len(vals))+")")
		for _, v := range vals {
			args = append(args, v)
		}
	}
	in("status", p.Statuses)
	in("pp_status", p.PostProcessingStatus)
	if p.IdempotencyKey != "" {
		where = append(where, "idempotency_key = ?")
		args = append(args, p.IdempotencyKey)
	}
	if p.CreatedAfter != nil {
		where = append(where, "submitted_at >= ?")
		args = append(args, store.Micros(*p.CreatedAfter))
	}
	if p.CreatedBefore != nil {
		where = append(where, "submitted_at <= ?")
		args = append(args, store.Micros(*p.CreatedBefore))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := db.Read.QueryRowContext(ctx, db.q(`SELECT COUNT(*) FROM extractions WHERE `+cond), args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := db.Read.QueryContext(ctx, db.q(`SELECT `+extractionCols+` FROM extractions WHERE `+cond+
		` ORDER BY submitted_at DESC, id DESC LIMIT ? OFFSET ?`), append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	out, err := collect(rows, scanExtraction)
	return out, total, err
}

// ExtractionUpdate applies the set fields, optionally as compare-and-set on
// the current status, and returns the updated row.
func (db *DB) ExtractionUpdate(ctx context.Context, p store.ExtractionUpdateParams) (*store.Extraction, error) {
	if err := db.updateExtraction(ctx, db.Write, p); err != nil {
		return nil, err
	}
	return db.ExtractionGet(ctx, p.WorkspaceID, p.ID)
}

func (db *DB) updateExtraction(ctx context.Context, x execer, p store.ExtractionUpdateParams) error {
	var sets []string
	var args []any
	set := func(col string, v any) {
		sets = append(sets, col+" = ?")
		args = append(args, v)
	}
	if p.Status != nil {
		set("status", *p.Status)
	}
	if p.StartedAt != nil {
		set("started_at", store.Micros(*p.StartedAt))
	}
	if p.FinishedAt != nil {
		set("finished_at", store.Micros(*p.FinishedAt))
	}
	if p.Attempts != nil {
		set("attempts", *p.Attempts)
	}
	if p.Error != nil {
		set("error", *p.Error)
	} else if p.ClearError {
		set("error", nil)
	}
	if p.Result != nil {
		set("result", p.Result)
	}
	if p.PostProcessing != nil {
		set("post_processing", p.PostProcessing)
		set("pp_status", store.PostProcessingStatus(p.PostProcessing))
	}
	if len(sets) == 0 {
		_, err := db.getExtraction(ctx, x, p.WorkspaceID, p.ID)
		return err
	}
	q := `UPDATE extractions SET ` + strings.Join(sets, ", ") + ` WHERE workspace_id = ? AND id = ?`
	args = append(args, p.WorkspaceID, p.ID)
	if len(p.FromStatuses) > 0 {
		q += " AND status IN (" + marks(len(p.FromStatuses)) + ")"
		for _, s := range p.FromStatuses {
			args = append(args, s)
		}
	}
	res, err := x.ExecContext(ctx, db.q(q), args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := db.getExtraction(ctx, x, p.WorkspaceID, p.ID); err != nil {
			return err
		}
		return store.ErrConflict
	}
	return nil
}

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

type scanner interface{ Scan(dest ...any) error }

func scanExtraction(s scanner) (*store.Extraction, error) {
	var (
		e                 store.Extraction
		submitted         int64
		started, finished sql.NullInt64
		errText           sql.NullString
	)
	err := s.Scan(&e.ID, &e.WorkspaceID, &e.Mode, &e.Status, &submitted, &started, &finished, &e.Attempts, &errText,
		&e.IdempotencyKey, &e.CorrelationID, &e.TenantID, &e.CallbackURL, &e.Request, &e.Result, &e.PostProcessing, &e.Metadata)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	e.SubmittedAt = store.FromMicros(submitted)
	e.StartedAt = fromNull(started)
	e.FinishedAt = fromNull(finished)
	if errText.Valid {
		e.Error = &errText.String
	}
	return &e, nil
}

func fromNull(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := store.FromMicros(v.Int64)
	return &t
}

func micros(t *time.Time) any {
	if t == nil {
		return nil
	}
	return store.Micros(*t)
}

// collect scans every row with scan and closes rows.
func collect[T any](rows *sql.Rows, scan func(scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

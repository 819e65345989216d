// Package sqldb is the SQL shared by the sqlite and postgres drivers. The
// schemas are kept column-for-column alike (times as integer microseconds,
// JSON as bytes), so one implementation serves both; what differs between
// the dialects (placeholders, unique-violation detection, row locking) is
// a Dialect value each driver supplies. One file per concept
// (workspace.go, extraction.go, job.go, event.go); each concept's queries
// run on ops, which is either the pools or one transaction.
package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
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
	// IsTransient reports a lost or refused connection in the driver's
	// own error types; Transient adds what every driver shares.
	IsTransient func(error) bool
	// LockRow is appended to a single-row select that must hold the row
	// until commit (" FOR NO KEY UPDATE" on PostgreSQL; SQLite needs
	// none). Not FOR UPDATE: inserting a row that references the locked
	// one takes FOR KEY SHARE, which FOR UPDATE waits for, so two
	// admissions that had each inserted their extraction deadlocked.
	LockRow string
	// SkipLocked is appended to the claim sub-select ("FOR UPDATE SKIP
	// LOCKED" on PostgreSQL; SQLite has a single writer and needs none).
	SkipLocked string
	// Postgres selects the PostgreSQL form where the SQL differs in more
	// than placeholders (full-text search: tsvector, not FTS5).
	Postgres bool
	// NotifyJobs, when set, runs in every transaction that makes jobs
	// due, so listeners wake at commit (PostgreSQL NOTIFY).
	NotifyJobs string
	// Vectors, when set, stores and searches embeddings with pgvector as
	// well as in the compact column (search_pgvector.go); nil: compact
	// column only, searched by an exact scan.
	Vectors *PGVector
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
	ops  // the concepts on the pools
}

var _ store.Store = (*DB)(nil)

// Transient implements store.Store: a connection the pool had to throw
// away, or one the dialect recognises as lost or refused.
func (db *DB) Transient(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	return db.D.IsTransient != nil && db.D.IsTransient(err)
}

// New returns a DB over the pools (relaxed may be nil: writes go to the
// write pool).
func New(write, read, relaxed *sql.DB, d Dialect) *DB {
	db := &DB{Write: write, Read: read, Relaxed: relaxed, D: d}
	db.ops = ops{db: db, w: write, r: read}
	return db
}

// ops runs the concept queries on one handle: the pools (w for writes, r
// for reads) or a transaction (both the tx).
type ops struct {
	db *DB
	w  execer
	r  execer
	// jobsDue is set when a job was inserted inside a transaction, so
	// the commit wakes this process's workers.
	jobsDue *bool
}

var _ store.Tx = ops{}

type execer interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// InTx runs fn in a transaction on the write pool (BEGIN IMMEDIATE on
// SQLite, so writers queue instead of failing with SQLITE_BUSY).
func (db *DB) InTx(ctx context.Context, fn func(store.Tx) error) error {
	return db.txOn(ctx, db.Write, func(o ops) error { return fn(o) })
}

// txOn runs fn in a transaction on pool and, once it committed jobs,
// wakes this process's workers.
func (db *DB) txOn(ctx context.Context, pool *sql.DB, fn func(ops) error) error {
	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	due := false
	if err := fn(ops{db: db, w: tx, r: tx, jobsDue: &due}); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if due {
		db.JobsDue()
	}
	return nil
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

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

type scanner interface{ Scan(dest ...any) error }

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

// Package sqlite is the embedded store.Store driver (modernc.org/sqlite,
// pure Go). Following PocketBase: WAL, busy_timeout and foreign keys on;
// one connection for writes (SQLite has one writer anyway, and queueing in
// Go beats SQLITE_BUSY retries) and a pool for reads.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/quarrydev/quarry/internal/store"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a SQLite-backed store.
type DB struct {
	write *sql.DB
	read  *sql.DB
}

var _ store.Store = (*DB)(nil)

// Open opens (creating if needed) the database at path and migrates it.
// path may be a file path or a sqlite:// / file: URL.
func Open(ctx context.Context, path string) (*DB, error) {
	path = strings.TrimPrefix(strings.TrimPrefix(path, "sqlite://"), "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
	}
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(1)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	dsn := "file:" + path + "?" + q.Encode()
	write, err := sql.Open("sqlite", dsn+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	read, err := sql.Open("sqlite", dsn)
	if err != nil {
		write.Close()
		return nil, err
	}
	read.SetMaxOpenConns(8)
	db := &DB{write: write, read: read}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db.write, sub)
	if err != nil {
		return fmt.Errorf("sqlite: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("sqlite: migrate: %w", err)
	}
	return nil
}

// WriteDB exposes the single-writer handle for the job queue, which shares
// the database file.
func (db *DB) WriteDB() *sql.DB { return db.write }

// Ping checks both pools.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.read.PingContext(ctx); err != nil {
		return err
	}
	var one int
	return db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Close closes both pools.
func (db *DB) Close() error {
	return errors.Join(db.read.Close(), db.write.Close())
}

// WorkspaceEnsure creates the workspace if missing.
func (db *DB) WorkspaceEnsure(ctx context.Context, p store.WorkspaceEnsureParams) error {
	name := p.Name
	if name == "" {
		name = p.ID
	}
	_, err := db.write.ExecContext(ctx,
		`INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		p.ID, name, store.Micros(time.Now()))
	return err
}

const extractionCols = `id, workspace_id, mode, status, submitted_at, started_at, finished_at, attempts, error,
	idempotency_key, correlation_id, tenant_id, callback_url, request, result, post_processing, metadata`

// ExtractionInsert stores a new extraction. A taken idempotency key gives
// store.ErrConflict.
func (db *DB) ExtractionInsert(ctx context.Context, e *store.Extraction) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO extractions (`+extractionCols+`, pp_status)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.WorkspaceID, e.Mode, e.Status, store.Micros(e.SubmittedAt), micros(e.StartedAt), micros(e.FinishedAt),
		e.Attempts, e.Error, e.IdempotencyKey, e.CorrelationID, e.TenantID, e.CallbackURL,
		e.Request, e.Result, e.PostProcessing, e.Metadata, store.PostProcessingStatus(e.PostProcessing))
	if err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed") {
		return store.ErrConflict
	}
	return err
}

// ExtractionGet returns one extraction of the workspace.
func (db *DB) ExtractionGet(ctx context.Context, workspaceID, id string) (*store.Extraction, error) {
	row := db.read.QueryRowContext(ctx, `SELECT `+extractionCols+` FROM extractions WHERE workspace_id = ? AND id = ?`, workspaceID, id)
	return scanExtraction(row)
}

// ExtractionGetByIdempotencyKey returns the extraction submitted with key.
func (db *DB) ExtractionGetByIdempotencyKey(ctx context.Context, workspaceID, key string) (*store.Extraction, error) {
	row := db.read.QueryRowContext(ctx, `SELECT `+extractionCols+` FROM extractions WHERE workspace_id = ? AND idempotency_key = ? AND idempotency_key <> ''`, workspaceID, key)
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
		where = append(where, col+" IN ("+strings.TrimSuffix(strings.Repeat("?,", len(vals)), ",")+")")
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
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM extractions WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+extractionCols+` FROM extractions WHERE `+cond+
		` ORDER BY submitted_at DESC, id DESC LIMIT ? OFFSET ?`, append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*store.Extraction
	for rows.Next() {
		e, err := scanExtraction(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// ExtractionUpdate applies the set fields, optionally as compare-and-set on
// the current status, and returns the updated row.
func (db *DB) ExtractionUpdate(ctx context.Context, p store.ExtractionUpdateParams) (*store.Extraction, error) {
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
		return db.ExtractionGet(ctx, p.WorkspaceID, p.ID)
	}
	q := `UPDATE extractions SET ` + strings.Join(sets, ", ") + ` WHERE workspace_id = ? AND id = ?`
	args = append(args, p.WorkspaceID, p.ID)
	if len(p.FromStatuses) > 0 {
		q += " AND status IN (" + strings.TrimSuffix(strings.Repeat("?,", len(p.FromStatuses)), ",") + ")"
		for _, s := range p.FromStatuses {
			args = append(args, s)
		}
	}
	res, err := db.write.ExecContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := db.ExtractionGet(ctx, p.WorkspaceID, p.ID); err != nil {
			return nil, err
		}
		return nil, store.ErrConflict
	}
	return db.ExtractionGet(ctx, p.WorkspaceID, p.ID)
}

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
	if started.Valid {
		t := store.FromMicros(started.Int64)
		e.StartedAt = &t
	}
	if finished.Valid {
		t := store.FromMicros(finished.Int64)
		e.FinishedAt = &t
	}
	if errText.Valid {
		e.Error = &errText.String
	}
	return &e, nil
}

func micros(t *time.Time) any {
	if t == nil {
		return nil
	}
	return store.Micros(*t)
}

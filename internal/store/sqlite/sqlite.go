// Package sqlite is the embedded store.Store driver (modernc.org/sqlite,
// pure Go). Following PocketBase: WAL, busy_timeout and foreign keys on;
// one connection for writes (SQLite has one writer anyway, and queueing in
// Go beats SQLITE_BUSY retries) and a pool for reads. The queries are
// shared with the postgres driver (internal/store/sqldb).
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/pressly/goose/v3"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/store/sqldb"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a SQLite-backed store.
type DB struct {
	*sqldb.DB
	path string // the database file; JobWake watches its WAL
}

var _ store.Store = (*DB)(nil)

var dialect = sqldb.Dialect{
	IsUnique: func(err error) bool { return strings.Contains(err.Error(), "UNIQUE constraint failed") },
}

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
	db := &DB{DB: sqldb.New(write, read, nil, dialect), path: path}
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
	p, err := goose.NewProvider(goose.DialectSQLite3, db.Write, sub)
	if err != nil {
		return fmt.Errorf("sqlite: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("sqlite: migrate: %w", err)
	}
	return nil
}

// WriteDB exposes the single-writer handle.
func (db *DB) WriteDB() *sql.DB { return db.Write }

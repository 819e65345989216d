// Package postgres is the scale-out store.Store driver (pgx/v5 through
// database/sql). It shares its queries with the sqlite driver
// (internal/store/sqldb); the claim query adds FOR UPDATE SKIP LOCKED so
// any number of worker processes can poll one database.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"strings"

	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib" // also registers the "pgx" driver
	"github.com/pressly/goose/v3"

	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/store/sqldb"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a PostgreSQL-backed store.
type DB struct {
	*sqldb.DB
	url string
	// vectorBackend and vectorWhy are the vector backend chosen at start
	// and why (BackendPGVector or BackendTable).
	vectorBackend, vectorWhy string
}

// Options tune Open.
type Options struct {
	// PGVector allows the vector extension (QUARRY_PGVECTOR=auto); when
	// false the extension is never queried nor created.
	PGVector bool
}

// VectorBackend reports how embeddings are stored and searched:
// BackendPGVector or BackendTable, with the reason it was chosen.
func (db *DB) VectorBackend() (backend, why string) { return db.vectorBackend, db.vectorWhy }

var _ store.Store = (*DB)(nil)

// jobChannelSQL names the NOTIFY channel of new due jobs. It is derived
// from the schema so that deployments sharing one database (one schema
// each, as the tests and multi-tenant hosts do) do not wake each other's
// idle workers; hashing keeps the name under PostgreSQL's 63-byte limit.
const jobChannelSQL = "'quarry_jobs_' || left(md5(current_schema()), 16)"

var dialect = sqldb.Dialect{
	Dollar:     true,
	Postgres:   true,
	SkipLocked: "FOR UPDATE SKIP LOCKED",
	LockRow:    " FOR NO KEY UPDATE",
	NotifyJobs: "SELECT pg_notify(" + jobChannelSQL + ", '')",
	IsUnique: func(err error) bool {
		var pg *pgconn.PgError
		return errors.As(err, &pg) && pg.Code == "23505"
	},
	IsTransient: transient,
}

// Open connects to url (postgres://...; a search_path query parameter
// selects a schema), migrates the database and uses pgvector when the
// server has it.
func Open(ctx context.Context, url string) (*DB, error) {
	return OpenWith(ctx, url, Options{PGVector: true})
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, url string, opt Options) (*DB, error) {
	pool, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	rcfg, err := pgx.ParseConfig(url)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	rcfg.RuntimeParams["synchronous_commit"] = "off"
	relaxed := stdlib.OpenDB(*rcfg)
	relaxed.SetMaxOpenConns(10)
	relaxed.SetMaxIdleConns(5)
	db := &DB{DB: sqldb.New(pool, pool, relaxed, dialect), url: url}
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		db.Close()
		return nil, err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, pool, sub)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: migrate: %w", err)
	}
	det := detectVector(ctx, poolCatalog{pool}, opt.PGVector)
	db.vectorBackend, db.vectorWhy = BackendTable, det.why
	if det.use {
		// Set before any query runs: the shared search SQL reads it.
		db.D.Vectors = sqldb.NewPGVector(det.schema, det.version)
		if _, err := db.PGVectorSetup(ctx); err != nil {
			// The compact column is always written: falling back loses
			// nothing but the index.
			db.D.Vectors = nil
			db.vectorWhy = "setting up search_vectors_pg failed: " + err.Error()
		} else {
			db.vectorBackend = BackendPGVector
		}
	}
	return db, nil
}

// transient recognises a session PostgreSQL ended or refused: connection
// exceptions (class 08), administrator or crash shutdown and "cannot
// connect now" (57P01-57P03), and network failures pgconn reports as its
// own connect or timeout errors.
func transient(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return strings.HasPrefix(pg.Code, "08") || pg.Code == "57P01" || pg.Code == "57P02" || pg.Code == "57P03"
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) || pgconn.Timeout(err) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne)
}

package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Vector backends VectorBackend reports.
const (
	BackendPGVector = "pgvector" // the vector extension: search_vectors_pg, HNSW
	BackendTable    = "table"    // the compact column, scanned exactly
)

// vectorCatalog is what detection asks the server; an interface so a
// test can prove QUARRY_PGVECTOR=off asks nothing and can play a server
// that has the extension.
type vectorCatalog interface {
	// installed reports the extension's schema and version when
	// pg_extension has it.
	installed(ctx context.Context) (schema, version string, ok bool, err error)
	// available reports whether pg_available_extensions lists it.
	available(ctx context.Context) (bool, error)
	// create runs CREATE EXTENSION IF NOT EXISTS vector.
	create(ctx context.Context) error
}

// detection is the outcome of detectVector: the extension's schema and
// version when pgvector is used, else why not.
type detection struct {
	schema, version string
	use             bool
	why             string
}

// detectVector decides the vector backend at start: pgvector when the
// extension is installed, or available and this role may create it;
// the compact table otherwise, with the reason. Errors of the catalog
// queries fall back too: search must work without the extension.
func detectVector(ctx context.Context, c vectorCatalog, enabled bool) detection {
	if !enabled {
		return detection{why: "QUARRY_PGVECTOR=off"}
	}
	schema, version, ok, err := c.installed(ctx)
	if err != nil {
		return detection{why: "reading pg_extension: " + err.Error()}
	}
	if ok {
		return detection{schema: schema, version: version, use: true, why: "the vector extension is installed"}
	}
	avail, err := c.available(ctx)
	if err != nil {
		return detection{why: "reading pg_available_extensions: " + err.Error()}
	}
	if !avail {
		return detection{why: "the server has no pgvector extension"}
	}
	if err := c.create(ctx); err != nil {
		return detection{why: "CREATE EXTENSION vector failed (a role without the right to create it?): " + err.Error()}
	}
	schema, version, ok, err = c.installed(ctx)
	if err != nil || !ok {
		return detection{why: fmt.Sprintf("the vector extension is not visible after CREATE EXTENSION (%v)", err)}
	}
	return detection{schema: schema, version: version, use: true, why: "created the vector extension"}
}

// poolCatalog asks the server through the pool.
type poolCatalog struct{ db *sql.DB }

func (p poolCatalog) installed(ctx context.Context) (schema, version string, ok bool, err error) {
	err = p.db.QueryRowContext(ctx, `SELECT n.nspname, e.extversion FROM pg_extension e
		JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'vector'`).Scan(&schema, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", false, nil
	}
	return schema, version, err == nil, err
}

func (p poolCatalog) available(ctx context.Context) (bool, error) {
	var n int
	err := p.db.QueryRowContext(ctx, `SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'`).Scan(&n)
	return n > 0, err
}

// create installs the extension in public when that schema exists: an
// extension belongs to the database, and one created in a per-tenant
// (or per-test) schema would go with that schema when it is dropped.
func (p poolCatalog) create(ctx context.Context) error {
	var public bool
	if err := p.db.QueryRowContext(ctx, `SELECT to_regnamespace('public') IS NOT NULL`).Scan(&public); err != nil {
		return err
	}
	q := `CREATE EXTENSION IF NOT EXISTS vector`
	if public {
		q += ` WITH SCHEMA public`
	}
	_, err := p.db.ExecContext(ctx, q)
	return err
}

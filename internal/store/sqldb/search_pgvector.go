package sqldb

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/quarrydev/quarry/internal/store"
)

// pgvector (issue 17). When the PostgreSQL driver finds the vector
// extension at start it sets Dialect.Vectors; embeddings are then written
// to search_vectors_pg as well as to the compact column (so turning the
// extension off, or losing it, falls back to the exact scan with nothing
// to rebuild), and semantic queries ask PostgreSQL for the nearest rows.
// The table is made here, not by a goose migration: its column type
// exists only where the extension is installed.

// hnswMaxDims is pgvector's limit for an HNSW index on the vector type.
// Wider embeddings are still stored and searched, exactly, without one.
const hnswMaxDims = 2000

// PGVector is the pgvector backend of one database.
type PGVector struct {
	// Schema is where the extension lives; its type, operator and
	// operator class are qualified with it, so a search_path that leaves
	// that schema out still resolves them.
	Schema string
	// Version is the extension's version (pg_extension.extversion).
	Version string

	mu      sync.Mutex
	indexed map[int]bool // dimensions whose HNSW index this process ensured
}

// NewPGVector describes an installed extension.
func NewPGVector(schema, version string) *PGVector {
	return &PGVector{Schema: schema, Version: version, indexed: map[int]bool{}}
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// typ is the qualified vector type, of n dimensions when n > 0.
func (p *PGVector) typ(n int) string {
	t := quoteIdent(p.Schema) + ".vector"
	if n > 0 {
		t += "(" + strconv.Itoa(n) + ")"
	}
	return t
}

// distance is the cosine distance expression the HNSW index of n
// dimensions is built on; queries must use the same expression for the
// planner to pick the index.
func (p *PGVector) distance(n int, arg string) string {
	return "(v.embedding::" + p.typ(n) + ") OPERATOR(" + quoteIdent(p.Schema) + ".<=>) (" + arg + "::" + p.typ(n) + ")"
}

// iterative reports pgvector 0.8 or later, whose hnsw.iterative_scan
// keeps an index scan going until enough rows pass the filters (before
// it, a filtered query could answer fewer than k rows).
func (p *PGVector) iterative() bool {
	var major, minor int
	if _, err := fmt.Sscanf(p.Version, "%d.%d", &major, &minor); err != nil {
		return false
	}
	return major > 0 || minor >= 8
}

// TableSQL creates the vector table.
func (p *PGVector) TableSQL() string {
	return `CREATE TABLE IF NOT EXISTS search_vectors_pg (
	chunk_id     TEXT PRIMARY KEY REFERENCES search_chunks (id) ON DELETE CASCADE,
	workspace_id TEXT NOT NULL,
	dims         INTEGER NOT NULL,
	embedding    ` + p.typ(0) + ` NOT NULL)`
}

// IndexSQL creates the partial HNSW index of one dimension; "" when the
// dimension is beyond what HNSW can index.
func (p *PGVector) IndexSQL(dims int) string {
	if dims <= 0 || dims > hnswMaxDims {
		return ""
	}
	n := strconv.Itoa(dims)
	return `CREATE INDEX IF NOT EXISTS search_vectors_pg_hnsw_` + n + ` ON search_vectors_pg USING hnsw
	((embedding::` + p.typ(dims) + `) ` + quoteIdent(p.Schema) + `.vector_cosine_ops) WHERE dims = ` + n
}

// NearestSQL is the top-k query over vectors of dims dimensions with the
// filters the scan path applies, for the query vector lit (VectorLiteral).
// The score is 1 - cosine distance, the cosine the scan path computes.
// No tie-breaking column in ORDER BY: it would keep the index from
// answering the ordering.
func (p *PGVector) NearestSQL(f store.SearchFilter, lit string, dims, k int) (string, []any) {
	where, args := searchWhere(f)
	q := `SELECT v.chunk_id, 1 - ` + p.distance(dims, "?") + ` AS score
	FROM search_vectors_pg v JOIN search_chunks c ON c.id = v.chunk_id
	WHERE v.dims = ` + strconv.Itoa(dims) + ` AND v.workspace_id = ? AND ` + where + `
	ORDER BY ` + p.distance(dims, "?") + ` LIMIT ?`
	return q, append(append([]any{lit, f.WorkspaceID}, args...), lit, k)
}

// VectorLiteral writes a stored vector (little-endian float32) as
// pgvector's text form, "[0.1,0.2]", each value in the shortest form
// that reads back as the same float32. NaN and infinities are refused:
// pgvector rejects them, and they never come out of search.Normalize.
func VectorLiteral(b []byte) (string, error) {
	if len(b) == 0 || len(b)%4 != 0 {
		return "", fmt.Errorf("vector of %d bytes is not float32s", len(b))
	}
	var s strings.Builder
	s.Grow(len(b) * 3)
	s.WriteByte('[')
	for i := 0; i < len(b); i += 4 {
		f := math.Float32frombits(binary.LittleEndian.Uint32(b[i:]))
		if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
			return "", errors.New("vector holds NaN or an infinity")
		}
		if i > 0 {
			s.WriteByte(',')
		}
		s.WriteString(strconv.FormatFloat(float64(f), 'g', -1, 32))
	}
	s.WriteByte(']')
	return s.String(), nil
}

// EncodeFloat32 is the stored form of v (what search.Encode writes).
func EncodeFloat32(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, f := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(f))
	}
	return b
}

// pgvectorInsert writes the chunks' vectors to search_vectors_pg,
// ensuring each new dimension's index first.
func (o ops) pgvectorInsert(ctx context.Context, chunks []store.SearchChunk) error {
	p := o.db.D.Vectors
	rows := make([]string, 0, len(chunks))
	args := make([]any, 0, 4*len(chunks))
	for _, c := range chunks {
		if len(c.Embedding) == 0 {
			continue
		}
		lit, err := VectorLiteral(c.Embedding)
		if err != nil {
			return fmt.Errorf("chunk %s: %w", c.ID, err)
		}
		dims := len(c.Embedding) / 4
		if err := o.pgvectorEnsureIndex(ctx, dims); err != nil {
			return err
		}
		rows = append(rows, "(?, ?, ?, ?::"+p.typ(0)+")")
		args = append(args, c.ID, c.WorkspaceID, dims, lit)
	}
	if len(rows) == 0 {
		return nil
	}
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO search_vectors_pg (chunk_id, workspace_id, dims, embedding) VALUES `+
		strings.Join(rows, ", ")+` ON CONFLICT (chunk_id) DO NOTHING`), args...)
	return err
}

// pgvectorEnsureIndex creates the index of dims once per process. It
// runs on the caller's transaction when there is one: a separate session
// would wait for the lock this transaction already holds on the table
// after an earlier batch. A transaction-scoped advisory lock queues
// processes creating the same index, so the loser sees it exists. Should
// the transaction roll back, the index goes with it; the next start
// ensures the index of every dimension stored (PGVectorSetup).
func (o ops) pgvectorEnsureIndex(ctx context.Context, dims int) error {
	p := o.db.D.Vectors
	ddl := p.IndexSQL(dims)
	if ddl == "" {
		return nil
	}
	p.mu.Lock()
	done := p.indexed[dims]
	p.mu.Unlock()
	if done {
		return nil
	}
	run := func(x execer) error {
		if _, err := x.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('quarry_search_vectors_pg_' || current_schema()))`); err != nil {
			return err
		}
		_, err := x.ExecContext(ctx, ddl)
		return err
	}
	var err error
	if tx, ok := o.w.(*sql.Tx); ok {
		err = run(tx)
	} else {
		err = o.db.txOn(ctx, o.db.Write, func(t ops) error { return run(t.w) })
	}
	if err != nil {
		return fmt.Errorf("pgvector index of %d dimensions: %w", dims, err)
	}
	p.mu.Lock()
	p.indexed[dims] = true
	p.mu.Unlock()
	return nil
}

// SearchVectorNearest answers the k chunks nearest to unit (a unit
// vector) with pgvector, scored as the cosine; ok is false when this
// database has no pgvector backend and the caller must scan.
func (db *DB) SearchVectorNearest(ctx context.Context, f store.SearchFilter, unit []float32, k int) (hits []store.SearchHit, ok bool, err error) {
	p := db.D.Vectors
	if p == nil {
		return nil, false, nil
	}
	lit, err := VectorLiteral(EncodeFloat32(unit))
	if err != nil {
		return nil, true, err
	}
	q, args := p.NearestSQL(f, lit, len(unit), k)
	err = db.txOn(ctx, db.Read, func(o ops) error {
		// ef_search is the candidate list an HNSW scan keeps (default 40);
		// k beyond it would be cut short.
		ef := min(max(4*k, 40), 1000)
		if _, err := o.w.ExecContext(ctx, `SET LOCAL hnsw.ef_search = `+strconv.Itoa(ef)); err != nil {
			return err
		}
		if p.iterative() {
			if _, err := o.w.ExecContext(ctx, `SET LOCAL hnsw.iterative_scan = strict_order`); err != nil {
				return err
			}
		}
		rows, err := o.r.QueryContext(ctx, db.q(q), args...)
		if err != nil {
			return err
		}
		hits, err = collect(rows, func(s scanner) (store.SearchHit, error) {
			var h store.SearchHit
			err := s.Scan(&h.ID, &h.Rank)
			return h, err
		})
		return err
	})
	// Ties in the scan path's order (by id), so both backends agree.
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Rank != hits[j].Rank {
			return hits[i].Rank > hits[j].Rank
		}
		return hits[i].ID < hits[j].ID
	})
	return hits, true, err
}

// PGVectorSetup makes the vector table, ensures the index of every
// dimension already stored, and copies in the vectors of chunks written
// while pgvector was off or absent, so both backends answer from the
// same rows.
func (db *DB) PGVectorSetup(ctx context.Context) (copied int, err error) {
	p := db.D.Vectors
	if _, err := db.Write.ExecContext(ctx, p.TableSQL()); err != nil {
		return 0, fmt.Errorf("pgvector table: %w", err)
	}
	dims, err := db.Read.QueryContext(ctx, `SELECT DISTINCT dims FROM search_vectors_pg`)
	if err != nil {
		return 0, err
	}
	seen, err := collect(dims, func(s scanner) (int, error) {
		var n int
		err := s.Scan(&n)
		return n, err
	})
	if err != nil {
		return 0, err
	}
	for _, n := range seen {
		if err := db.ops.pgvectorEnsureIndex(ctx, n); err != nil {
			return 0, err
		}
	}
	rows, err := db.Read.QueryContext(ctx, `SELECT c.id, c.workspace_id, c.embedding FROM search_chunks c
		WHERE c.embedding IS NOT NULL AND NOT EXISTS (SELECT 1 FROM search_vectors_pg v WHERE v.chunk_id = c.id)`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	const per = 50
	batch := make([]store.SearchChunk, 0, per)
	flush := func() error {
		err := db.ops.pgvectorInsert(ctx, batch)
		copied += len(batch)
		batch = batch[:0]
		return err
	}
	for rows.Next() {
		var c store.SearchChunk
		if err := rows.Scan(&c.ID, &c.WorkspaceID, &c.Embedding); err != nil {
			return copied, err
		}
		if batch = append(batch, c); len(batch) == per {
			if err := flush(); err != nil {
				return copied, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return copied, err
	}
	return copied, flush()
}

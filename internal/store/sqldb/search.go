package sqldb

import (
	"context"
	"database/sql"
	"strings"

	"github.com/quarrydev/quarry/internal/store"
)

// The search concept. Full-text matching is the one place the dialects
// differ in more than placeholders: SQLite reads an FTS5 table joined by
// rowid, PostgreSQL a generated tsvector column; Dialect.Postgres picks.
// Every query scopes to the workspace first and leaves out chunks whose
// source is gone (an execution retention removed, a deleted dataset), so
// a chunk outlives its source only until the next purge of the index.

const chunkCols = `c.id, c.workspace_id, c.dataset_id, c.extraction_id, c.document_id, c.chunk_index, c.page, c.text, c.token_count,
	c.doc_type, c.language, c.quality_grade, c.quality_score, c.pii_masked, c.source_filename, c.created_at`

// liveSource keeps chunks whose execution or dataset still exists.
const liveSource = ` AND ((c.dataset_id = '' AND EXISTS (SELECT 1 FROM extractions e WHERE e.id = c.extraction_id AND e.workspace_id = c.workspace_id))
	OR (c.dataset_id <> '' AND EXISTS (SELECT 1 FROM datasets d WHERE d.id = c.dataset_id AND d.workspace_id = c.workspace_id)))`

// SearchChunksDelete drops one source's chunks.
func (o ops) SearchChunksDelete(ctx context.Context, workspaceID, datasetID, extractionID string) error {
	if datasetID != "" {
		_, err := o.w.ExecContext(ctx, o.db.q(`DELETE FROM search_chunks WHERE workspace_id = ? AND dataset_id = ?`), workspaceID, datasetID)
		return err
	}
	_, err := o.w.ExecContext(ctx, o.db.q(`DELETE FROM search_chunks WHERE workspace_id = ? AND dataset_id = '' AND extraction_id = ?`),
		workspaceID, extractionID)
	return err
}

// SearchChunksInsert adds chunks, one multi-row insert per 50 (well
// under both databases' parameter limits).
func (o ops) SearchChunksInsert(ctx context.Context, chunks []store.SearchChunk) error {
	const per, cols = 50, 17
	for start := 0; start < len(chunks); start += per {
		batch := chunks[start:min(start+per, len(chunks))]
		rows := make([]string, len(batch))
		args := make([]any, 0, len(batch)*cols)
		for i, c := range batch {
			rows[i] = "(" + marks(cols) + ")"
			var emb any
			if len(c.Embedding) > 0 {
				emb = c.Embedding
			}
			args = append(args, c.ID, c.WorkspaceID, c.DatasetID, c.ExtractionID, c.DocumentID, c.ChunkIndex, c.Page, c.Text, c.TokenCount,
				c.DocType, c.Language, c.QualityGrade, c.QualityScore, c.PIIMasked, c.SourceFilename, emb, store.Micros(c.CreatedAt))
		}
		_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO search_chunks (id, workspace_id, dataset_id, extraction_id, document_id,
			chunk_index, page, text, token_count, doc_type, language, quality_grade, quality_score, pii_masked, source_filename,
			embedding, created_at) VALUES `+strings.Join(rows, ", ")), args...)
		if err != nil {
			return err
		}
		if o.db.D.Vectors != nil {
			if err := o.pgvectorInsert(ctx, batch); err != nil {
				return err
			}
		}
	}
	return nil
}

// SearchChunksPurge removes chunks (and dataset index states) whose
// source is gone; queries already leave them out, this frees the rows so
// a masked text does not outlive the execution it came from.
func (o ops) SearchChunksPurge(ctx context.Context) (int64, error) {
	res, err := o.w.ExecContext(ctx, `DELETE FROM search_chunks WHERE
		(dataset_id = '' AND NOT EXISTS (SELECT 1 FROM extractions e WHERE e.id = search_chunks.extraction_id AND e.workspace_id = search_chunks.workspace_id))
		OR (dataset_id <> '' AND NOT EXISTS (SELECT 1 FROM datasets d WHERE d.id = search_chunks.dataset_id AND d.workspace_id = search_chunks.workspace_id))`)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	_, err = o.w.ExecContext(ctx, `DELETE FROM search_indexes WHERE NOT EXISTS
		(SELECT 1 FROM datasets d WHERE d.id = search_indexes.dataset_id AND d.workspace_id = search_indexes.workspace_id)`)
	return n, err
}

// searchWhere is the WHERE clause of f over alias c, with its arguments.
func searchWhere(f store.SearchFilter) (string, []any) {
	where := `c.workspace_id = ?`
	args := []any{f.WorkspaceID}
	for _, col := range []struct{ name, v string }{{"doc_type", f.DocType}, {"language", f.Language},
		{"quality_grade", f.QualityGrade}, {"dataset_id", f.DatasetID}} {
		if col.v != "" {
			where += ` AND c.` + col.name + ` = ?`
			args = append(args, col.v)
		}
	}
	if f.PIIMasked != nil {
		where += ` AND c.pii_masked = ?`
		args = append(args, *f.PIIMasked)
	}
	return where + liveSource, args
}

// SearchText ranks matching chunks, best first.
func (o ops) SearchText(ctx context.Context, p store.SearchTextParams) ([]store.SearchHit, error) {
	where, args := searchWhere(p.SearchFilter)
	var q string
	if o.db.D.Postgres {
		// ts_rank_cd with normalisation 0: cover density, larger is better.
		q = `SELECT c.id, ts_rank_cd(c.tsv, tq) AS rank FROM search_chunks c, to_tsquery('simple', ?) tq
			WHERE c.tsv @@ tq AND ` + where + ` ORDER BY rank DESC, c.id LIMIT ?`
		args = append([]any{p.TSQuery}, args...)
	} else {
		// bm25() is smaller for better matches: negated, larger is better.
		q = `SELECT c.id, -bm25(search_fts) AS rank FROM search_fts JOIN search_chunks c ON c.rowid = search_fts.rowid
			WHERE search_fts MATCH ? AND ` + where + ` ORDER BY rank DESC, c.id LIMIT ?`
		args = append([]any{p.FTS5}, args...)
	}
	rows, err := o.r.QueryContext(ctx, o.db.q(q), append(args, p.Limit)...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (store.SearchHit, error) {
		var h store.SearchHit
		err := s.Scan(&h.ID, &h.Rank)
		return h, err
	})
}

// SearchVectorScan streams the filtered chunks' vectors.
func (o ops) SearchVectorScan(ctx context.Context, p store.SearchFilter, fn func(id string, vec []byte) error) error {
	where, args := searchWhere(p)
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT c.id, c.embedding FROM search_chunks c WHERE c.embedding IS NOT NULL AND `+where), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		id  string
		vec sql.RawBytes // reused by the driver: no copy per row
	)
	for rows.Next() {
		if err := rows.Scan(&id, &vec); err != nil {
			return err
		}
		if err := fn(id, vec); err != nil {
			return err
		}
	}
	return rows.Err()
}

// SearchChunksGet reads chunks by id, with their dataset's name.
func (o ops) SearchChunksGet(ctx context.Context, workspaceID string, ids []string) ([]*store.SearchChunk, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := []any{workspaceID}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT `+chunkCols+`, COALESCE(d.name, '') FROM search_chunks c
		LEFT JOIN datasets d ON d.id = c.dataset_id AND d.workspace_id = c.workspace_id
		WHERE c.workspace_id = ? AND c.id IN (`+marks(len(ids))+`)`), args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanChunk)
}

// SearchChunkPage pages a dataset's chunks in insertion order (chunk
// ids are ULIDs, so id order is the order they were written).
func (o ops) SearchChunkPage(ctx context.Context, p store.SearchChunkPageParams) ([]*store.SearchChunk, int, error) {
	where := `c.workspace_id = ? AND c.dataset_id = ?`
	args := []any{p.WorkspaceID, p.DatasetID}
	if len(p.Grades) > 0 {
		where += ` AND c.quality_grade IN (` + marks(len(p.Grades)) + `)`
		for _, g := range p.Grades {
			args = append(args, g)
		}
	}
	if p.PIIMasked != nil {
		where += ` AND c.pii_masked = ?`
		args = append(args, *p.PIIMasked)
	}
	var total int
	if err := o.r.QueryRowContext(ctx, o.db.q(`SELECT count(*) FROM search_chunks c WHERE `+where), args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT `+chunkCols+`, COALESCE(d.name, '') FROM search_chunks c
		LEFT JOIN datasets d ON d.id = c.dataset_id AND d.workspace_id = c.workspace_id
		WHERE `+where+` ORDER BY c.id LIMIT ? OFFSET ?`), append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	list, err := collect(rows, scanChunk)
	return list, total, err
}

func scanChunk(s scanner) (*store.SearchChunk, error) {
	var c store.SearchChunk
	var created int64
	err := s.Scan(&c.ID, &c.WorkspaceID, &c.DatasetID, &c.ExtractionID, &c.DocumentID, &c.ChunkIndex, &c.Page, &c.Text, &c.TokenCount,
		&c.DocType, &c.Language, &c.QualityGrade, &c.QualityScore, &c.PIIMasked, &c.SourceFilename, &created, &c.DatasetName)
	c.CreatedAt = store.FromMicros(created)
	return &c, err
}

const indexCols = `workspace_id, dataset_id, version, status, chunks_indexed, total_chunks, embedded, error, job_id, updated_at`

// SearchIndexGet reads a dataset's indexing state.
func (o ops) SearchIndexGet(ctx context.Context, workspaceID, datasetID string) (*store.SearchIndex, error) {
	var ix store.SearchIndex
	var at int64
	err := o.r.QueryRowContext(ctx, o.db.q(`SELECT `+indexCols+` FROM search_indexes WHERE workspace_id = ? AND dataset_id = ?`),
		workspaceID, datasetID).Scan(&ix.WorkspaceID, &ix.DatasetID, &ix.Version, &ix.Status, &ix.ChunksIndexed, &ix.TotalChunks,
		&ix.Embedded, &ix.Error, &ix.JobID, &at)
	if err == sql.ErrNoRows {
		return nil, store.ErrNotFound
	}
	ix.UpdatedAt = store.FromMicros(at)
	return &ix, err
}

// SearchIndexPut upserts a dataset's indexing state.
func (o ops) SearchIndexPut(ctx context.Context, ix *store.SearchIndex) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO search_indexes (`+indexCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (workspace_id, dataset_id) DO UPDATE SET version = excluded.version, status = excluded.status,
		chunks_indexed = excluded.chunks_indexed, total_chunks = excluded.total_chunks, embedded = excluded.embedded,
		error = excluded.error, job_id = excluded.job_id, updated_at = excluded.updated_at`),
		ix.WorkspaceID, ix.DatasetID, ix.Version, ix.Status, ix.ChunksIndexed, ix.TotalChunks, ix.Embedded, ix.Error, ix.JobID,
		store.Micros(ix.UpdatedAt))
	return err
}

-- +goose Up
-- Search (issue 17): chunks of processed documents' (masked) text and of
-- indexed datasets, with the metadata queries filter on and an optional
-- unit vector (float32 little-endian, scanned exactly). dataset_id ''
-- marks a processed document's execution. The full-text index is a
-- generated tsvector in the 'simple' configuration (no stemming, no stop
-- words: language-neutral, and it cuts words as SQLite's unicode61 does)
-- under a GIN index. When the vector extension is present, the driver
-- adds a search_vectors_pg table at start (see pgvector.go); this migration does
-- not need it.
CREATE TABLE search_chunks (
    id              TEXT PRIMARY KEY,
    workspace_id    TEXT NOT NULL,
    dataset_id      TEXT NOT NULL DEFAULT '',
    extraction_id   TEXT NOT NULL,
    document_id     TEXT NOT NULL DEFAULT '',
    chunk_index     INTEGER NOT NULL,
    page            INTEGER NOT NULL DEFAULT 1,
    text            TEXT NOT NULL,
    token_count     INTEGER NOT NULL,
    doc_type        TEXT NOT NULL DEFAULT '',
    language        TEXT NOT NULL DEFAULT '',
    quality_grade   TEXT NOT NULL DEFAULT '',
    quality_score   DOUBLE PRECISION NOT NULL DEFAULT 0,
    pii_masked      BOOLEAN NOT NULL DEFAULT FALSE,
    source_filename TEXT NOT NULL DEFAULT '',
    embedding       BYTEA,
    created_at      BIGINT NOT NULL,
    tsv             tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED
);
CREATE INDEX search_chunks_source ON search_chunks (workspace_id, dataset_id, extraction_id, chunk_index);
CREATE INDEX search_chunks_tsv ON search_chunks USING GIN (tsv);

-- A dataset's indexing state (E21).
CREATE TABLE search_indexes (
    workspace_id   TEXT NOT NULL,
    dataset_id     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 0,
    status         TEXT NOT NULL,
    chunks_indexed INTEGER NOT NULL DEFAULT 0,
    total_chunks   INTEGER NOT NULL DEFAULT 0,
    embedded       BOOLEAN NOT NULL DEFAULT FALSE,
    error          TEXT NOT NULL DEFAULT '',
    job_id         TEXT NOT NULL DEFAULT '',
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, dataset_id)
);

-- +goose Down
DROP TABLE search_indexes;
DROP TABLE search_chunks;

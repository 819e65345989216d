-- +goose Up
-- Search (issue 17): chunks of processed documents' (masked) text and of
-- indexed datasets, with the metadata queries filter on and an optional
-- unit vector (float32 little-endian). dataset_id '' marks a processed
-- document's execution. The full-text index is an FTS5 table over the
-- chunk text (external content: the text is stored once), kept in step
-- by triggers; unicode61 with diacritics folded, no stemming, so it cuts
-- words as PostgreSQL's 'simple' configuration does.
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
    quality_score   REAL NOT NULL DEFAULT 0,
    pii_masked      BOOLEAN NOT NULL DEFAULT FALSE,
    source_filename TEXT NOT NULL DEFAULT '',
    embedding       BLOB,
    created_at      INTEGER NOT NULL
);
CREATE INDEX search_chunks_source ON search_chunks (workspace_id, dataset_id, extraction_id, chunk_index);

CREATE VIRTUAL TABLE search_fts USING fts5(text, content='search_chunks', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2');

-- +goose StatementBegin
CREATE TRIGGER search_chunks_ai AFTER INSERT ON search_chunks BEGIN
    INSERT INTO search_fts (rowid, text) VALUES (new.rowid, new.text);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_chunks_ad AFTER DELETE ON search_chunks BEGIN
    INSERT INTO search_fts (search_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_chunks_au AFTER UPDATE OF text ON search_chunks BEGIN
    INSERT INTO search_fts (search_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO search_fts (rowid, text) VALUES (new.rowid, new.text);
END;
-- +goose StatementEnd

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
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, dataset_id)
);

-- +goose Down
DROP TABLE search_indexes;
DROP TRIGGER search_chunks_au;
DROP TRIGGER search_chunks_ad;
DROP TRIGGER search_chunks_ai;
DROP TABLE search_fts;
DROP TABLE search_chunks;

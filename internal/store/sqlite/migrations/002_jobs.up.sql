-- +goose Up
-- The durable job queue (leases in the same database as the extractions,
-- so a job's effect commits with its completion) and the event outbox.
CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    ref          TEXT NOT NULL,
    state        TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    run_at       INTEGER NOT NULL,
    locked_by    TEXT NOT NULL DEFAULT '',
    locked_until INTEGER,
    last_error   TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
);
CREATE INDEX jobs_due ON jobs (state, kind, run_at);
CREATE INDEX jobs_ref ON jobs (ref);

CREATE TABLE events (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL UNIQUE,
    workspace_id  TEXT NOT NULL,
    extraction_id TEXT NOT NULL,
    type          TEXT NOT NULL,
    occurred_at   INTEGER NOT NULL,
    payload       BLOB NOT NULL
);
CREATE INDEX events_extraction ON events (workspace_id, extraction_id, seq);

-- +goose Down
DROP TABLE events;
DROP TABLE jobs;

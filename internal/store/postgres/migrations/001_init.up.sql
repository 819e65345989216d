-- +goose Up
-- Same columns as the sqlite driver (times as integer microseconds, JSON
-- as bytes), so the shared queries in internal/store/sqldb serve both.
CREATE TABLE workspaces (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE extractions (
    id              TEXT PRIMARY KEY,
    workspace_id    TEXT NOT NULL REFERENCES workspaces(id),
    mode            TEXT NOT NULL,
    status          TEXT NOT NULL,
    submitted_at    BIGINT NOT NULL,
    started_at      BIGINT,
    finished_at     BIGINT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    error           TEXT,
    idempotency_key TEXT NOT NULL DEFAULT '',
    correlation_id  TEXT NOT NULL DEFAULT '',
    tenant_id       TEXT NOT NULL DEFAULT '',
    callback_url    TEXT NOT NULL DEFAULT '',
    request         BYTEA,
    result          BYTEA,
    post_processing BYTEA,
    pp_status       TEXT NOT NULL DEFAULT '',
    metadata        BYTEA
);
CREATE INDEX extractions_ws_submitted ON extractions (workspace_id, submitted_at DESC, id DESC);
CREATE INDEX extractions_ws_status ON extractions (workspace_id, status);
CREATE UNIQUE INDEX extractions_ws_idem ON extractions (workspace_id, idempotency_key) WHERE idempotency_key <> '';

CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    ref          TEXT NOT NULL,
    state        TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    run_at       BIGINT NOT NULL,
    locked_by    TEXT NOT NULL DEFAULT '',
    locked_until BIGINT,
    last_error   TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL
);
-- Partial index: the claim query only ever looks at waiting jobs.
CREATE INDEX jobs_due ON jobs (kind, run_at) WHERE state = 'available';
CREATE INDEX jobs_running ON jobs (locked_until) WHERE state = 'running';
CREATE INDEX jobs_ref ON jobs (ref);

CREATE TABLE events (
    seq           BIGSERIAL PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    workspace_id  TEXT NOT NULL,
    extraction_id TEXT NOT NULL,
    type          TEXT NOT NULL,
    occurred_at   BIGINT NOT NULL,
    payload       BYTEA NOT NULL
);
CREATE INDEX events_extraction ON events (workspace_id, extraction_id, seq);

-- +goose Down
DROP TABLE events;
DROP TABLE jobs;
DROP TABLE extractions;
DROP TABLE workspaces;

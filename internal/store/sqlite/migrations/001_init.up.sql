-- +goose Up
CREATE TABLE workspaces (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE extractions (
    id              TEXT PRIMARY KEY,
    workspace_id    TEXT NOT NULL REFERENCES workspaces(id),
    mode            TEXT NOT NULL,
    status          TEXT NOT NULL,
    submitted_at    INTEGER NOT NULL,
    started_at      INTEGER,
    finished_at     INTEGER,
    attempts        INTEGER NOT NULL DEFAULT 0,
    error           TEXT,
    idempotency_key TEXT NOT NULL DEFAULT '',
    correlation_id  TEXT NOT NULL DEFAULT '',
    tenant_id       TEXT NOT NULL DEFAULT '',
    callback_url    TEXT NOT NULL DEFAULT '',
    request         BLOB,
    result          BLOB,
    post_processing BLOB,
    pp_status       TEXT NOT NULL DEFAULT '',
    metadata        BLOB
);

CREATE INDEX extractions_ws_submitted ON extractions (workspace_id, submitted_at DESC, id DESC);
CREATE INDEX extractions_ws_status ON extractions (workspace_id, status);
CREATE UNIQUE INDEX extractions_ws_idem ON extractions (workspace_id, idempotency_key) WHERE idempotency_key <> '';

-- +goose Down
DROP TABLE extractions;
DROP TABLE workspaces;

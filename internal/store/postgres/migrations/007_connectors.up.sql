-- +goose Up
-- Storage connectors (issue 17): the config, credentials included, is
-- stored sealed by internal/secret for the workspace, never plain. A
-- deleted connector keeps its row (active = 0) so its logs still resolve.
CREATE TABLE connectors (
    id             TEXT PRIMARY KEY,
    workspace_id   TEXT NOT NULL REFERENCES workspaces(id),
    name           TEXT NOT NULL,
    type           TEXT NOT NULL,
    sealed_config  TEXT NOT NULL,
    active         INTEGER NOT NULL,
    last_tested_at BIGINT,
    last_used_at   BIGINT,
    created_at     BIGINT NOT NULL,
    deleted_at     BIGINT
);
CREATE INDEX connectors_workspace ON connectors (workspace_id, active);

-- A schedule runs on a 5-field cron expression (UTC) or every
-- interval_seconds; next_run_at is what the periodic tick compares.
CREATE TABLE sync_schedules (
    id               TEXT PRIMARY KEY,
    workspace_id     TEXT NOT NULL REFERENCES workspaces(id),
    connector_id     TEXT NOT NULL REFERENCES connectors(id),
    name             TEXT NOT NULL DEFAULT '',
    cron             TEXT NOT NULL DEFAULT '',
    interval_seconds BIGINT NOT NULL DEFAULT 0,
    prefix           TEXT NOT NULL DEFAULT '',
    enabled          INTEGER NOT NULL,
    active           INTEGER NOT NULL,
    last_run_at      BIGINT,
    next_run_at      BIGINT NOT NULL,
    created_at       BIGINT NOT NULL,
    deleted_at       BIGINT
);
CREATE INDEX sync_schedules_connector ON sync_schedules (workspace_id, connector_id, active);
CREATE INDEX sync_schedules_due ON sync_schedules (next_run_at) WHERE active = 1 AND enabled = 1;

CREATE TABLE sync_logs (
    id            TEXT PRIMARY KEY,
    workspace_id  TEXT NOT NULL REFERENCES workspaces(id),
    schedule_id   TEXT NOT NULL,
    connector_id  TEXT NOT NULL,
    status        TEXT NOT NULL,
    files_found   BIGINT NOT NULL DEFAULT 0,
    files_new     BIGINT NOT NULL DEFAULT 0,
    files_skipped BIGINT NOT NULL DEFAULT 0,
    files_failed  BIGINT NOT NULL DEFAULT 0,
    error_message TEXT NOT NULL DEFAULT '',
    started_at    BIGINT NOT NULL,
    completed_at  BIGINT
);
CREATE INDEX sync_logs_schedule ON sync_logs (workspace_id, schedule_id, started_at);

-- The sync ledger: one row per object key a connector handed to
-- processing, with the version (ETag) it was. Written in the transaction
-- that queues the object's document and job, so an interrupted run that
-- is retried skips what it already queued.
CREATE TABLE sync_ledger (
    workspace_id TEXT NOT NULL,
    connector_id TEXT NOT NULL,
    object_key   TEXT NOT NULL,
    etag         TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    error        TEXT NOT NULL DEFAULT '',
    document_id  TEXT NOT NULL DEFAULT '',
    job_id       TEXT NOT NULL DEFAULT '',
    sync_log_id  TEXT NOT NULL DEFAULT '',
    seen_at      BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, connector_id, object_key)
);
CREATE INDEX sync_ledger_run ON sync_ledger (workspace_id, sync_log_id);

-- A webhook's auto_export: on dataset.ready, the dataset is written to
-- the connector (<prefix><slug>.<ext>) before the delivery is sent.
CREATE TABLE hook_auto_exports (
    hook_id      TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    connector_id TEXT NOT NULL,
    format       TEXT NOT NULL,
    prefix       TEXT NOT NULL DEFAULT ''
);

-- +goose Up
-- Platform tenancy: a workspace has a plan (its credits, rate and size
-- limits); API keys are stored as SHA-256 hashes; credits are a ledger of
-- one row per charged thing (a job), held at admission and charged when
-- the work completes, so a retry or a replay can never charge twice;
-- documents are the uploads of /v1.
ALTER TABLE workspaces ADD COLUMN plan TEXT NOT NULL DEFAULT 'trial';
ALTER TABLE workspaces ADD COLUMN plan_since BIGINT NOT NULL DEFAULT 0;
UPDATE workspaces SET plan_since = created_at;
-- The workspace of embedded mode and of the operator's own keys is not
-- a customer: it has no credit limit.
UPDATE workspaces SET plan = 'enterprise' WHERE id = 'default';

CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    label        TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    hint         TEXT NOT NULL,
    role         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_keys_workspace ON api_keys (workspace_id, created_at);

CREATE TABLE credit_ledger (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    ref          TEXT NOT NULL,
    state        TEXT NOT NULL,
    credits      BIGINT NOT NULL,
    period_start BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    settled_at   BIGINT,
    PRIMARY KEY (workspace_id, ref)
);
CREATE INDEX credit_ledger_period ON credit_ledger (workspace_id, period_start);

-- A document is an accepted upload, immutable, unique by content within
-- its workspace (a re-upload is a duplicate and costs nothing); job_id is
-- the extraction its first upload started.
CREATE TABLE documents (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    sha256       TEXT NOT NULL,
    filename     TEXT NOT NULL,
    media_type   TEXT NOT NULL,
    size         BIGINT NOT NULL,
    job_id       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    UNIQUE (workspace_id, sha256)
);
CREATE INDEX documents_created ON documents (workspace_id, created_at);

-- /v1 webhooks: events is a JSON array of event names; a deleted hook
-- keeps its row (deliveries point at it) with active = 0.
CREATE TABLE hooks (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    url          TEXT NOT NULL,
    events       TEXT NOT NULL,
    secret       TEXT NOT NULL,
    active       INTEGER NOT NULL,
    created_at   BIGINT NOT NULL,
    deleted_at   BIGINT
);
CREATE INDEX hooks_workspace ON hooks (workspace_id, active);

CREATE TABLE hook_deliveries (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    hook_id      TEXT NOT NULL REFERENCES hooks(id),
    event_id     TEXT NOT NULL,
    event_type   TEXT NOT NULL,
    attempt      INTEGER NOT NULL,
    http_status  INTEGER NOT NULL,
    error        TEXT NOT NULL,
    at           BIGINT NOT NULL
);
CREATE INDEX hook_deliveries_hook ON hook_deliveries (hook_id, at);

-- Every job a document went through (its upload, then reprocesses).
CREATE TABLE document_jobs (
    workspace_id  TEXT NOT NULL,
    document_id   TEXT NOT NULL REFERENCES documents(id),
    extraction_id TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, document_id, extraction_id)
);

-- Human feedback on a job's result: one row per job, replaced on resubmit.
CREATE TABLE job_feedback (
    workspace_id  TEXT NOT NULL,
    extraction_id TEXT NOT NULL,
    rating        TEXT NOT NULL,
    issue         TEXT,
    notes         TEXT,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, extraction_id)
);

-- The audit trail: append-only (no code path updates or deletes a row
-- but the retention sweep of security logs); details never hold document
-- content or personal data.
CREATE TABLE audit_events (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    at           BIGINT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    document_id  TEXT,
    outcome      TEXT NOT NULL,
    details      TEXT NOT NULL
);
CREATE INDEX audit_events_workspace ON audit_events (workspace_id, at);

-- +goose Down
DROP TABLE audit_events;
DROP TABLE job_feedback;
DROP TABLE document_jobs;
DROP TABLE hook_deliveries;
DROP TABLE hooks;
DROP TABLE documents;
DROP TABLE credit_ledger;
DROP TABLE api_keys;
ALTER TABLE workspaces DROP COLUMN plan_since;
ALTER TABLE workspaces DROP COLUMN plan;

-- +goose Up
-- A workspace's own model (issue 16): one row per workspace. The API key
-- is stored sealed (internal/secret, bound to the workspace), never plain.
CREATE TABLE llm_settings (
    workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id),
    provider     TEXT NOT NULL,
    model        TEXT NOT NULL,
    base_url     TEXT NOT NULL DEFAULT '',
    sealed_key   TEXT NOT NULL DEFAULT '',
    updated_at   INTEGER NOT NULL,
    updated_by   TEXT NOT NULL DEFAULT ''
);

-- Fine-tuning jobs submitted to an OpenAI-compatible provider.
CREATE TABLE fine_tunes (
    id               TEXT PRIMARY KEY,
    workspace_id     TEXT NOT NULL REFERENCES workspaces(id),
    dataset_id       TEXT NOT NULL,
    dataset_version  INTEGER NOT NULL,
    base_model       TEXT NOT NULL,
    suffix           TEXT NOT NULL DEFAULT '',
    provider_job_id  TEXT NOT NULL,
    file_id          TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL,
    fine_tuned_model TEXT NOT NULL DEFAULT '',
    error            TEXT NOT NULL DEFAULT '',
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX fine_tunes_created ON fine_tunes (workspace_id, created_at);

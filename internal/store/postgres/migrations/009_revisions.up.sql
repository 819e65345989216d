-- +goose Up
-- People's corrections of extracted values (issue 18): stored beside the
-- result, which is never rewritten.
CREATE TABLE revisions (
    id            TEXT PRIMARY KEY,
    workspace_id  TEXT NOT NULL REFERENCES workspaces(id),
    extraction_id TEXT NOT NULL,
    field         TEXT NOT NULL,
    value         TEXT NOT NULL,
    extracted     TEXT NOT NULL,
    author        TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL
);
CREATE INDEX revisions_extraction ON revisions (workspace_id, extraction_id, created_at);

-- +goose Up
-- Datasets (issue 14): a named collection per workspace, its versions
-- (one per build, with the build's profile and schema) and each version's
-- rows (one masked record per execution, as JSON). Rows carry the
-- execution and document they came from, so the list can filter datasets
-- by source. No foreign key to extractions: a dataset keeps its copy
-- after retention removes the execution.
CREATE TABLE datasets (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    name         TEXT NOT NULL,
    slug         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 0,
    row_count    INTEGER NOT NULL DEFAULT 0,
    spec         BLOB,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (workspace_id, name),
    UNIQUE (workspace_id, slug)
);
CREATE INDEX datasets_created ON datasets (workspace_id, created_at);

CREATE TABLE dataset_versions (
    workspace_id TEXT NOT NULL,
    dataset_id   TEXT NOT NULL REFERENCES datasets(id),
    version      INTEGER NOT NULL,
    job_id       TEXT NOT NULL UNIQUE,
    status       TEXT NOT NULL,
    row_count    INTEGER NOT NULL DEFAULT 0,
    profile      BLOB,
    schema_json  BLOB,
    error        TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    finished_at  INTEGER,
    PRIMARY KEY (dataset_id, version)
);
CREATE INDEX dataset_versions_ws ON dataset_versions (workspace_id, created_at);

CREATE TABLE dataset_rows (
    workspace_id TEXT NOT NULL,
    dataset_id   TEXT NOT NULL,
    version      INTEGER NOT NULL,
    seq          INTEGER NOT NULL,
    execution_id TEXT NOT NULL,
    document_id  TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    PRIMARY KEY (dataset_id, version, seq)
);
CREATE INDEX dataset_rows_execution ON dataset_rows (workspace_id, execution_id);
CREATE INDEX dataset_rows_document ON dataset_rows (workspace_id, document_id);

-- +goose Down
DROP TABLE dataset_rows;
DROP TABLE dataset_versions;
DROP TABLE datasets;

-- +goose Up
-- People: accounts that sign in with an e-mail and a password, their
-- memberships (a person acts in a workspace with a role), invitations to
-- join a workspace, refresh tokens, and settings every process shares
-- (the access tokens' signing key). Secrets are stored as hashes only:
-- passwords as argon2id, tokens as SHA-256.
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    verify_hash   TEXT UNIQUE,
    verify_until  BIGINT,
    verified_at   BIGINT,
    created_at    BIGINT NOT NULL
);

CREATE TABLE memberships (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    user_id      TEXT NOT NULL REFERENCES users(id),
    role         TEXT NOT NULL,
    joined_at    BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id, joined_at);

CREATE TABLE invitations (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    email        TEXT NOT NULL,
    role         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    invited_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    accepted_at  BIGINT
);
CREATE INDEX invitations_workspace ON invitations (workspace_id, created_at);

-- A refresh token is used once: refreshing marks it used and issues the
-- next one of its family; presenting a used one revokes the family.
CREATE TABLE refresh_tokens (
    id           TEXT PRIMARY KEY,
    family_id    TEXT NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users(id),
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    hash         TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    used_at      BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE refresh_tokens;
DROP TABLE invitations;
DROP TABLE memberships;
DROP TABLE users;

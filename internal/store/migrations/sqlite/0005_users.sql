-- Users with a role, their hashed API tokens, web UI sessions, and who
-- recorded or removed an exemption (exemptions are no longer deleted).
CREATE TABLE app_user (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL,
    token_key  TEXT NOT NULL UNIQUE,
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    revoked_at TEXT NOT NULL DEFAULT '',
    revoked_by TEXT NOT NULL DEFAULT ''
);

-- Every change to a user: who did what, when.
CREATE TABLE user_audit (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES app_user (id),
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL
);
CREATE INDEX user_audit_user ON user_audit (user_id);

CREATE TABLE user_session (
    id_hash    TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES app_user (id),
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX user_session_user ON user_session (user_id);
CREATE INDEX user_session_expires ON user_session (expires_at);

ALTER TABLE exemption ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE exemption ADD COLUMN removed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE exemption ADD COLUMN removed_by TEXT NOT NULL DEFAULT '';

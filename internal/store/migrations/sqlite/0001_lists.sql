CREATE TABLE list_version (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    source         TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    generated_at   TEXT NOT NULL,
    generated_from TEXT NOT NULL,
    imported_at    TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    total          INTEGER NOT NULL DEFAULT 0,
    counts         TEXT NOT NULL DEFAULT '{}',
    UNIQUE (source, sha256)
);
CREATE INDEX list_version_generated ON list_version (source, generated_at);

-- A subject's content is stored once per distinct revision; versions point
-- at revisions, so an unchanged record costs one row per version.
CREATE TABLE subject_revision (
    hash       TEXT PRIMARY KEY,
    subject_id TEXT NOT NULL,
    source     TEXT NOT NULL,
    data       TEXT NOT NULL
);
CREATE INDEX subject_revision_source ON subject_revision (source);

CREATE TABLE version_subject (
    version_id    INTEGER NOT NULL REFERENCES list_version (id) ON DELETE CASCADE,
    subject_id    TEXT NOT NULL,
    revision_hash TEXT NOT NULL REFERENCES subject_revision (hash),
    PRIMARY KEY (version_id, subject_id)
);
CREATE INDEX version_subject_subject ON version_subject (subject_id);

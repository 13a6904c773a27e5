-- Committee-granted exemptions recorded by users.
CREATE TABLE exemption (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    subject_id   TEXT NOT NULL,
    destinations TEXT NOT NULL DEFAULT '',
    date_from    TEXT NOT NULL DEFAULT '',
    date_to      TEXT NOT NULL DEFAULT '',
    reference    TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
);
CREATE INDEX exemption_subject ON exemption (subject_id);

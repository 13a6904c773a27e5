-- Alerts raised from scans, their evidence and audit log.
CREATE TABLE alert (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_id TEXT NOT NULL,
    name       TEXT NOT NULL,
    regime     TEXT NOT NULL DEFAULT '',
    country    TEXT NOT NULL,
    trip_date  TEXT NOT NULL DEFAULT '',
    verdict    TEXT NOT NULL,
    status     TEXT NOT NULL,
    version_id BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX alert_subject ON alert (subject_id, country);
CREATE INDEX alert_status ON alert (status);

CREATE TABLE alert_evidence (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id  BIGINT NOT NULL REFERENCES alert (id),
    source    TEXT NOT NULL,
    title     TEXT NOT NULL DEFAULT '',
    published TEXT NOT NULL DEFAULT '',
    quote     TEXT NOT NULL,
    place     TEXT NOT NULL,
    trip_date TEXT NOT NULL DEFAULT '',
    verdict   TEXT NOT NULL,
    reasons   TEXT NOT NULL DEFAULT '[]',
    added_at  TEXT NOT NULL
);
CREATE INDEX alert_evidence_alert ON alert_evidence (alert_id);

CREATE TABLE alert_audit (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id    BIGINT NOT NULL REFERENCES alert (id),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alert_audit_alert ON alert_audit (alert_id);

-- News monitoring: feeds and their health, the articles found in them,
-- webhooks and the events they are sent, per-host fetch leases, and what
-- makes alert evidence unique.
CREATE TABLE feed (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    url              TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL DEFAULT '',
    language         TEXT NOT NULL DEFAULT '',
    every_seconds    BIGINT NOT NULL,
    added_at         TEXT NOT NULL,
    added_by         TEXT NOT NULL DEFAULT '',
    next_poll_at     TEXT NOT NULL,
    etag             TEXT NOT NULL DEFAULT '',
    last_modified    TEXT NOT NULL DEFAULT '',
    last_fetch_at    TEXT NOT NULL DEFAULT '',
    last_ok_at       TEXT NOT NULL DEFAULT '',
    last_new_item_at TEXT NOT NULL DEFAULT '',
    last_error       TEXT NOT NULL DEFAULT '',
    last_error_at    TEXT NOT NULL DEFAULT '',
    failures         BIGINT NOT NULL DEFAULT 0,
    items_seen       BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX feed_next_poll ON feed (next_poll_at);

-- url is the item's link, normalised; canonical_url what the page says it
-- is. An article whose canonical URL another already has is a duplicate,
-- one whose text is nearly another's (SimHash, found by its eight
-- 8-bit bands) is a copy.
CREATE TABLE article (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    url           TEXT NOT NULL UNIQUE,
    feed_id       BIGINT NOT NULL DEFAULT 0,
    outlet        TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL DEFAULT '',
    published     TEXT NOT NULL DEFAULT '',
    language      TEXT NOT NULL DEFAULT '',
    canonical_url TEXT UNIQUE,
    state         TEXT NOT NULL,
    duplicate_of  BIGINT NOT NULL DEFAULT 0,
    copy_of       BIGINT NOT NULL DEFAULT 0,
    simhash       BIGINT NOT NULL DEFAULT 0,
    band0         INTEGER NOT NULL DEFAULT -1,
    band1         INTEGER NOT NULL DEFAULT -1,
    band2         INTEGER NOT NULL DEFAULT -1,
    band3         INTEGER NOT NULL DEFAULT -1,
    band4         INTEGER NOT NULL DEFAULT -1,
    band5         INTEGER NOT NULL DEFAULT -1,
    band6         INTEGER NOT NULL DEFAULT -1,
    band7         INTEGER NOT NULL DEFAULT -1,
    body          TEXT NOT NULL DEFAULT '',
    error         TEXT NOT NULL DEFAULT '',
    trips         BIGINT NOT NULL DEFAULT 0,
    found_at      TEXT NOT NULL,
    fetched_at    TEXT NOT NULL DEFAULT '',
    scanned_at    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX article_feed ON article (feed_id, id);
CREATE INDEX article_copy ON article (copy_of);
CREATE INDEX article_band0 ON article (band0);
CREATE INDEX article_band1 ON article (band1);
CREATE INDEX article_band2 ON article (band2);
CREATE INDEX article_band3 ON article (band3);
CREATE INDEX article_band4 ON article (band4);
CREATE INDEX article_band5 ON article (band5);
CREATE INDEX article_band6 ON article (band6);
CREATE INDEX article_band7 ON article (band7);

CREATE TABLE hook (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    added_at   TEXT NOT NULL,
    added_by   TEXT NOT NULL DEFAULT '',
    removed_at TEXT NOT NULL DEFAULT ''
);

-- The outbox: written in the transaction that changes the alert, sent by
-- the queue (dispatched_at is set once a delivery job exists per hook).
CREATE TABLE alert_event (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id      BIGINT NOT NULL REFERENCES alert (id),
    kind          TEXT NOT NULL,
    detail        TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    dispatched_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alert_event_pending ON alert_event (dispatched_at, id);

CREATE TABLE hook_delivery (
    event_id     BIGINT NOT NULL REFERENCES alert_event (id),
    hook_id      BIGINT NOT NULL REFERENCES hook (id),
    delivered_at TEXT NOT NULL DEFAULT '',
    status       INTEGER NOT NULL DEFAULT 0,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (event_id, hook_id)
);

-- One request at a time per host, across every watch process.
CREATE TABLE host_lease (
    host   TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until  TEXT NOT NULL
);

-- Small named values the monitor keeps (what open alerts were last judged
-- against).
CREATE TABLE watch_state (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

ALTER TABLE alert_evidence ADD COLUMN url TEXT NOT NULL DEFAULT '';
ALTER TABLE alert_evidence ADD COLUMN outlet TEXT NOT NULL DEFAULT '';
ALTER TABLE alert_evidence ADD COLUMN article_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE alert_evidence ADD COLUMN evidence_key TEXT NOT NULL DEFAULT '';
UPDATE alert_evidence SET evidence_key = 'legacy:' || id;
CREATE UNIQUE INDEX alert_evidence_unique ON alert_evidence (alert_id, evidence_key);

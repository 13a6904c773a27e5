-- Cities imported from GeoNames (vigil places import).
CREATE TABLE place (
    id         BIGINT PRIMARY KEY,
    name       TEXT NOT NULL,
    country    TEXT NOT NULL,
    region     TEXT NOT NULL DEFAULT '',
    population BIGINT NOT NULL DEFAULT 0,
    capital    INTEGER NOT NULL DEFAULT 0,
    alt_names  TEXT NOT NULL DEFAULT ''
);

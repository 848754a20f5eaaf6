-- Datenportal metadata store, schema version 1.
--
-- Times are INTEGER microseconds since the Unix epoch (UTC): exact, sortable
-- and the precision CKAN clients see. Datasets and organisations are stored
-- whole as JSON documents; the columns beside them exist only to filter,
-- sort and enforce uniqueness, and are written from the same document in
-- the same statement so they cannot drift apart.

CREATE TABLE datasets (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE,
    organization_id   TEXT NOT NULL DEFAULT '',
    private           INTEGER NOT NULL DEFAULT 0,
    state             TEXT NOT NULL,
    harvest_source_id TEXT NOT NULL DEFAULT '',
    created_at        INTEGER NOT NULL,
    modified_at       INTEGER NOT NULL,
    doc               TEXT NOT NULL
);
-- Listing walks an index in list order (name, or modified_at then id)
-- and continues after the last key of each batch; without an index in
-- that order every batch would sort the whole table.
CREATE INDEX datasets_state_name ON datasets (state, name);
CREATE INDEX datasets_state_modified ON datasets (state, modified_at, id);
CREATE INDEX datasets_modified ON datasets (modified_at, id);
CREATE INDEX datasets_organization ON datasets (organization_id, name);
CREATE INDEX datasets_harvest_source ON datasets (harvest_source_id, name);

-- Lets a download URL (which carries only the distribution id) find its
-- dataset without scanning documents.
CREATE TABLE distributions (
    id         TEXT PRIMARY KEY,
    dataset_id TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE
);
CREATE INDEX distributions_dataset ON distributions (dataset_id);

-- AUTOINCREMENT so that a sequence number is never reused, even after the
-- newest entries are pruned: the index and harvesters remember sequences.
CREATE TABLE changes (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    dataset_id      TEXT NOT NULL,
    name            TEXT NOT NULL,
    op              TEXT NOT NULL,
    public          INTEGER NOT NULL,
    organization_id TEXT NOT NULL DEFAULT '',
    at              INTEGER NOT NULL
);
CREATE INDEX changes_dataset ON changes (dataset_id);

CREATE TABLE organizations (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    doc        TEXT NOT NULL
);

-- Users are columns, not a document: the password hash is deliberately
-- absent from the domain type's JSON form.
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL DEFAULT '',
    sysadmin      INTEGER NOT NULL DEFAULT 0,
    state         TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL
);

CREATE TABLE tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL DEFAULT '',
    hash         TEXT NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER
);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE memberships (
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            TEXT NOT NULL,
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE downloads (
    distribution_id TEXT PRIMARY KEY,
    count           INTEGER NOT NULL
);

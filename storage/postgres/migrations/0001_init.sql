-- Datenportal metadata store on PostgreSQL, schema version 1.
--
-- It mirrors storage/sqlite's schema column for column, so that both
-- stores agree to the microsecond and `datenportal copy` moves a row as it
-- is. Times are BIGINT microseconds since the Unix epoch (UTC). Datasets
-- and organisations are whole JSON documents in TEXT (not JSONB: JSONB
-- rejects \u0000 and reorders keys, and nothing queries inside them); the
-- columns beside them exist to filter, sort and enforce uniqueness.
-- Keys and names use COLLATE "C" so that list order is byte order, as in
-- SQLite and in Go, whatever locale the database was created with.

CREATE TABLE datasets (
    id                TEXT COLLATE "C" NOT NULL,
    name              TEXT COLLATE "C" NOT NULL,
    organization_id   TEXT COLLATE "C" NOT NULL DEFAULT '',
    private           BOOLEAN NOT NULL DEFAULT FALSE,
    state             TEXT COLLATE "C" NOT NULL,
    harvest_source_id TEXT COLLATE "C" NOT NULL DEFAULT '',
    created_at        BIGINT NOT NULL,
    modified_at       BIGINT NOT NULL,
    doc               TEXT NOT NULL,
    -- Named, because the store maps a violated constraint to the field
    -- the user sees.
    CONSTRAINT datasets_pkey PRIMARY KEY (id),
    CONSTRAINT datasets_name_key UNIQUE (name)
);
-- Listing walks an index in list order and continues after the last key
-- of each batch (keyset paging), as in storage/sqlite.
CREATE INDEX datasets_state_name ON datasets (state, name);
CREATE INDEX datasets_state_modified ON datasets (state, modified_at, id);
CREATE INDEX datasets_modified ON datasets (modified_at, id);
CREATE INDEX datasets_organization ON datasets (organization_id, name);
CREATE INDEX datasets_harvest_source ON datasets (harvest_source_id, name);

-- Lets a download URL (which carries only the distribution id) find its
-- dataset without scanning documents.
CREATE TABLE distributions (
    id         TEXT COLLATE "C" NOT NULL,
    dataset_id TEXT COLLATE "C" NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    CONSTRAINT distributions_pkey PRIMARY KEY (id)
);
CREATE INDEX distributions_dataset ON distributions (dataset_id);

-- The change log. seq is not a SEQUENCE: it comes from change_counter,
-- whose single row every dataset write updates as its last statement
-- before COMMIT. The row lock serialises those commits, so entries become
-- visible in seq order and a reader tailing "seq > n" never skips one
-- (see doc.go). A rolled-back write also rolls back its increment, so
-- sequences have no gaps.
CREATE TABLE changes (
    seq             BIGINT NOT NULL,
    dataset_id      TEXT COLLATE "C" NOT NULL,
    name            TEXT COLLATE "C" NOT NULL,
    op              TEXT NOT NULL,
    public          BOOLEAN NOT NULL,
    organization_id TEXT COLLATE "C" NOT NULL DEFAULT '',
    at              BIGINT NOT NULL,
    CONSTRAINT changes_pkey PRIMARY KEY (seq)
);
CREATE INDEX changes_dataset ON changes (dataset_id);

-- at is the time of the newest entry: entries take GREATEST(at, clock), so
-- change times never go backwards even if the database clock does.
CREATE TABLE change_counter (
    one BOOLEAN NOT NULL DEFAULT TRUE CHECK (one),
    seq BIGINT NOT NULL,
    at  BIGINT NOT NULL,
    CONSTRAINT change_counter_pkey PRIMARY KEY (one)
);
INSERT INTO change_counter (one, seq, at) VALUES (TRUE, 0, 0);

CREATE TABLE organizations (
    id   TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    doc  TEXT NOT NULL,
    CONSTRAINT organizations_pkey PRIMARY KEY (id),
    CONSTRAINT organizations_name_key UNIQUE (name)
);

-- Users are columns, not a document: the password hash is deliberately
-- absent from the domain type's JSON form.
CREATE TABLE users (
    id            TEXT COLLATE "C" NOT NULL,
    name          TEXT COLLATE "C" NOT NULL,
    full_name     TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL DEFAULT '',
    sysadmin      BOOLEAN NOT NULL DEFAULT FALSE,
    state         TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_name_key UNIQUE (name)
);

CREATE TABLE tokens (
    id           TEXT COLLATE "C" NOT NULL,
    user_id      TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL DEFAULT '',
    hash         TEXT COLLATE "C" NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    CONSTRAINT tokens_pkey PRIMARY KEY (id),
    CONSTRAINT tokens_hash_key UNIQUE (hash)
);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE memberships (
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            TEXT NOT NULL,
    CONSTRAINT memberships_pkey PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE downloads (
    distribution_id TEXT COLLATE "C" NOT NULL,
    count           BIGINT NOT NULL,
    CONSTRAINT downloads_pkey PRIMARY KEY (distribution_id)
);

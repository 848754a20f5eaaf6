-- Harvesting, schema version 2: sources, jobs with their leases, report
-- entries, and the "missing since" marks of withdrawal with a grace period.
--
-- Times are INTEGER microseconds since the Unix epoch (UTC), 0 for "unset".
-- The SQL is kept portable (no AUTOINCREMENT, no partial indexes, no JSON
-- functions) so that storage/postgres can mirror it with BIGINT columns.
-- Which dataset came from which source record is not stored here: each
-- dataset carries it (catalog.HarvestInfo) in the same transaction as the
-- dataset itself, so the two can never disagree.

CREATE TABLE harvest_sources (
    id               TEXT PRIMARY KEY,
    name             TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL,
    url              TEXT NOT NULL,
    organization_id  TEXT NOT NULL,
    schedule         TEXT NOT NULL DEFAULT '',
    config           TEXT NOT NULL DEFAULT '',
    next_run_at      INTEGER NOT NULL DEFAULT 0,
    last_complete_at INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    modified_at      INTEGER NOT NULL
);

CREATE TABLE harvest_jobs (
    id            TEXT PRIMARY KEY,
    source_id     TEXT NOT NULL REFERENCES harvest_sources (id) ON DELETE CASCADE,
    -- The source id while the job is active (queued, running, interrupted),
    -- NULL afterwards. UNIQUE gives every source at most one active job:
    -- NULLs never collide, in SQLite as in PostgreSQL.
    active_source TEXT UNIQUE,
    state         TEXT NOT NULL,
    trigger_kind  TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    started_at    INTEGER NOT NULL DEFAULT 0,
    finished_at   INTEGER NOT NULL DEFAULT 0,
    -- The lease: the instance running the job and until when. Claiming is
    -- an UPDATE … WHERE the job is unclaimed or its lease expired.
    lease_owner   TEXT NOT NULL DEFAULT '',
    lease_until   INTEGER NOT NULL DEFAULT 0,
    attempts      INTEGER NOT NULL DEFAULT 0,
    -- Counts, flags and the job-level error as JSON.
    doc           TEXT NOT NULL
);
CREATE INDEX harvest_jobs_source ON harvest_jobs (source_id, created_at);
CREATE INDEX harvest_jobs_state ON harvest_jobs (state, created_at);

CREATE TABLE harvest_record_errors (
    job_id      TEXT NOT NULL REFERENCES harvest_jobs (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    original_id TEXT NOT NULL DEFAULT '',
    dataset_id  TEXT NOT NULL DEFAULT '',
    stage       TEXT NOT NULL,
    severity    TEXT NOT NULL,
    field       TEXT NOT NULL DEFAULT '',
    message_de  TEXT NOT NULL,
    message_en  TEXT NOT NULL,
    PRIMARY KEY (job_id, seq)
);

CREATE TABLE harvest_missing (
    source_id  TEXT NOT NULL REFERENCES harvest_sources (id) ON DELETE CASCADE,
    dataset_id TEXT NOT NULL,
    since      INTEGER NOT NULL,
    PRIMARY KEY (source_id, dataset_id)
);

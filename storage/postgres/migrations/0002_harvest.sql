-- Harvesting, schema version 2: sources, jobs with their leases, report
-- entries, and the "missing since" marks of withdrawal with a grace period.
--
-- It mirrors storage/sqlite's 0002_harvest.sql column for column, so that
-- both stores behave alike and `datenportal copy` moves a row as it is.
-- Times are BIGINT microseconds since the Unix epoch (UTC), 0 for "unset".
-- Constraints are named because the store maps a violated one to the
-- error callers see (a taken name, a second active job, an unknown source).

CREATE TABLE harvest_sources (
    id               TEXT COLLATE "C" NOT NULL,
    name             TEXT COLLATE "C" NOT NULL,
    kind             TEXT NOT NULL,
    url              TEXT NOT NULL,
    organization_id  TEXT COLLATE "C" NOT NULL,
    schedule         TEXT NOT NULL DEFAULT '',
    config           TEXT NOT NULL DEFAULT '',
    next_run_at      BIGINT NOT NULL DEFAULT 0,
    last_complete_at BIGINT NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL,
    modified_at      BIGINT NOT NULL,
    CONSTRAINT harvest_sources_pkey PRIMARY KEY (id),
    CONSTRAINT harvest_sources_name_key UNIQUE (name)
);

CREATE TABLE harvest_jobs (
    id            TEXT COLLATE "C" NOT NULL,
    source_id     TEXT COLLATE "C" NOT NULL,
    -- The source id while the job is active (queued, running, interrupted),
    -- NULL afterwards. UNIQUE gives every source at most one active job
    -- (NULLs never collide); a second instance inserting an active job for
    -- the same source waits on the index entry and then finds it taken.
    active_source TEXT COLLATE "C",
    state         TEXT NOT NULL,
    trigger_kind  TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    started_at    BIGINT NOT NULL DEFAULT 0,
    finished_at   BIGINT NOT NULL DEFAULT 0,
    -- The lease: the instance running the job and until when. Claiming is
    -- one UPDATE … WHERE the job is unclaimed or its lease expired; under
    -- READ COMMITTED a second claimer waits for the row lock and then
    -- re-checks the WHERE clause against the committed claim, so it loses.
    lease_owner   TEXT NOT NULL DEFAULT '',
    lease_until   BIGINT NOT NULL DEFAULT 0,
    attempts      INTEGER NOT NULL DEFAULT 0,
    -- Counts, flags and the job-level error as JSON (TEXT, as datasets).
    doc           TEXT NOT NULL,
    CONSTRAINT harvest_jobs_pkey PRIMARY KEY (id),
    CONSTRAINT harvest_jobs_active_source_key UNIQUE (active_source),
    CONSTRAINT harvest_jobs_source_fkey FOREIGN KEY (source_id)
        REFERENCES harvest_sources (id) ON DELETE CASCADE
);
CREATE INDEX harvest_jobs_source ON harvest_jobs (source_id, created_at);
CREATE INDEX harvest_jobs_state ON harvest_jobs (state, created_at);

CREATE TABLE harvest_record_errors (
    job_id      TEXT COLLATE "C" NOT NULL,
    seq         INTEGER NOT NULL,
    original_id TEXT NOT NULL DEFAULT '',
    dataset_id  TEXT COLLATE "C" NOT NULL DEFAULT '',
    stage       TEXT NOT NULL,
    severity    TEXT NOT NULL,
    field       TEXT NOT NULL DEFAULT '',
    message_de  TEXT NOT NULL,
    message_en  TEXT NOT NULL,
    CONSTRAINT harvest_record_errors_pkey PRIMARY KEY (job_id, seq),
    CONSTRAINT harvest_record_errors_job_fkey FOREIGN KEY (job_id)
        REFERENCES harvest_jobs (id) ON DELETE CASCADE
);

CREATE TABLE harvest_missing (
    source_id  TEXT COLLATE "C" NOT NULL,
    dataset_id TEXT COLLATE "C" NOT NULL,
    since      BIGINT NOT NULL,
    CONSTRAINT harvest_missing_pkey PRIMARY KEY (source_id, dataset_id),
    CONSTRAINT harvest_missing_source_fkey FOREIGN KEY (source_id)
        REFERENCES harvest_sources (id) ON DELETE CASCADE
);

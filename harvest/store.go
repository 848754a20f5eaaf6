package harvest

import (
	"context"
	"time"
)

// Job states. Queued, running and interrupted jobs are active: a source
// has at most one active job.
const (
	JobQueued      = "queued"
	JobRunning     = "running"
	JobInterrupted = "interrupted" // stopped by a shutdown; runs again when claimed
	JobDone        = "done"        // listing complete; record failures are in the report
	JobPartial     = "partial"     // listing broke off; what was listed was imported, nothing withdrawn
	JobFailed      = "failed"      // nothing (more) imported; see Error
)

// Active reports whether a job in this state still has to run.
func Active(state string) bool {
	return state == JobQueued || state == JobRunning || state == JobInterrupted
}

// Triggers of a job.
const (
	TriggerSchedule = "schedule"
	TriggerManual   = "manual"
)

// Stages of a job, as reports name them.
const (
	StageGather   = "gather"
	StageFetch    = "fetch"
	StageImport   = "import"
	StageWithdraw = "withdraw"
)

// Job is one run of a source.
type Job struct {
	ID         string    `json:"id"`
	SourceID   string    `json:"source_id"`
	State      string    `json:"state"`
	Trigger    string    `json:"trigger"`
	CreatedAt  time.Time `json:"created_at"`
	StartedAt  time.Time `json:"started_at,omitzero"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
	// LeaseOwner is the instance running the job; LeaseUntil is when
	// another instance may take it over if the owner stops renewing.
	LeaseOwner string    `json:"lease_owner,omitempty"`
	LeaseUntil time.Time `json:"lease_until,omitzero"`
	Attempts   int       `json:"attempts"`

	Counts Counts `json:"counts"`
	// Incremental is whether the listing asked only for changes.
	Incremental bool `json:"incremental,omitempty"`
	// Complete is whether the listing covered the whole source (only
	// then are vanished datasets withdrawn).
	Complete bool `json:"complete,omitempty"`
	// Error is the job-level failure, Stage where it happened.
	Error *Message `json:"error,omitempty"`
	Stage string   `json:"stage,omitempty"`
}

// Duration is how long the job ran (so far).
func (j *Job) Duration() time.Duration {
	if j.StartedAt.IsZero() {
		return 0
	}
	end := j.FinishedAt
	if end.IsZero() {
		end = time.Now()
	}
	return end.Sub(j.StartedAt)
}

// Counts are a job's record tallies.
type Counts struct {
	Listed    int `json:"listed"`
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Withdrawn int `json:"withdrawn"`
	Failed    int `json:"failed"`
	Skipped   int `json:"skipped"`
	// Missing counts datasets not listed any more but within their grace
	// period (withdraw mode "mark").
	Missing  int `json:"missing"`
	Warnings int `json:"warnings"`
	// WarningsDropped counts warnings beyond MaxWarnings, not stored.
	WarningsDropped int `json:"warnings_dropped,omitempty"`
}

// Severities of report entries.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// RecordError is one entry of a job report about one record (OriginalID
// empty: about the job or the listing).
type RecordError struct {
	JobID      string `json:"job_id"`
	Seq        int    `json:"seq"` // order within the job
	OriginalID string `json:"original_id,omitempty"`
	DatasetID  string `json:"dataset_id,omitempty"`
	Stage      string `json:"stage"`
	Severity   string `json:"severity"`
	Field      string `json:"field,omitempty"`
	Message
}

// Store keeps sources, jobs with their leases, reports and the "missing
// since" marks. storage/sqlite and storage/postgres implement it;
// harvest/harvesttest is the
// conformance suite every implementation runs. Errors are *catalog.Error
// with ENOTFOUND and ECONFLICT where documented.
type Store interface {
	// CreateSource inserts src; a taken id or name is ECONFLICT.
	CreateSource(ctx context.Context, src *SourceConfig) error
	// UpdateSource replaces the source with src.ID (ENOTFOUND if absent).
	UpdateSource(ctx context.Context, src *SourceConfig) error
	// DeleteSource removes a source with its jobs, reports and marks.
	DeleteSource(ctx context.Context, id string) error
	// Source finds a source by id, or else by name.
	Source(ctx context.Context, idOrName string) (*SourceConfig, error)
	// Sources lists every source by name.
	Sources(ctx context.Context) ([]*SourceConfig, error)
	// SetLastComplete records the start of a complete, error-free run.
	SetLastComplete(ctx context.Context, sourceID string, at time.Time) error

	// EnqueueJob inserts a queued job. If the source already has an
	// active job it fails with ECONFLICT and inserts nothing, so two
	// instances cannot queue the same source twice.
	EnqueueJob(ctx context.Context, job *Job) error
	// EnqueueScheduled moves the source's NextRunAt from due to next and
	// queues job, in one transaction, only if NextRunAt still equals due:
	// of several schedulers seeing the same due source exactly one wins
	// (true). A source with an active job only gets its NextRunAt moved.
	EnqueueScheduled(ctx context.Context, sourceID string, due, next time.Time, job *Job) (bool, error)
	// ActiveJob returns the source's active job (ENOTFOUND if none).
	ActiveJob(ctx context.Context, sourceID string) (*Job, error)
	// Job returns one job.
	Job(ctx context.Context, id string) (*Job, error)
	// Jobs lists a source's jobs, newest first, at most limit (0: all).
	Jobs(ctx context.Context, sourceID string, limit int) ([]*Job, error)
	// ClaimableJobs lists jobs that ClaimJob would take at now (queued,
	// interrupted, or running with an expired lease), oldest first.
	ClaimableJobs(ctx context.Context, now time.Time, limit int) ([]*Job, error)
	// ClaimJob atomically takes a claimable job for owner until the given
	// time: state running, attempts + 1, StartedAt now. Each attempt
	// starts afresh: counts, flags, error and the report entries of
	// earlier attempts are cleared. A job that is not claimable (any more)
	// is ECONFLICT.
	ClaimJob(ctx context.Context, id, owner string, now, until time.Time) (*Job, error)
	// Heartbeat renews the lease and stores the progress (Counts) of a
	// running job, only while job.LeaseOwner still holds it (else ECONFLICT).
	Heartbeat(ctx context.Context, job *Job, until time.Time) error
	// FinishJob stores the job's final state, counts and error, and
	// releases the lease, only while job.LeaseOwner holds it (else
	// ECONFLICT). An interrupted job stays active.
	FinishJob(ctx context.Context, job *Job) error
	// PruneJobs deletes all but the newest keep finished jobs of a source
	// with their reports, and returns how many it deleted.
	PruneJobs(ctx context.Context, sourceID string, keep int) (int, error)

	// AddRecordErrors appends report entries of a job, only while
	// job.LeaseOwner holds it (else ECONFLICT): an instance that lost its
	// lease cannot write into the report of the attempt that took over.
	AddRecordErrors(ctx context.Context, job *Job, errs []RecordError) error
	// RecordErrors returns a job's report entries by Seq, paged.
	RecordErrors(ctx context.Context, jobID string, offset, limit int) ([]RecordError, error)

	// MarkMissing records that a dataset of a source was not listed, and
	// returns since when it is missing (the first mark's time).
	MarkMissing(ctx context.Context, sourceID, datasetID string, at time.Time) (time.Time, error)
	// ClearMissing forgets the marks of datasets listed again or withdrawn.
	ClearMissing(ctx context.Context, sourceID string, datasetIDs []string) error
	// Missing returns the marks of a source: dataset id → missing since.
	Missing(ctx context.Context, sourceID string) (map[string]time.Time, error)
}

package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

// jobDoc is the part of a job kept as JSON: what is only ever read whole.
// It is storage/sqlite's, so `datenportal copy` moves it unchanged.
type jobDoc struct {
	Counts      harvest.Counts   `json:"counts"`
	Incremental bool             `json:"incremental,omitempty"`
	Complete    bool             `json:"complete,omitempty"`
	Error       *harvest.Message `json:"error,omitempty"`
	Stage       string           `json:"stage,omitempty"`
}

const jobColumns = "id, source_id, state, trigger_kind, created_at, started_at, finished_at, lease_owner, lease_until, attempts, doc"

func scanJob(row pgx.Row) (*harvest.Job, error) {
	var j harvest.Job
	var created, started, finished, until int64
	var doc []byte
	if err := row.Scan(&j.ID, &j.SourceID, &j.State, &j.Trigger, &created, &started, &finished,
		&j.LeaseOwner, &until, &j.Attempts, &doc); err != nil {
		return nil, err
	}
	j.CreatedAt, j.StartedAt, j.FinishedAt = fromHMicros(created), fromHMicros(started), fromHMicros(finished)
	j.LeaseUntil = fromHMicros(until)
	var d jobDoc
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, catalog.Internal(errors.New("postgres: corrupt harvest job document: " + err.Error()))
	}
	j.Counts, j.Incremental, j.Complete, j.Error, j.Stage = d.Counts, d.Incremental, d.Complete, d.Error, d.Stage
	return &j, nil
}

func encodeJobDoc(j *harvest.Job) (string, error) {
	b, err := encodeDoc(jobDoc{Counts: j.Counts, Incremental: j.Incremental, Complete: j.Complete, Error: j.Error, Stage: j.Stage})
	return string(b), err
}

// errLeaseTaken is ECONFLICT for claims, heartbeats and finishes that lost.
func errLeaseTaken() *catalog.Error {
	return &catalog.Error{Code: catalog.ECONFLICT, Message: "The harvest job is not claimable or held by another instance",
		MessageDE: "Der Erntelauf ist nicht verfügbar oder gehört einer anderen Instanz"}
}

func errActiveJob() *catalog.Error {
	return &catalog.Error{Code: catalog.ECONFLICT, Message: "The harvest source already has an active job",
		MessageDE: "Die Ernte-Quelle hat bereits einen laufenden oder wartenden Lauf"}
}

// checkJob rejects what the text columns of a job cannot hold.
func checkJob(j *harvest.Job) error {
	if j == nil {
		return errMissing
	}
	if err := checkIDName(j.ID, j.SourceID); err != nil {
		return err
	}
	for _, f := range []struct{ field, v string }{{"state", j.State}, {"trigger", j.Trigger}, {"lease_owner", j.LeaseOwner}} {
		if !storable(f.v) {
			return errUnstorable(f.field)
		}
	}
	return nil
}

// insertJob inserts j as it is. It returns false, without an error and
// with the transaction still usable, when the source already has an
// active job: ON CONFLICT on active_source waits for a concurrent insert
// of another instance to commit and then skips instead of failing.
func insertJob(ctx context.Context, tx pgx.Tx, j *harvest.Job) (bool, error) {
	doc, err := encodeJobDoc(j)
	if err != nil {
		return false, err
	}
	var active *string
	if harvest.Active(j.State) {
		active = &j.SourceID
	}
	tag, err := tx.Exec(ctx, "INSERT INTO harvest_jobs ("+jobColumns+`, active_source)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (active_source) DO NOTHING`,
		j.ID, j.SourceID, j.State, j.Trigger, hmicros(j.CreatedAt), hmicros(j.StartedAt), hmicros(j.FinishedAt),
		j.LeaseOwner, hmicros(j.LeaseUntil), j.Attempts, doc, active)
	switch {
	case constraintViolated(err, foreignKeyViolation) != "":
		return false, catalog.NotFound("Harvest source")
	case constraintViolated(err, uniqueViolation) == "harvest_jobs_pkey":
		return false, conflict("id", msgIDTaken)
	case err != nil:
		return false, err
	}
	return tag.RowsAffected() > 0, nil
}

// EnqueueJob inserts a job; ECONFLICT if the source has an active one or
// the id is taken, ENOTFOUND if the source does not exist.
func (s *Store) EnqueueJob(ctx context.Context, j *harvest.Job) error {
	if err := checkJob(j); err != nil {
		return err
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		ok, err := insertJob(ctx, tx, j)
		if err == nil && !ok {
			return errActiveJob()
		}
		return err
	})
}

// EnqueueScheduled moves next_run_at from due to next and queues the job
// (unless the source has an active one) in one transaction, if next_run_at
// still equals due. Of racing schedulers the first UPDATE wins; the others
// wait for its row lock, re-check next_run_at = due against the committed
// row and match nothing.
func (s *Store) EnqueueScheduled(ctx context.Context, sourceID string, due, next time.Time, j *harvest.Job) (bool, error) {
	if j != nil {
		if err := checkJob(j); err != nil {
			return false, err
		}
	}
	if !storable(sourceID) {
		return false, s.nothing(ctx)
	}
	won := false
	err := s.write(ctx, func(tx pgx.Tx) error {
		won = false
		tag, err := tx.Exec(ctx, "UPDATE harvest_sources SET next_run_at = $1 WHERE id = $2 AND next_run_at = $3",
			hmicros(next), sourceID, hmicros(due))
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		won = true
		if j == nil {
			return nil
		}
		// An active job (even one queued by hand a moment ago on another
		// instance) makes the insert a no-op: the slot is used up anyway.
		_, err = insertJob(ctx, tx, j)
		return err
	})
	if err != nil {
		return false, err
	}
	return won, nil
}

// ActiveJob returns the source's active job.
func (s *Store) ActiveJob(ctx context.Context, sourceID string) (*harvest.Job, error) {
	return s.oneJob(ctx, "SELECT "+jobColumns+" FROM harvest_jobs WHERE active_source = $1", sourceID)
}

// Job returns one job.
func (s *Store) Job(ctx context.Context, id string) (*harvest.Job, error) {
	return s.oneJob(ctx, "SELECT "+jobColumns+" FROM harvest_jobs WHERE id = $1", id)
}

func (s *Store) oneJob(ctx context.Context, q, arg string) (*harvest.Job, error) {
	if !storable(arg) {
		return nil, s.notFound(ctx, "Harvest job")
	}
	var j *harvest.Job
	err := s.read(ctx, func(db querier) error {
		var err error
		j, err = scanJob(db.QueryRow(ctx, q, arg))
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, catalog.NotFound("Harvest job")
	}
	if err != nil {
		return nil, err
	}
	return j, nil
}

func (s *Store) jobs(ctx context.Context, q string, args ...any) ([]*harvest.Job, error) {
	var out []*harvest.Job
	err := s.read(ctx, func(db querier) error {
		rows, err := db.Query(ctx, q, args...)
		if err != nil {
			return err
		}
		out, err = collect(rows, func(r pgx.CollectableRow) (*harvest.Job, error) { return scanJob(r) })
		return err
	})
	return out, err
}

// Jobs lists a source's jobs, newest first.
func (s *Store) Jobs(ctx context.Context, sourceID string, limit int) ([]*harvest.Job, error) {
	if !storable(sourceID) {
		return nil, s.nothing(ctx)
	}
	q := "SELECT " + jobColumns + " FROM harvest_jobs WHERE source_id = $1 ORDER BY created_at DESC, id DESC"
	if limit > 0 {
		return s.jobs(ctx, q+" LIMIT $2", sourceID, limit)
	}
	return s.jobs(ctx, q, sourceID)
}

// PruneJobs deletes all but the newest keep finished jobs of a source, in
// one statement; their report entries go with them (ON DELETE CASCADE).
func (s *Store) PruneJobs(ctx context.Context, sourceID string, keep int) (int, error) {
	if !storable(sourceID) {
		return 0, s.nothing(ctx)
	}
	n := 0
	err := s.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM harvest_jobs WHERE id IN (
			SELECT id FROM harvest_jobs WHERE source_id = $1 AND active_source IS NULL
			ORDER BY created_at DESC, id DESC OFFSET $2)`, sourceID, max(keep, 0))
		n = int(tag.RowsAffected())
		return err
	})
	return n, err
}

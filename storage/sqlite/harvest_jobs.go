package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

// jobDoc is the part of a job kept as JSON: what is only ever read whole.
type jobDoc struct {
	Counts      harvest.Counts   `json:"counts"`
	Incremental bool             `json:"incremental,omitempty"`
	Complete    bool             `json:"complete,omitempty"`
	Error       *harvest.Message `json:"error,omitempty"`
	Stage       string           `json:"stage,omitempty"`
}

const jobColumns = "id, source_id, state, trigger_kind, created_at, started_at, finished_at, lease_owner, lease_until, attempts, doc"

func scanJob(row interface{ Scan(...any) error }) (*harvest.Job, error) {
	var j harvest.Job
	var created, started, finished, until int64
	var doc string
	if err := row.Scan(&j.ID, &j.SourceID, &j.State, &j.Trigger, &created, &started, &finished,
		&j.LeaseOwner, &until, &j.Attempts, &doc); err != nil {
		return nil, err
	}
	j.CreatedAt, j.StartedAt, j.FinishedAt = fromHarvestMicros(created), fromHarvestMicros(started), fromHarvestMicros(finished)
	j.LeaseUntil = fromHarvestMicros(until)
	var d jobDoc
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		return nil, catalog.Internal(errors.New("sqlite: corrupt harvest job document: " + err.Error()))
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

func insertJob(ctx context.Context, tx *sql.Tx, j *harvest.Job) error {
	doc, err := encodeJobDoc(j)
	if err != nil {
		return err
	}
	var active any
	if harvest.Active(j.State) {
		active = j.SourceID
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO harvest_jobs ("+jobColumns+", active_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		j.ID, j.SourceID, j.State, j.Trigger, micros(j.CreatedAt), micros(j.StartedAt), micros(j.FinishedAt),
		j.LeaseOwner, micros(j.LeaseUntil), j.Attempts, doc, active)
	return err
}

// EnqueueJob inserts a job; ECONFLICT if the source has an active one or
// the id is taken, ENOTFOUND if the source does not exist.
func (s *Store) EnqueueJob(ctx context.Context, j *harvest.Job) error {
	if j == nil {
		return errMissing
	}
	if err := checkIDName(j.ID, j.SourceID); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, "harvest_sources", j.SourceID); err != nil || !ok {
			if err == nil {
				err = catalog.NotFound("Harvest source")
			}
			return err
		}
		if err := insertJob(ctx, tx, j); isConstraint(err) {
			return errActiveJob()
		} else if err != nil {
			return err
		}
		return nil
	})
}

// EnqueueScheduled moves next_run_at from due to next and queues the job
// (unless the source has an active one) in one transaction, if next_run_at
// still equals due.
func (s *Store) EnqueueScheduled(ctx context.Context, sourceID string, due, next time.Time, j *harvest.Job) (bool, error) {
	won := false
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE harvest_sources SET next_run_at = ? WHERE id = ? AND next_run_at = ?",
			micros(next), sourceID, micros(due))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		won = true
		var active int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM harvest_jobs WHERE active_source = ?", sourceID).Scan(&active); err != nil {
			return err
		}
		if active > 0 || j == nil {
			return nil
		}
		return insertJob(ctx, tx, j)
	})
	if err != nil {
		return false, err
	}
	return won, nil
}

// ActiveJob returns the source's active job.
func (s *Store) ActiveJob(ctx context.Context, sourceID string) (*harvest.Job, error) {
	return s.oneJob(ctx, "SELECT "+jobColumns+" FROM harvest_jobs WHERE active_source = ?", sourceID)
}

// Job returns one job.
func (s *Store) Job(ctx context.Context, id string) (*harvest.Job, error) {
	return s.oneJob(ctx, "SELECT "+jobColumns+" FROM harvest_jobs WHERE id = ?", id)
}

func (s *Store) oneJob(ctx context.Context, q string, arg string) (*harvest.Job, error) {
	if s.closed.Load() {
		return nil, s.fail(ctx, errClosed)
	}
	j, err := scanJob(s.r.QueryRowContext(ctx, q, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, catalog.NotFound("Harvest job")
	}
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return j, nil
}

func (s *Store) jobs(ctx context.Context, q string, args ...any) ([]*harvest.Job, error) {
	if s.closed.Load() {
		return nil, s.fail(ctx, errClosed)
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	defer rows.Close()
	var out []*harvest.Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, s.fail(ctx, err)
		}
		out = append(out, j)
	}
	return out, s.fail(ctx, rows.Err())
}

// Jobs lists a source's jobs, newest first.
func (s *Store) Jobs(ctx context.Context, sourceID string, limit int) ([]*harvest.Job, error) {
	q := "SELECT " + jobColumns + " FROM harvest_jobs WHERE source_id = ? ORDER BY created_at DESC, id DESC"
	if limit > 0 {
		return s.jobs(ctx, q+" LIMIT ?", sourceID, limit)
	}
	return s.jobs(ctx, q, sourceID)
}

// claimable is the condition ClaimableJobs and ClaimJob share.
const claimable = "(state IN ('queued', 'interrupted') OR (state = 'running' AND lease_until < ?))"

// ClaimableJobs lists jobs that can be claimed at now, oldest first.
func (s *Store) ClaimableJobs(ctx context.Context, now time.Time, limit int) ([]*harvest.Job, error) {
	if limit <= 0 {
		limit = 100
	}
	return s.jobs(ctx, "SELECT "+jobColumns+" FROM harvest_jobs WHERE "+claimable+" ORDER BY created_at, id LIMIT ?",
		micros(now), limit)
}

// ClaimJob takes a claimable job for owner: one UPDATE whose WHERE clause
// is the claim, so of two instances racing for a job exactly one wins.
func (s *Store) ClaimJob(ctx context.Context, id, owner string, now, until time.Time) (*harvest.Job, error) {
	if owner == "" {
		return nil, catalog.FieldInvalid("lease_owner", "Darf nicht leer sein.", "Must not be empty.")
	}
	var j *harvest.Job
	err := s.write(ctx, func(tx *sql.Tx) error {
		fresh, err := encodeJobDoc(&harvest.Job{})
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE harvest_jobs SET state = 'running', lease_owner = ?, lease_until = ?,
			attempts = attempts + 1, started_at = ?, finished_at = 0, doc = ? WHERE id = ? AND `+claimable,
			owner, micros(until), micros(now), fresh, id, micros(now))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			if ok, err := exists(ctx, tx, "harvest_jobs", id); err != nil {
				return err
			} else if !ok {
				return catalog.NotFound("Harvest job")
			}
			return errLeaseTaken()
		}
		// The attempt starts afresh: earlier attempts' entries go.
		if _, err := tx.ExecContext(ctx, "DELETE FROM harvest_record_errors WHERE job_id = ?", id); err != nil {
			return err
		}
		j, err = scanJob(tx.QueryRowContext(ctx, "SELECT "+jobColumns+" FROM harvest_jobs WHERE id = ?", id))
		return err
	})
	if err != nil {
		return nil, err
	}
	return j, nil
}

// Heartbeat renews the lease and stores progress while owner holds it.
func (s *Store) Heartbeat(ctx context.Context, j *harvest.Job, until time.Time) error {
	doc, err := encodeJobDoc(j)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE harvest_jobs SET lease_until = ?, doc = ?
			WHERE id = ? AND lease_owner = ? AND state = 'running'`, micros(until), doc, j.ID, j.LeaseOwner)
		return leaseHeld(res, err)
	})
}

// FinishJob stores the outcome and releases the lease while owner holds it.
func (s *Store) FinishJob(ctx context.Context, j *harvest.Job) error {
	doc, err := encodeJobDoc(j)
	if err != nil {
		return err
	}
	var active any
	if harvest.Active(j.State) {
		active = j.SourceID
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE harvest_jobs SET state = ?, finished_at = ?, lease_owner = '', lease_until = 0,
			active_source = ?, doc = ? WHERE id = ? AND lease_owner = ? AND state = 'running'`,
			j.State, micros(j.FinishedAt), active, doc, j.ID, j.LeaseOwner)
		return leaseHeld(res, err)
	})
}

func leaseHeld(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return errLeaseTaken()
	}
	return nil
}

// PruneJobs deletes all but the newest keep finished jobs of a source.
func (s *Store) PruneJobs(ctx context.Context, sourceID string, keep int) (int, error) {
	n := 0
	err := s.write(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM harvest_jobs WHERE source_id = ? AND active_source IS NULL
			ORDER BY created_at DESC, id DESC`, sourceID)
		if err != nil {
			return err
		}
		var old []string
		for i := 0; rows.Next(); i++ {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			if i >= keep {
				old = append(old, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range old {
			if _, err := tx.ExecContext(ctx, "DELETE FROM harvest_jobs WHERE id = ?", id); err != nil {
				return err
			}
		}
		n = len(old)
		return nil
	})
	return n, err
}

package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

// Leases across instances. Every change of a job's lease is one UPDATE
// whose WHERE clause states the condition (claimable; still held by this
// owner), so the row lock decides: under READ COMMITTED a second UPDATE on
// the row waits for the first to commit and re-evaluates its WHERE clause
// against the committed row, where the condition no longer holds. No
// SELECT-then-UPDATE, no advisory locks, no SERIALIZABLE retries.

// claimable is the condition ClaimableJobs and ClaimJob share ($1: now).
const claimable = "(state IN ('queued', 'interrupted') OR (state = 'running' AND lease_until < $1))"

// ClaimableJobs lists jobs that can be claimed at now, oldest first.
func (s *Store) ClaimableJobs(ctx context.Context, now time.Time, limit int) ([]*harvest.Job, error) {
	if limit <= 0 {
		limit = 100
	}
	return s.jobs(ctx, "SELECT "+jobColumns+" FROM harvest_jobs WHERE "+claimable+" ORDER BY created_at, id LIMIT $2",
		hmicros(now), limit)
}

// ClaimJob takes a claimable job for owner with one UPDATE … RETURNING,
// so of any number of instances racing for a job exactly one wins; the
// earlier attempts' report entries are deleted in the same transaction.
func (s *Store) ClaimJob(ctx context.Context, id, owner string, now, until time.Time) (*harvest.Job, error) {
	if owner == "" {
		return nil, catalog.FieldInvalid("lease_owner", "Darf nicht leer sein.", "Must not be empty.")
	}
	if !storable(owner) {
		return nil, errUnstorable("lease_owner")
	}
	if !storable(id) {
		return nil, s.notFound(ctx, "Harvest job")
	}
	fresh, err := encodeJobDoc(&harvest.Job{})
	if err != nil {
		return nil, err
	}
	var j *harvest.Job
	err = s.write(ctx, func(tx pgx.Tx) error {
		var err error
		j, err = scanJob(tx.QueryRow(ctx, `UPDATE harvest_jobs SET state = 'running', lease_owner = $2, lease_until = $3,
			attempts = attempts + 1, started_at = $1, finished_at = 0, doc = $4 WHERE id = $5 AND `+claimable+
			" RETURNING "+jobColumns, hmicros(now), owner, hmicros(until), fresh, id))
		if errors.Is(err, pgx.ErrNoRows) {
			if ok, err := exists(ctx, tx, "harvest_jobs", id); err != nil {
				return err
			} else if !ok {
				return catalog.NotFound("Harvest job")
			}
			return errLeaseTaken()
		}
		if err != nil {
			return err
		}
		// The attempt starts afresh. An owner that lost the lease cannot
		// add entries after this: AddRecordErrors locks the job row and
		// re-reads the owner (see harvest_reports.go).
		_, err = tx.Exec(ctx, "DELETE FROM harvest_record_errors WHERE job_id = $1", id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return j, nil
}

// Heartbeat renews the lease and stores progress while owner holds it.
func (s *Store) Heartbeat(ctx context.Context, j *harvest.Job, until time.Time) error {
	if err := checkHeld(j); err != nil {
		return err
	}
	doc, err := encodeJobDoc(j)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE harvest_jobs SET lease_until = $1, doc = $2
			WHERE id = $3 AND lease_owner = $4 AND state = 'running'`, hmicros(until), doc, j.ID, j.LeaseOwner)
		return leaseHeld(tag.RowsAffected(), err)
	})
}

// FinishJob stores the outcome and releases the lease while owner holds
// it. An interrupted job keeps its source's active slot.
func (s *Store) FinishJob(ctx context.Context, j *harvest.Job) error {
	if err := checkHeld(j); err != nil {
		return err
	}
	doc, err := encodeJobDoc(j)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE harvest_jobs SET state = $1, finished_at = $2, lease_owner = '', lease_until = 0,
			active_source = CASE WHEN $3::boolean THEN source_id END, doc = $4
			WHERE id = $5 AND lease_owner = $6 AND state = 'running'`,
			j.State, hmicros(j.FinishedAt), harvest.Active(j.State), doc, j.ID, j.LeaseOwner)
		return leaseHeld(tag.RowsAffected(), err)
	})
}

// leaseHeld turns "no row matched" into the lost-lease conflict.
func leaseHeld(n int64, err error) error {
	if err != nil {
		return err
	}
	if n == 0 {
		return errLeaseTaken()
	}
	return nil
}

// checkHeld vets the job a lease holder passes back: only its id, owner
// and state are looked at in the database, the rest is the document.
func checkHeld(j *harvest.Job) error {
	if j == nil {
		return errMissing
	}
	for _, f := range []struct{ field, v string }{{"id", j.ID}, {"lease_owner", j.LeaseOwner}, {"state", j.State}} {
		if !storable(f.v) {
			return errUnstorable(f.field)
		}
	}
	return nil
}

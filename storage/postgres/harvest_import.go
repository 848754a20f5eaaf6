package postgres

import (
	"context"
	"iter"

	"github.com/jackc/pgx/v5"

	"github.com/datenportal/datenportal/harvest"
)

// ImportHarvestJob stores a job exactly as another store holds it (state,
// times, lease, attempts, counts) together with its whole report, in one
// transaction, replacing a job with the same id and its report. It is for
// `datenportal copy`: harvest.Store only lets a lease holder write a
// report, and a finished job has none. report yields the entries in
// batches; it may be ranged over more than once, because a write whose
// connection broke is run again.
func (s *Store) ImportHarvestJob(ctx context.Context, j *harvest.Job, report iter.Seq2[[]harvest.RecordError, error]) error {
	if err := checkJob(j); err != nil {
		return err
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM harvest_jobs WHERE id = $1", j.ID); err != nil {
			return err
		}
		ok, err := insertJob(ctx, tx, j)
		if err != nil {
			return err
		}
		if !ok {
			return errActiveJob()
		}
		for batch, err := range report {
			if err != nil {
				return err
			}
			if len(batch) == 0 {
				continue
			}
			if err := insertRecordErrors(ctx, tx, j.ID, recordErrorColumns(batch)); err != nil {
				return err
			}
		}
		return nil
	})
}

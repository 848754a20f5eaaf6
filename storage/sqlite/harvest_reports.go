package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

// AddRecordErrors appends report entries of a job in one transaction,
// while job.LeaseOwner holds the job.
func (s *Store) AddRecordErrors(ctx context.Context, job *harvest.Job, errs []harvest.RecordError) error {
	if job == nil {
		return errMissing
	}
	if len(errs) == 0 {
		return nil
	}
	jobID := job.ID
	return s.write(ctx, func(tx *sql.Tx) error {
		var owner string
		err := tx.QueryRowContext(ctx, "SELECT lease_owner FROM harvest_jobs WHERE id = ?", jobID).Scan(&owner)
		if errors.Is(err, sql.ErrNoRows) {
			return catalog.NotFound("Harvest job")
		}
		if err != nil {
			return err
		}
		if owner == "" || owner != job.LeaseOwner {
			return errLeaseTaken()
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO harvest_record_errors
			(job_id, seq, original_id, dataset_id, stage, severity, field, message_de, message_en)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, e := range errs {
			if _, err := stmt.ExecContext(ctx, jobID, e.Seq, strings.ToValidUTF8(e.OriginalID, "\uFFFD"), e.DatasetID, e.Stage, e.Severity,
				strings.ToValidUTF8(e.Field, "\uFFFD"), strings.ToValidUTF8(e.DE, "\uFFFD"), strings.ToValidUTF8(e.EN, "\uFFFD")); err != nil {
				return err
			}
		}
		return nil
	})
}

// RecordErrors returns a job's report entries in order, paged.
func (s *Store) RecordErrors(ctx context.Context, jobID string, offset, limit int) ([]harvest.RecordError, error) {
	if s.closed.Load() {
		return nil, s.fail(ctx, errClosed)
	}
	if limit <= 0 {
		limit = 1000
	}
	rows, err := s.r.QueryContext(ctx, `SELECT job_id, seq, original_id, dataset_id, stage, severity, field, message_de, message_en
		FROM harvest_record_errors WHERE job_id = ? ORDER BY seq LIMIT ? OFFSET ?`, jobID, limit, max(offset, 0))
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	defer rows.Close()
	var out []harvest.RecordError
	for rows.Next() {
		var e harvest.RecordError
		if err := rows.Scan(&e.JobID, &e.Seq, &e.OriginalID, &e.DatasetID, &e.Stage, &e.Severity, &e.Field, &e.DE, &e.EN); err != nil {
			return nil, s.fail(ctx, err)
		}
		out = append(out, e)
	}
	return out, s.fail(ctx, rows.Err())
}

// MarkMissing keeps the first time a dataset was found missing.
func (s *Store) MarkMissing(ctx context.Context, sourceID, datasetID string, at time.Time) (time.Time, error) {
	var since int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO harvest_missing (source_id, dataset_id, since) VALUES (?, ?, ?)
			ON CONFLICT (source_id, dataset_id) DO NOTHING`, sourceID, datasetID, micros(at)); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, "SELECT since FROM harvest_missing WHERE source_id = ? AND dataset_id = ?",
			sourceID, datasetID).Scan(&since)
	})
	if err != nil {
		return time.Time{}, err
	}
	return fromHarvestMicros(since), nil
}

// ClearMissing forgets marks.
func (s *Store) ClearMissing(ctx context.Context, sourceID string, datasetIDs []string) error {
	if len(datasetIDs) == 0 {
		return nil
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		for _, id := range datasetIDs {
			if _, err := tx.ExecContext(ctx, "DELETE FROM harvest_missing WHERE source_id = ? AND dataset_id = ?", sourceID, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// Missing returns dataset id → missing since for a source.
func (s *Store) Missing(ctx context.Context, sourceID string) (map[string]time.Time, error) {
	if s.closed.Load() {
		return nil, s.fail(ctx, errClosed)
	}
	rows, err := s.r.QueryContext(ctx, "SELECT dataset_id, since FROM harvest_missing WHERE source_id = ?", sourceID)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var id string
		var since int64
		if err := rows.Scan(&id, &since); err != nil {
			return nil, s.fail(ctx, err)
		}
		out[id] = fromHarvestMicros(since)
	}
	return out, s.fail(ctx, rows.Err())
}

package postgres

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

// AddRecordErrors appends report entries of a job in one statement, while
// job.LeaseOwner holds the job. The owner is read with FOR SHARE: a claim
// by another instance (an UPDATE of the row) then waits until these
// entries are committed and deletes them with the rest of the old
// attempt, and an owner that lost the race sees the new owner and writes
// nothing. A plain read could pass the check just before a takeover and
// insert into the new attempt's report.
func (s *Store) AddRecordErrors(ctx context.Context, job *harvest.Job, errs []harvest.RecordError) error {
	if job == nil {
		return errMissing
	}
	if len(errs) == 0 {
		return nil
	}
	if !storable(job.ID) {
		return s.notFound(ctx, "Harvest job")
	}
	cols := recordErrorColumns(errs)
	return s.write(ctx, func(tx pgx.Tx) error {
		var owner string
		err := tx.QueryRow(ctx, "SELECT lease_owner FROM harvest_jobs WHERE id = $1 FOR SHARE", job.ID).Scan(&owner)
		if errors.Is(err, pgx.ErrNoRows) {
			return catalog.NotFound("Harvest job")
		}
		if err != nil {
			return err
		}
		if owner == "" || owner != job.LeaseOwner {
			return errLeaseTaken()
		}
		return insertRecordErrors(ctx, tx, job.ID, cols)
	})
}

// recordErrorCols are report entries column by column, for unnest.
type recordErrorCols struct {
	seq                                                   []int32
	originalID, datasetID, stage, severity, field, de, en []string
}

// recordErrorColumns splits entries into columns. Texts come from outside
// sources, so invalid UTF-8 and NUL (which PostgreSQL refuses, SQLite
// would keep) become U+FFFD instead of failing the job's report.
func recordErrorColumns(errs []harvest.RecordError) *recordErrorCols {
	c := &recordErrorCols{}
	for _, e := range errs {
		c.seq = append(c.seq, int32(e.Seq))
		c.originalID = append(c.originalID, text(e.OriginalID))
		c.datasetID = append(c.datasetID, text(e.DatasetID))
		c.stage = append(c.stage, text(e.Stage))
		c.severity = append(c.severity, text(e.Severity))
		c.field = append(c.field, text(e.Field))
		c.de = append(c.de, text(e.DE))
		c.en = append(c.en, text(e.EN))
	}
	return c
}

func text(s string) string {
	if storable(s) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

func insertRecordErrors(ctx context.Context, tx pgx.Tx, jobID string, c *recordErrorCols) error {
	_, err := tx.Exec(ctx, `INSERT INTO harvest_record_errors
		(job_id, seq, original_id, dataset_id, stage, severity, field, message_de, message_en)
		SELECT $1, * FROM unnest($2::integer[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])`,
		jobID, c.seq, c.originalID, c.datasetID, c.stage, c.severity, c.field, c.de, c.en)
	return err
}

// RecordErrors returns a job's report entries in order, paged.
func (s *Store) RecordErrors(ctx context.Context, jobID string, offset, limit int) ([]harvest.RecordError, error) {
	if !storable(jobID) {
		return nil, s.nothing(ctx)
	}
	if limit <= 0 {
		limit = 1000
	}
	var out []harvest.RecordError
	err := s.read(ctx, func(q querier) error {
		rows, err := q.Query(ctx, `SELECT job_id, seq, original_id, dataset_id, stage, severity, field, message_de, message_en
			FROM harvest_record_errors WHERE job_id = $1 ORDER BY seq LIMIT $2 OFFSET $3`, jobID, limit, max(offset, 0))
		if err != nil {
			return err
		}
		out, err = collect(rows, func(r pgx.CollectableRow) (harvest.RecordError, error) {
			var e harvest.RecordError
			err := r.Scan(&e.JobID, &e.Seq, &e.OriginalID, &e.DatasetID, &e.Stage, &e.Severity, &e.Field, &e.DE, &e.EN)
			return e, err
		})
		return err
	})
	return out, err
}

// MarkMissing keeps the first time a dataset was found missing: the
// upsert leaves an existing mark as it is and returns it, in one
// statement, so two instances marking at once agree on the time.
func (s *Store) MarkMissing(ctx context.Context, sourceID, datasetID string, at time.Time) (time.Time, error) {
	if !storable(sourceID) {
		return time.Time{}, s.notFound(ctx, "Harvest source")
	}
	if !storable(datasetID) {
		return time.Time{}, errUnstorable("dataset_id")
	}
	var since int64
	err := s.write(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO harvest_missing (source_id, dataset_id, since) VALUES ($1, $2, $3)
			ON CONFLICT (source_id, dataset_id) DO UPDATE SET since = harvest_missing.since RETURNING since`,
			sourceID, datasetID, hmicros(at)).Scan(&since)
		if constraintViolated(err, foreignKeyViolation) != "" {
			return catalog.NotFound("Harvest source")
		}
		return err
	})
	if err != nil {
		return time.Time{}, err
	}
	return fromHMicros(since), nil
}

// ClearMissing forgets marks, in one statement.
func (s *Store) ClearMissing(ctx context.Context, sourceID string, datasetIDs []string) error {
	ids := make([]string, 0, len(datasetIDs))
	for _, id := range datasetIDs {
		if storable(id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 || !storable(sourceID) {
		return s.nothing(ctx)
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "DELETE FROM harvest_missing WHERE source_id = $1 AND dataset_id = ANY($2)", sourceID, ids)
		return err
	})
}

// Missing returns dataset id → missing since for a source.
func (s *Store) Missing(ctx context.Context, sourceID string) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	if !storable(sourceID) {
		return out, s.nothing(ctx)
	}
	err := s.read(ctx, func(q querier) error {
		clear(out)
		rows, err := q.Query(ctx, "SELECT dataset_id, since FROM harvest_missing WHERE source_id = $1", sourceID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var since int64
			if err := rows.Scan(&id, &since); err != nil {
				return err
			}
			out[id] = fromHMicros(since)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/datenportal/datenportal/catalog"
)

// CreateDataset inserts d with its distributions and a "create" change.
func (s *Store) CreateDataset(ctx context.Context, d *catalog.Dataset) (int64, error) {
	row, err := encodeDataset(d)
	if err != nil {
		return 0, err
	}
	var seq int64
	err = s.write(ctx, func(tx pgx.Tx) error {
		// ON CONFLICT DO NOTHING instead of catching the violation: an
		// error would abort the transaction, and the conflict check below
		// must still query in it. It also waits for a concurrent insert of
		// the same name and then sees it committed.
		tag, err := tx.Exec(ctx, `INSERT INTO datasets
			(id, name, organization_id, private, state, harvest_source_id, created_at, modified_at, doc)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
			row.id, row.name, row.orgID, row.private, row.state, row.harvestSourceID,
			row.createdAt, row.modifiedAt, row.doc)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return datasetConflict(ctx, tx, row)
		}
		if err := insertDistributions(ctx, tx, row); err != nil {
			return err
		}
		seq, err = appendChange(ctx, tx, row.id, row.name, row.orgID, catalog.OpCreate, row.public())
		return err
	})
	return seq, err
}

// UpdateDataset replaces the dataset with d.ID, guarded by ifModifiedAt.
// The row is locked before the comparison, so of two writers holding the
// same version (on one instance or two) exactly one succeeds.
func (s *Store) UpdateDataset(ctx context.Context, d *catalog.Dataset, ifModifiedAt time.Time) (int64, error) {
	row, err := encodeDataset(d)
	if err != nil {
		return 0, err
	}
	var seq int64
	err = s.write(ctx, func(tx pgx.Tx) error {
		var oldState string
		var oldModified int64
		err := tx.QueryRow(ctx, "SELECT state, modified_at FROM datasets WHERE id = $1 FOR UPDATE", row.id).
			Scan(&oldState, &oldModified)
		if errors.Is(err, pgx.ErrNoRows) {
			return catalog.NotFound("Dataset")
		}
		if err != nil {
			return err
		}
		if !ifModifiedAt.IsZero() && toMicros(ifModifiedAt) != oldModified {
			return errStale()
		}
		_, err = tx.Exec(ctx, `UPDATE datasets SET
			name = $1, organization_id = $2, private = $3, state = $4, harvest_source_id = $5,
			created_at = $6, modified_at = $7, doc = $8
			WHERE id = $9`,
			row.name, row.orgID, row.private, row.state, row.harvestSourceID,
			row.createdAt, row.modifiedAt, row.doc, row.id)
		if constraintViolated(err, uniqueViolation) == "datasets_name_key" {
			// The id is the row's own, so only the name can collide.
			return conflict("name", msgURLTaken)
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM distributions WHERE dataset_id = $1", row.id); err != nil {
			return err
		}
		if err := insertDistributions(ctx, tx, row); err != nil {
			return err
		}
		op := catalog.OpUpdate
		if row.state == catalog.StateDeleted && oldState != catalog.StateDeleted {
			op = catalog.OpDelete
		}
		seq, err = appendChange(ctx, tx, row.id, row.name, row.orgID, op, row.public())
		return err
	})
	return seq, err
}

// PurgeDataset deletes the dataset, its distribution lookups (by cascade)
// and their download counts, and logs a "purge".
func (s *Store) PurgeDataset(ctx context.Context, id string) (int64, error) {
	if !storable(id) {
		return 0, catalog.NotFound("Dataset")
	}
	var seq int64
	err := s.write(ctx, func(tx pgx.Tx) error {
		var name, orgID string
		err := tx.QueryRow(ctx, "SELECT name, organization_id FROM datasets WHERE id = $1 FOR UPDATE", id).Scan(&name, &orgID)
		if errors.Is(err, pgx.ErrNoRows) {
			return catalog.NotFound("Dataset")
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx,
			"DELETE FROM downloads WHERE distribution_id IN (SELECT id FROM distributions WHERE dataset_id = $1)", id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM datasets WHERE id = $1", id); err != nil {
			return err
		}
		seq, err = appendChange(ctx, tx, id, name, orgID, catalog.OpPurge, false)
		return err
	})
	return seq, err
}

// insertDistributions adds the lookup rows in one statement; the ids that
// did not go in were taken by another dataset, and the first of them is
// the field to report.
func insertDistributions(ctx context.Context, tx pgx.Tx, row *datasetRow) error {
	if len(row.distIDs) == 0 {
		return nil
	}
	rows, err := tx.Query(ctx, `INSERT INTO distributions (id, dataset_id)
		SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING RETURNING id`, row.distIDs, row.id)
	if err != nil {
		return err
	}
	inserted, err := collect(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	if len(inserted) == len(row.distIDs) {
		return nil
	}
	got := make(map[string]bool, len(inserted))
	for _, id := range inserted {
		got[id] = true
	}
	for i, id := range row.distIDs {
		if !got[id] {
			return conflict(fmt.Sprintf("resources.%d.id", i), msgIDTaken)
		}
	}
	return nil
}

// datasetConflict names the field an insert collided on, as storage/sqlite
// does: the name when another dataset has it, else the id.
func datasetConflict(ctx context.Context, tx pgx.Tx, row *datasetRow) error {
	var nameTaken, idTaken bool
	err := tx.QueryRow(ctx, `SELECT
		EXISTS (SELECT 1 FROM datasets WHERE name = $1 AND id <> $2),
		EXISTS (SELECT 1 FROM datasets WHERE id = $2)`, row.name, row.id).Scan(&nameTaken, &idTaken)
	switch {
	case err != nil:
		return err
	case nameTaken:
		return conflict("name", msgURLTaken)
	case idTaken:
		return conflict("id", msgIDTaken)
	}
	// The colliding row was purged between the insert and this check.
	return &catalog.Error{Code: catalog.ECONFLICT, Message: "Concurrent change; try again.",
		MessageDE: "Gleichzeitige Änderung; bitte erneut versuchen."}
}

// appendChangeSQL takes the next sequence from the counter row and writes
// the entry in one statement, the last of the transaction: from here to
// the end of COMMIT other dataset writers wait on the row lock, which is
// what makes entries visible in sequence order (see doc.go). The time is
// the database's clock, never earlier than the previous entry's. The
// NOTIFY is queued with the transaction and delivered only on commit.
const appendChangeSQL = `WITH c AS (
		UPDATE change_counter SET seq = seq + 1,
			at = greatest(at, floor(extract(epoch FROM clock_timestamp()) * 1000000)::bigint)
		RETURNING seq, at
	), e AS (
		INSERT INTO changes (seq, dataset_id, name, op, public, organization_id, at)
		SELECT seq, $1, $2, $3, $4, $5, at FROM c
		RETURNING seq
	), n AS (
		SELECT pg_notify('` + notifyChannel + `', current_schema())
	)
	SELECT e.seq FROM e, n`

func appendChange(ctx context.Context, tx pgx.Tx, id, name, orgID, op string, public bool) (int64, error) {
	var seq int64
	err := tx.QueryRow(ctx, appendChangeSQL, id, name, op, public, orgID).Scan(&seq)
	return seq, err
}

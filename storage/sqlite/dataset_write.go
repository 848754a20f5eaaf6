package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// write runs fn in one immediate transaction on the writer connection.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.closed.Load() {
		return s.fail(ctx, errClosed)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return s.fail(ctx, err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return s.fail(ctx, err)
	}
	return s.fail(ctx, tx.Commit())
}

// CreateDataset inserts d with its distributions and a "create" change.
func (s *Store) CreateDataset(ctx context.Context, d *catalog.Dataset) (int64, error) {
	row, err := encodeDataset(d)
	if err != nil {
		return 0, err
	}
	var seq int64
	err = s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO datasets
			(id, name, organization_id, private, state, harvest_source_id, created_at, modified_at, doc)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			row.id, row.name, row.orgID, row.private, row.state, row.harvestSourceID,
			row.createdAt, row.modifiedAt, row.doc)
		if isConstraint(err) {
			return datasetConflict(ctx, tx, row, err)
		}
		if err != nil {
			return err
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
func (s *Store) UpdateDataset(ctx context.Context, d *catalog.Dataset, ifModifiedAt time.Time) (int64, error) {
	row, err := encodeDataset(d)
	if err != nil {
		return 0, err
	}
	var seq int64
	err = s.write(ctx, func(tx *sql.Tx) error {
		var oldState string
		var oldModified int64
		err := tx.QueryRowContext(ctx, "SELECT state, modified_at FROM datasets WHERE id = ?", row.id).
			Scan(&oldState, &oldModified)
		if errors.Is(err, sql.ErrNoRows) {
			return catalog.NotFound("Dataset")
		}
		if err != nil {
			return err
		}
		if !ifModifiedAt.IsZero() && toMicros(ifModifiedAt) != oldModified {
			return errStale()
		}
		_, err = tx.ExecContext(ctx, `UPDATE datasets SET
			name = ?, organization_id = ?, private = ?, state = ?, harvest_source_id = ?,
			created_at = ?, modified_at = ?, doc = ?
			WHERE id = ?`,
			row.name, row.orgID, row.private, row.state, row.harvestSourceID,
			row.createdAt, row.modifiedAt, row.doc, row.id)
		if isConstraint(err) {
			return datasetConflict(ctx, tx, row, err)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM distributions WHERE dataset_id = ?", row.id); err != nil {
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
	var seq int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		var name, orgID string
		err := tx.QueryRowContext(ctx, "SELECT name, organization_id FROM datasets WHERE id = ?", id).Scan(&name, &orgID)
		if errors.Is(err, sql.ErrNoRows) {
			return catalog.NotFound("Dataset")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx,
			"DELETE FROM downloads WHERE distribution_id IN (SELECT id FROM distributions WHERE dataset_id = ?)", id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM datasets WHERE id = ?", id); err != nil {
			return err
		}
		seq, err = appendChange(ctx, tx, id, name, orgID, catalog.OpPurge, false)
		return err
	})
	return seq, err
}

func insertDistributions(ctx context.Context, tx *sql.Tx, row *datasetRow) error {
	if len(row.distIDs) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO distributions (id, dataset_id) VALUES (?, ?)")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i, id := range row.distIDs {
		_, err := stmt.ExecContext(ctx, id, row.id)
		if isConstraint(err) {
			return conflict(fmt.Sprintf("resources.%d.id", i), msgIDTaken)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// datasetConflict names the field a failed insert or update collided on.
func datasetConflict(ctx context.Context, tx *sql.Tx, row *datasetRow, cause error) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM datasets WHERE name = ? AND id <> ?", row.name, row.id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return conflict("name", msgURLTaken)
	}
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM datasets WHERE id = ?", row.id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return conflict("id", msgIDTaken)
	}
	return cause
}

func appendChange(ctx context.Context, tx *sql.Tx, id, name, orgID, op string, public bool) (int64, error) {
	var seq int64
	err := tx.QueryRowContext(ctx, `INSERT INTO changes (dataset_id, name, op, public, organization_id, at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING seq`,
		id, name, op, public, orgID, toMicros(time.Now())).Scan(&seq)
	return seq, err
}

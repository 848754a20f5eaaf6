package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

var _ harvest.Store = (*Store)(nil)

// micros and fromHarvestMicros map the zero time to 0 and back, so that
// "unset" survives a round trip and sorts first.
func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return toMicros(t)
}

func fromHarvestMicros(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return fromMicros(us)
}

const sourceColumns = "id, name, kind, url, organization_id, schedule, config, next_run_at, last_complete_at, created_at, modified_at"

func scanSource(row interface{ Scan(...any) error }) (*harvest.SourceConfig, error) {
	var s harvest.SourceConfig
	var config string
	var next, last, created, modified int64
	if err := row.Scan(&s.ID, &s.Name, &s.Kind, &s.URL, &s.OrganizationID, &s.Schedule, &config,
		&next, &last, &created, &modified); err != nil {
		return nil, err
	}
	if config != "" {
		s.Config = []byte(config)
	}
	s.NextRunAt, s.LastCompleteAt = fromHarvestMicros(next), fromHarvestMicros(last)
	s.CreatedAt, s.ModifiedAt = fromHarvestMicros(created), fromHarvestMicros(modified)
	return &s, nil
}

func sourceArgs(s *harvest.SourceConfig) []any {
	return []any{s.Name, s.Kind, s.URL, s.OrganizationID, s.Schedule, string(s.Config),
		micros(s.NextRunAt), micros(s.LastCompleteAt), micros(s.CreatedAt), micros(s.ModifiedAt)}
}

// CreateSource inserts a harvest source; a taken id or name is ECONFLICT.
func (s *Store) CreateSource(ctx context.Context, src *harvest.SourceConfig) error {
	if src == nil {
		return errMissing
	}
	if err := checkIDName(src.ID, src.Name); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO harvest_sources ("+sourceColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			append([]any{src.ID}, sourceArgs(src)...)...)
		if isConstraint(err) {
			return uniqueConflict(ctx, tx, "harvest_sources", src.ID, src.Name, msgURLTaken)
		}
		return err
	})
}

// UpdateSource replaces the source with src.ID.
func (s *Store) UpdateSource(ctx context.Context, src *harvest.SourceConfig) error {
	if src == nil {
		return errMissing
	}
	if err := checkIDName(src.ID, src.Name); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE harvest_sources SET name = ?, kind = ?, url = ?, organization_id = ?,
			schedule = ?, config = ?, next_run_at = ?, last_complete_at = ?, created_at = ?, modified_at = ? WHERE id = ?`,
			append(sourceArgs(src), src.ID)...)
		if isConstraint(err) {
			return uniqueConflict(ctx, tx, "harvest_sources", src.ID, src.Name, msgURLTaken)
		}
		return affected(res, err, "Harvest source")
	})
}

// DeleteSource removes a source; its jobs, report entries and marks go
// with it (ON DELETE CASCADE).
func (s *Store) DeleteSource(ctx context.Context, id string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM harvest_sources WHERE id = ?", id)
		return affected(res, err, "Harvest source")
	})
}

// Source finds a source by id, or else by name.
func (s *Store) Source(ctx context.Context, idOrName string) (*harvest.SourceConfig, error) {
	if s.closed.Load() {
		return nil, s.fail(ctx, errClosed)
	}
	src, err := scanSource(s.r.QueryRowContext(ctx, "SELECT "+sourceColumns+
		" FROM harvest_sources WHERE id = ?1 OR name = ?1 ORDER BY id = ?1 DESC LIMIT 1", idOrName))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, catalog.NotFound("Harvest source")
	}
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return src, nil
}

// Sources lists every source by name.
func (s *Store) Sources(ctx context.Context) ([]*harvest.SourceConfig, error) {
	if s.closed.Load() {
		return nil, s.fail(ctx, errClosed)
	}
	rows, err := s.r.QueryContext(ctx, "SELECT "+sourceColumns+" FROM harvest_sources ORDER BY name")
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	defer rows.Close()
	var out []*harvest.SourceConfig
	for rows.Next() {
		src, err := scanSource(rows)
		if err != nil {
			return nil, s.fail(ctx, err)
		}
		out = append(out, src)
	}
	return out, s.fail(ctx, rows.Err())
}

// SetLastComplete records the start of a complete, error-free run.
func (s *Store) SetLastComplete(ctx context.Context, sourceID string, at time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE harvest_sources SET last_complete_at = ? WHERE id = ?", micros(at), sourceID)
		return affected(res, err, "Harvest source")
	})
}

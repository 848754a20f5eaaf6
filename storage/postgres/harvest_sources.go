package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

var _ harvest.Store = (*Store)(nil)

// hmicros and fromHMicros map the zero time to 0 and back, as
// storage/sqlite's harvest tables do, so that "unset" survives a round trip
// and sorts first.
func hmicros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return toMicros(t)
}

func fromHMicros(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return fromMicros(us)
}

const sourceColumns = "id, name, kind, url, organization_id, schedule, config, next_run_at, last_complete_at, created_at, modified_at"

func scanSource(row pgx.Row) (*harvest.SourceConfig, error) {
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
	s.NextRunAt, s.LastCompleteAt = fromHMicros(next), fromHMicros(last)
	s.CreatedAt, s.ModifiedAt = fromHMicros(created), fromHMicros(modified)
	return &s, nil
}

// sourceArgs are the columns after id. Every text is checked first: the
// database refuses invalid UTF-8 and NUL, and the caller should learn
// which field it was rather than get an internal error.
func sourceArgs(s *harvest.SourceConfig) ([]any, error) {
	if err := checkIDName(s.ID, s.Name); err != nil {
		return nil, err
	}
	if f := unstorableField(s); f != "" {
		return nil, errUnstorable(f)
	}
	if !storable(string(s.Config)) {
		return nil, errUnstorable("config")
	}
	return []any{s.Name, s.Kind, s.URL, s.OrganizationID, s.Schedule, string(s.Config),
		hmicros(s.NextRunAt), hmicros(s.LastCompleteAt), hmicros(s.CreatedAt), hmicros(s.ModifiedAt)}, nil
}

// CreateSource inserts a harvest source; a taken id or name is ECONFLICT.
func (s *Store) CreateSource(ctx context.Context, src *harvest.SourceConfig) error {
	if src == nil {
		return errMissing
	}
	args, err := sourceArgs(src)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		// DO NOTHING keeps the transaction usable to find out which of the
		// two keys was taken.
		tag, err := tx.Exec(ctx, "INSERT INTO harvest_sources ("+sourceColumns+
			") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING",
			append([]any{src.ID}, args...)...)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return uniqueConflict(ctx, tx, "harvest_sources", src.ID, src.Name, msgURLTaken)
		}
		return nil
	})
}

// UpdateSource replaces the source with src.ID.
func (s *Store) UpdateSource(ctx context.Context, src *harvest.SourceConfig) error {
	if src == nil {
		return errMissing
	}
	args, err := sourceArgs(src)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE harvest_sources SET name = $1, kind = $2, url = $3, organization_id = $4,
			schedule = $5, config = $6, next_run_at = $7, last_complete_at = $8, created_at = $9, modified_at = $10
			WHERE id = $11`, append(args, src.ID)...)
		if constraintViolated(err, uniqueViolation) == "harvest_sources_name_key" {
			return conflict("name", msgURLTaken)
		}
		return affected(tag.RowsAffected(), err, "Harvest source")
	})
}

// DeleteSource removes a source; its jobs, report entries and marks go
// with it (ON DELETE CASCADE).
func (s *Store) DeleteSource(ctx context.Context, id string) error {
	if !storable(id) {
		return s.notFound(ctx, "Harvest source")
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "DELETE FROM harvest_sources WHERE id = $1", id)
		return affected(tag.RowsAffected(), err, "Harvest source")
	})
}

// Source finds a source by id, or else by name.
func (s *Store) Source(ctx context.Context, idOrName string) (*harvest.SourceConfig, error) {
	if !storable(idOrName) {
		return nil, s.notFound(ctx, "Harvest source")
	}
	var src *harvest.SourceConfig
	err := s.read(ctx, func(q querier) error {
		var err error
		src, err = scanSource(q.QueryRow(ctx, "SELECT "+sourceColumns+
			" FROM harvest_sources WHERE id = $1 OR name = $1 ORDER BY id = $1 DESC LIMIT 1", idOrName))
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, catalog.NotFound("Harvest source")
	}
	if err != nil {
		return nil, err
	}
	return src, nil
}

// Sources lists every source by name.
func (s *Store) Sources(ctx context.Context) ([]*harvest.SourceConfig, error) {
	var out []*harvest.SourceConfig
	err := s.read(ctx, func(q querier) error {
		rows, err := q.Query(ctx, "SELECT "+sourceColumns+" FROM harvest_sources ORDER BY name")
		if err != nil {
			return err
		}
		out, err = collect(rows, func(r pgx.CollectableRow) (*harvest.SourceConfig, error) { return scanSource(r) })
		return err
	})
	return out, err
}

// SetLastComplete records the start of a complete, error-free run.
func (s *Store) SetLastComplete(ctx context.Context, sourceID string, at time.Time) error {
	if !storable(sourceID) {
		return s.notFound(ctx, "Harvest source")
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "UPDATE harvest_sources SET last_complete_at = $1 WHERE id = $2", hmicros(at), sourceID)
		return affected(tag.RowsAffected(), err, "Harvest source")
	})
}

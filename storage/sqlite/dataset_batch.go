package sqlite

import (
	"context"
	"encoding/json"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// The batch reads pass the ids as one JSON array (json_each), so the
// statement text is the same for every page size and no query grows with
// the number of placeholders.

// DatasetVersions returns the ModifiedAt of each dataset of ids that
// exists, in one query.
func (s *Store) DatasetVersions(ctx context.Context, ids []string) (map[string]time.Time, error) {
	out := make(map[string]time.Time, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	if s.closed.Load() {
		return nil, s.fail(ctx, errClosed)
	}
	arg, err := json.Marshal(ids)
	if err != nil {
		return nil, catalog.Internal(err)
	}
	rows, err := s.r.QueryContext(ctx,
		"SELECT id, modified_at FROM datasets WHERE id IN (SELECT value FROM json_each(?))", string(arg))
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var mod int64
		if err := rows.Scan(&id, &mod); err != nil {
			return nil, s.fail(ctx, err)
		}
		out[id] = fromMicros(mod)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(ctx, err)
	}
	return out, nil
}

// DatasetsByID returns the datasets of ids that exist, in one query.
func (s *Store) DatasetsByID(ctx context.Context, ids []string) (map[string]*catalog.Dataset, error) {
	out := make(map[string]*catalog.Dataset, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	if s.closed.Load() {
		return nil, s.fail(ctx, errClosed)
	}
	arg, err := json.Marshal(ids)
	if err != nil {
		return nil, catalog.Internal(err)
	}
	rows, err := s.r.QueryContext(ctx,
		"SELECT doc FROM datasets WHERE id IN (SELECT value FROM json_each(?))", string(arg))
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	defer rows.Close()
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return nil, s.fail(ctx, err)
		}
		d, err := decodeDataset(doc)
		if err != nil {
			return nil, err
		}
		out[d.ID] = d
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(ctx, err)
	}
	return out, nil
}

package postgres

import (
	"context"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// storableIDs drops ids that cannot be TEXT values (no dataset has them).
func storableIDs(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if storable(id) {
			out = append(out, id)
		}
	}
	return out
}

// DatasetVersions returns the ModifiedAt of each dataset of ids that
// exists, in one query.
func (s *Store) DatasetVersions(ctx context.Context, ids []string) (map[string]time.Time, error) {
	out := make(map[string]time.Time, len(ids))
	if ids = storableIDs(ids); len(ids) == 0 {
		return out, nil
	}
	err := s.read(ctx, func(q querier) error {
		clear(out) // a retried read starts over
		rows, err := q.Query(ctx, "SELECT id, modified_at FROM datasets WHERE id = ANY($1)", ids)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var mod int64
			if err := rows.Scan(&id, &mod); err != nil {
				return err
			}
			out[id] = fromMicros(mod)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DatasetsByID returns the datasets of ids that exist, in one query.
func (s *Store) DatasetsByID(ctx context.Context, ids []string) (map[string]*catalog.Dataset, error) {
	out := make(map[string]*catalog.Dataset, len(ids))
	if ids = storableIDs(ids); len(ids) == 0 {
		return out, nil
	}
	err := s.read(ctx, func(q querier) error {
		clear(out)
		rows, err := q.Query(ctx, "SELECT doc FROM datasets WHERE id = ANY($1)", ids)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var doc []byte
			if err := rows.Scan(&doc); err != nil {
				return err
			}
			d, err := decodeDataset(doc)
			if err != nil {
				return err
			}
			out[d.ID] = d
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

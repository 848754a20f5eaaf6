package postgres

import (
	"context"
	"sort"

	"github.com/jackc/pgx/v5"

	"github.com/datenportal/datenportal/catalog"
)

// AddDownloads adds counts in one statement, so a batch of counted
// downloads is recorded whole or not at all. Every instance flushes its
// own counts; the upsert adds to whatever the others wrote.
func (s *Store) AddDownloads(ctx context.Context, counts map[string]int64) error {
	if len(counts) == 0 {
		return nil
	}
	ids := make([]string, 0, len(counts))
	for id, n := range counts {
		if id == "" || n < 0 || !storable(id) {
			return catalog.FieldInvalid("downloads", "Ungültige Download-Zahl.", "Invalid download count.")
		}
		ids = append(ids, id)
	}
	// Rows are locked in id order, so two instances flushing overlapping
	// batches cannot deadlock.
	sort.Strings(ids)
	ns := make([]int64, len(ids))
	for i, id := range ids {
		ns[i] = counts[id]
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO downloads (distribution_id, count)
			SELECT * FROM unnest($1::text[], $2::bigint[])
			ON CONFLICT (distribution_id) DO UPDATE SET count = downloads.count + excluded.count`, ids, ns)
		return err
	})
}

// Downloads returns the counts of the given distributions; ones never
// downloaded are absent (a missing key reads as 0).
func (s *Store) Downloads(ctx context.Context, distributionIDs []string) (map[string]int64, error) {
	if len(distributionIDs) == 0 {
		return map[string]int64{}, nil
	}
	ids := make([]string, 0, len(distributionIDs))
	for _, id := range distributionIDs {
		if storable(id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return map[string]int64{}, s.nothing(ctx)
	}
	var out map[string]int64
	err := s.read(ctx, func(q querier) error {
		rows, err := q.Query(ctx, "SELECT distribution_id, count FROM downloads WHERE distribution_id = ANY($1)", ids)
		if err != nil {
			return err
		}
		defer rows.Close()
		out = make(map[string]int64, len(ids))
		for rows.Next() {
			var id string
			var n int64
			if err := rows.Scan(&id, &n); err != nil {
				return err
			}
			out[id] = n
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

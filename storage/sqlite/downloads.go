package sqlite

import (
	"context"
	"database/sql"
	"sort"

	"github.com/datenportal/datenportal/catalog"
)

// AddDownloads adds counts in one transaction, so a batch of counted
// downloads is recorded whole or not at all.
func (s *Store) AddDownloads(ctx context.Context, counts map[string]int64) error {
	if len(counts) == 0 {
		return nil
	}
	ids := make([]string, 0, len(counts))
	for id, n := range counts {
		if id == "" || n < 0 {
			return catalog.FieldInvalid("downloads", "Ungültige Download-Zahl.", "Invalid download count.")
		}
		ids = append(ids, id)
	}
	// A fixed order keeps the statement sequence deterministic; it does
	// not matter for correctness with one writer.
	sort.Strings(ids)
	return s.write(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO downloads (distribution_id, count) VALUES (?, ?)
			ON CONFLICT (distribution_id) DO UPDATE SET count = downloads.count + excluded.count`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, id := range ids {
			if _, err := stmt.ExecContext(ctx, id, counts[id]); err != nil {
				return err
			}
		}
		return nil
	})
}

// Downloads returns the counts of the given distributions; ones never
// downloaded are absent (a missing key reads as 0).
func (s *Store) Downloads(ctx context.Context, distributionIDs []string) (map[string]int64, error) {
	out := make(map[string]int64, len(distributionIDs))
	if len(distributionIDs) == 0 {
		return out, nil
	}
	if s.closed.Load() {
		return nil, s.fail(ctx, errClosed)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT distribution_id, count FROM downloads
		WHERE distribution_id IN (SELECT value FROM json_each(?))`, jsonList(distributionIDs))
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, s.fail(ctx, err)
		}
		out[id] = n
	}
	return out, s.fail(ctx, rows.Err())
}

package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/datenportal/datenportal/catalog"
)

// Dataset finds a dataset by id, or else by name. The id wins when a name
// happens to equal another dataset's id, as in CKAN.
func (s *Store) Dataset(ctx context.Context, idOrName string) (*catalog.Dataset, error) {
	return s.datasetWhere(ctx, idOrName,
		"SELECT doc FROM datasets WHERE id = $1 OR name = $1 ORDER BY id = $1 DESC LIMIT 1")
}

// DatasetVersion reads only the id and modification time, so validating a
// cached dataset costs no JSON decoding.
func (s *Store) DatasetVersion(ctx context.Context, idOrName string) (string, time.Time, error) {
	if !storable(idOrName) {
		return "", time.Time{}, s.notFound(ctx, "Dataset")
	}
	var id string
	var mod int64
	err := s.read(ctx, func(q querier) error {
		return q.QueryRow(ctx, "SELECT id, modified_at FROM datasets WHERE id = $1 OR name = $1 ORDER BY id = $1 DESC LIMIT 1", idOrName).Scan(&id, &mod)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return "", time.Time{}, catalog.NotFound("Dataset")
	}
	if err != nil {
		return "", time.Time{}, err
	}
	return id, fromMicros(mod), nil
}

// WasPublic reads the dataset's earlier change-log entries (indexed by
// dataset id).
func (s *Store) WasPublic(ctx context.Context, datasetID string, beforeSeq int64) (bool, error) {
	if !storable(datasetID) {
		return false, nil
	}
	var one int
	err := s.read(ctx, func(q querier) error {
		return q.QueryRow(ctx, "SELECT 1 FROM changes WHERE dataset_id = $1 AND seq < $2 AND public LIMIT 1", datasetID, beforeSeq).Scan(&one)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, nil
}

// DatasetByDistribution finds the dataset that holds a distribution.
func (s *Store) DatasetByDistribution(ctx context.Context, distributionID string) (*catalog.Dataset, error) {
	d, err := s.datasetWhere(ctx, distributionID,
		"SELECT d.doc FROM distributions r JOIN datasets d ON d.id = r.dataset_id WHERE r.id = $1")
	if catalog.ErrorCode(err) == catalog.ENOTFOUND {
		return nil, catalog.NotFound("Resource")
	}
	return d, err
}

func (s *Store) datasetWhere(ctx context.Context, key, query string) (*catalog.Dataset, error) {
	if !storable(key) {
		return nil, s.notFound(ctx, "Dataset")
	}
	var doc []byte
	err := s.read(ctx, func(q querier) error {
		return q.QueryRow(ctx, query, key).Scan(&doc)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, catalog.NotFound("Dataset")
	}
	if err != nil {
		return nil, err
	}
	return decodeDataset(doc)
}

// Limits of one page of the change log, as in storage/sqlite: a caller
// passing a huge limit cannot make one query hold the whole log.
const (
	defaultChanges = 100
	maxChanges     = 10000
)

// Changes returns up to limit entries after seq after. A limit of zero or
// less means 100; more than 10,000 means 10,000. Entries become visible in
// sequence order (the counter row serialises their commits), so reading
// by seq never skips one.
func (s *Store) Changes(ctx context.Context, after int64, limit int) ([]catalog.Change, error) {
	if limit <= 0 {
		limit = defaultChanges
	}
	limit = min(limit, maxChanges)
	var out []catalog.Change
	err := s.read(ctx, func(q querier) error {
		rows, err := q.Query(ctx, `SELECT seq, dataset_id, name, op, public, organization_id, at
			FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2`, after, limit)
		if err != nil {
			return err
		}
		out, err = collect(rows, func(r pgx.CollectableRow) (catalog.Change, error) {
			var c catalog.Change
			var at int64
			err := r.Scan(&c.Seq, &c.DatasetID, &c.Name, &c.Op, &c.Public, &c.OrganizationID, &at)
			c.At = fromMicros(at)
			return c, err
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// LastSeq is the newest committed sequence. It reads the change log
// rather than the counter so the answer is always a sequence that Changes
// can return.
func (s *Store) LastSeq(ctx context.Context) (int64, error) {
	var seq int64
	err := s.read(ctx, func(q querier) error {
		return q.QueryRow(ctx, "SELECT coalesce(max(seq), 0) FROM changes").Scan(&seq)
	})
	return seq, err
}

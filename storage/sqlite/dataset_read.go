package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// Dataset finds a dataset by id, or else by name. The id wins when a name
// happens to equal another dataset's id, as in CKAN.
func (s *Store) Dataset(ctx context.Context, idOrName string) (*catalog.Dataset, error) {
	return s.datasetWhere(ctx,
		"SELECT doc FROM datasets WHERE id = ?1 OR name = ?1 ORDER BY id = ?1 DESC LIMIT 1", idOrName)
}

// DatasetVersion reads only the id and modification time, from the
// indexes, so validating a cached dataset costs no JSON decoding.
func (s *Store) DatasetVersion(ctx context.Context, idOrName string) (string, time.Time, error) {
	if s.closed.Load() {
		return "", time.Time{}, s.fail(ctx, errClosed)
	}
	var id string
	var mod int64
	err := s.r.QueryRowContext(ctx,
		"SELECT id, modified_at FROM datasets WHERE id = ?1 OR name = ?1 ORDER BY id = ?1 DESC LIMIT 1", idOrName).Scan(&id, &mod)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, catalog.NotFound("Dataset")
	}
	if err != nil {
		return "", time.Time{}, s.fail(ctx, err)
	}
	return id, fromMicros(mod), nil
}

// WasPublic reads the dataset's earlier change-log entries (indexed by
// dataset id).
func (s *Store) WasPublic(ctx context.Context, datasetID string, beforeSeq int64) (bool, error) {
	if s.closed.Load() {
		return false, s.fail(ctx, errClosed)
	}
	var one int
	err := s.r.QueryRowContext(ctx,
		"SELECT 1 FROM changes WHERE dataset_id = ? AND seq < ? AND public LIMIT 1", datasetID, beforeSeq).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, s.fail(ctx, err)
	}
	return true, nil
}

// DatasetByDistribution finds the dataset that holds a distribution.
func (s *Store) DatasetByDistribution(ctx context.Context, distributionID string) (*catalog.Dataset, error) {
	d, err := s.datasetWhere(ctx,
		"SELECT d.doc FROM distributions r JOIN datasets d ON d.id = r.dataset_id WHERE r.id = ?", distributionID)
	if catalog.ErrorCode(err) == catalog.ENOTFOUND {
		return nil, catalog.NotFound("Resource")
	}
	return d, err
}

func (s *Store) datasetWhere(ctx context.Context, query string, args ...any) (*catalog.Dataset, error) {
	if s.closed.Load() {
		return nil, s.fail(ctx, errClosed)
	}
	var doc []byte
	err := s.r.QueryRowContext(ctx, query, args...).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, catalog.NotFound("Dataset")
	}
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return decodeDataset(doc)
}

// maxChanges caps one page of the change log, so a caller passing a huge
// limit cannot make one query hold the whole log in memory.
const (
	defaultChanges = 100
	maxChanges     = 10000
)

// Changes returns up to limit entries after seq after. A limit of zero or
// less means 100; more than 10,000 means 10,000. With one writer, entries
// commit in sequence order, so reading by seq never skips one.
func (s *Store) Changes(ctx context.Context, after int64, limit int) ([]catalog.Change, error) {
	if s.closed.Load() {
		return nil, s.fail(ctx, errClosed)
	}
	if limit <= 0 {
		limit = defaultChanges
	}
	limit = min(limit, maxChanges)
	rows, err := s.r.QueryContext(ctx, `SELECT seq, dataset_id, name, op, public, organization_id, at
		FROM changes WHERE seq > ? ORDER BY seq LIMIT ?`, after, limit)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	defer rows.Close()
	var out []catalog.Change
	for rows.Next() {
		var c catalog.Change
		var at int64
		if err := rows.Scan(&c.Seq, &c.DatasetID, &c.Name, &c.Op, &c.Public, &c.OrganizationID, &at); err != nil {
			return nil, s.fail(ctx, err)
		}
		c.At = fromMicros(at)
		out = append(out, c)
	}
	return out, s.fail(ctx, rows.Err())
}

// LastSeq is the newest committed sequence. It reads the change log
// rather than sqlite_sequence so the answer is always a sequence that
// Changes can return.
func (s *Store) LastSeq(ctx context.Context) (int64, error) {
	if s.closed.Load() {
		return 0, s.fail(ctx, errClosed)
	}
	var seq sql.NullInt64
	if err := s.r.QueryRowContext(ctx, "SELECT MAX(seq) FROM changes").Scan(&seq); err != nil {
		return 0, s.fail(ctx, err)
	}
	return seq.Int64, nil
}

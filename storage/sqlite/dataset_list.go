package sqlite

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/datenportal/datenportal/catalog"
)

// batchSize is how many datasets EachDataset holds at once. Each batch is
// its own query, so no read transaction stays open while fn runs (fn may
// be slow, e.g. writing a catalogue dump to a client) and a 100,000
// dataset dump needs memory for 500 documents, not for all.
const batchSize = 500

// filterSQL is a DatasetFilter as a WHERE clause and its arguments.
type filterSQL struct {
	where []string
	args  []any
}

func (q *filterSQL) add(cond string, args ...any) {
	q.where = append(q.where, cond)
	q.args = append(q.args, args...)
}

func (q *filterSQL) clause() string {
	if len(q.where) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(q.where, " AND ")
}

// jsonList passes a list as one parameter, expanded by json_each: a
// reader in many organisations must not run into SQLite's limit on
// parameters.
func jsonList(v []string) string {
	b, _ := json.Marshal(v) // a []string always marshals
	return string(b)
}

func buildFilter(f catalog.DatasetFilter) (*filterSQL, error) {
	if f.Offset < 0 {
		return nil, catalog.FieldInvalid("offset", "Der Versatz darf nicht negativ sein.", "Offset must not be negative.")
	}
	if f.Limit < 0 {
		return nil, catalog.FieldInvalid("limit", "Die Anzahl darf nicht negativ sein.", "Limit must not be negative.")
	}
	q := &filterSQL{}
	q.addStates(f.States)
	switch v := f.Visibility; {
	case v.AllPrivate:
	case len(v.OrgIDs) == 0:
		q.add("private = 0")
	default:
		q.add("(private = 0 OR organization_id IN (SELECT value FROM json_each(?)))", jsonList(v.OrgIDs))
	}
	if f.OrganizationID != "" {
		q.add("organization_id = ?", f.OrganizationID)
	}
	if !f.ModifiedSince.IsZero() {
		q.add("modified_at >= ?", toMicros(f.ModifiedSince))
	}
	if f.HarvestSourceID != "" {
		q.add("harvest_source_id = ?", f.HarvestSourceID)
	}
	if c := f.After; c != nil {
		if f.Order != catalog.OrderCreated {
			return nil, catalog.FieldInvalid("after", "Eine Position gibt es nur in der Reihenfolge nach Erstellung.",
				"A cursor is only defined for the created order.")
		}
		// PostgreSQL cannot compare such an id; refusing it here too keeps
		// the stores interchangeable.
		if !utf8.ValidString(c.ID) || strings.ContainsRune(c.ID, 0) {
			return nil, catalog.FieldInvalid("after", "Ungültige Position.", "Invalid cursor.")
		}
		q.add(orders[catalog.OrderCreated].after, toMicros(c.CreatedAt), c.ID)
	}
	return q, nil
}

// knownStates are all states a stored dataset can have (encodeDataset
// refuses others).
var knownStates = []string{catalog.StateActive, catalog.StateDraft, catalog.StateDeleted}

// addStates writes the state condition so that the planner can still walk
// an index in list order: "state = ?" for one state (an index on state and
// the order key), "state <> ?" for two and no condition for all three (the
// index on the order key alone). An IN list would make SQLite sort every
// batch.
func (q *filterSQL) addStates(states []string) {
	if len(states) == 0 {
		states = []string{catalog.StateActive}
	}
	var in, out []string
	for _, k := range knownStates {
		if slices.Contains(states, k) {
			in = append(in, k)
		} else {
			out = append(out, k)
		}
	}
	switch len(in) {
	case 0:
		q.add("1 = 0") // only unknown states: nothing matches
	case 1:
		q.add("state = ?", in[0])
	case 2:
		q.add("state <> ?", out[0])
	}
}

// order is a list order: its ORDER BY, the keyset condition that
// continues after the last row of a batch and that row's arguments for it.
type order struct {
	by, after string
	key       func(*listed) []any
}

func byName(l *listed) []any     { return []any{l.name} }
func byModified(l *listed) []any { return []any{l.modified, l.id} }
func byCreated(l *listed) []any  { return []any{l.created, l.id} }

var orders = map[string]order{
	"":                        {"name", "name > ?", byName},
	catalog.OrderName:         {"name", "name > ?", byName},
	catalog.OrderModified:     {"modified_at, id", "(modified_at, id) > (?, ?)", byModified},
	catalog.OrderModifiedDesc: {"modified_at DESC, id DESC", "(modified_at, id) < (?, ?)", byModified},
	catalog.OrderCreated:      {"created_at, id", "(created_at, id) > (?, ?)", byCreated},
}

func orderOf(f catalog.DatasetFilter) (order, error) {
	o, ok := orders[f.Order]
	if !ok {
		return order{}, catalog.FieldInvalid("sort", "Unbekannte Sortierung.", "Unknown sort order.")
	}
	return o, nil
}

// limitSQL renders Offset/Limit; SQLite needs a LIMIT (-1: none) before
// an OFFSET.
func limitSQL(limit, offset int) string {
	var b strings.Builder
	if limit > 0 || offset > 0 {
		b.WriteString(" LIMIT ")
		if limit > 0 {
			b.WriteString(strconv.Itoa(limit))
		} else {
			b.WriteString("-1")
		}
	}
	if offset > 0 {
		b.WriteString(" OFFSET ")
		b.WriteString(strconv.Itoa(offset))
	}
	return b.String()
}

// EachDataset streams the matching datasets to fn in batches, continuing
// each batch after the last key of the one before (keyset paging), so
// Offset is applied once and large offsets are paid only once. A dataset
// changed during the walk may be seen in its old or new position, except
// in OrderCreated, which edits do not change.
func (s *Store) EachDataset(ctx context.Context, f catalog.DatasetFilter, fn func(*catalog.Dataset) error) error {
	if _, err := batchQuery(f, nil, 1); err != nil {
		return err
	}
	remaining := f.Limit
	var last *listed
	for {
		n := batchSize
		if f.Limit > 0 {
			n = min(n, remaining)
		}
		bq, _ := batchQuery(f, last, n) // f was checked above
		batch, err := s.readBatch(ctx, bq.sql, bq.args, n)
		if err != nil {
			return err
		}
		for _, b := range batch {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(b.d); err != nil {
				return err
			}
		}
		if len(batch) < n {
			return nil
		}
		last = &batch[len(batch)-1]
		if f.Limit > 0 {
			remaining -= len(batch)
			if remaining == 0 {
				return nil
			}
		}
	}
}

type batchSQL struct {
	sql  string
	args []any
}

// batchQuery is the query for the batch of n after last (nil: the first
// batch, which alone applies After and Offset).
func batchQuery(f catalog.DatasetFilter, last *listed, n int) (*batchSQL, error) {
	o, err := orderOf(f)
	if err != nil {
		return nil, err
	}
	offset := f.Offset
	if last != nil {
		// The last row is after the cursor, so its key supersedes it.
		offset, f.After = 0, nil
		if f.Order == catalog.OrderModified {
			// Every row after the last one is modified after it, so the
			// lower bound is implied; leaving it in lets SQLite pick it as
			// the index range instead of the key and rescan each batch.
			f.ModifiedSince = time.Time{}
		}
	}
	q, err := buildFilter(f)
	if err != nil {
		return nil, err
	}
	if last != nil {
		q.add(o.after, o.key(last)...)
	}
	return &batchSQL{
		sql:  "SELECT id, name, created_at, modified_at, doc FROM datasets" + q.clause() + " ORDER BY " + o.by + limitSQL(n, offset),
		args: q.args,
	}, nil
}

type listed struct {
	d                 *catalog.Dataset
	id, name          string
	created, modified int64
}

func (s *Store) readBatch(ctx context.Context, query string, args []any, n int) ([]listed, error) {
	if s.closed.Load() {
		return nil, s.fail(ctx, errClosed)
	}
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	defer rows.Close()
	out := make([]listed, 0, n)
	for rows.Next() {
		var l listed
		var doc []byte
		if err := rows.Scan(&l.id, &l.name, &l.created, &l.modified, &doc); err != nil {
			return nil, s.fail(ctx, err)
		}
		if l.d, err = decodeDataset(doc); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, s.fail(ctx, rows.Err())
}

// CountDatasets counts the matching datasets, ignoring After, Offset and
// Limit.
func (s *Store) CountDatasets(ctx context.Context, f catalog.DatasetFilter) (int, error) {
	f.After, f.Offset, f.Limit = nil, 0, 0
	q, err := buildFilter(f)
	if err != nil {
		return 0, err
	}
	if s.closed.Load() {
		return 0, s.fail(ctx, errClosed)
	}
	var n int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM datasets"+q.clause(), q.args...).Scan(&n); err != nil {
		return 0, s.fail(ctx, err)
	}
	return n, nil
}

// DatasetNames lists the names of the matching datasets in f.Order.
func (s *Store) DatasetNames(ctx context.Context, f catalog.DatasetFilter) ([]string, error) {
	q, err := buildFilter(f)
	if err != nil {
		return nil, err
	}
	o, err := orderOf(f)
	if err != nil {
		return nil, err
	}
	if s.closed.Load() {
		return nil, s.fail(ctx, errClosed)
	}
	rows, err := s.r.QueryContext(ctx, "SELECT name FROM datasets"+q.clause()+" ORDER BY "+o.by+limitSQL(f.Limit, f.Offset), q.args...)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, s.fail(ctx, err)
		}
		names = append(names, n)
	}
	return names, s.fail(ctx, rows.Err())
}

// CountByOrganization counts the matching datasets per organisation id.
// Datasets without an organisation are not counted.
func (s *Store) CountByOrganization(ctx context.Context, f catalog.DatasetFilter) (map[string]int, error) {
	f.After, f.Offset, f.Limit = nil, 0, 0
	q, err := buildFilter(f)
	if err != nil {
		return nil, err
	}
	q.add("organization_id <> ''")
	if s.closed.Load() {
		return nil, s.fail(ctx, errClosed)
	}
	rows, err := s.r.QueryContext(ctx, "SELECT organization_id, COUNT(*) FROM datasets"+q.clause()+" GROUP BY organization_id", q.args...)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var org string
		var n int
		if err := rows.Scan(&org, &n); err != nil {
			return nil, s.fail(ctx, err)
		}
		counts[org] = n
	}
	return counts, s.fail(ctx, rows.Err())
}

package postgres

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/datenportal/datenportal/catalog"
)

// batchSize is how many datasets EachDataset holds at once. Each batch is
// its own query, so no transaction stays open while fn runs (fn may be
// slow, e.g. writing a catalogue dump to a client).
const batchSize = 500

// filterSQL is a DatasetFilter as a WHERE clause and its arguments.
type filterSQL struct {
	where []string
	args  []any
}

// add appends a condition whose parameters are written as "?" and
// numbered here, so conditions can be composed in any order.
func (q *filterSQL) add(cond string, args ...any) {
	var b strings.Builder
	for i := 0; i < len(cond); i++ {
		if cond[i] == '?' {
			q.args = append(q.args, args[0])
			args = args[1:]
			b.WriteString("$" + strconv.Itoa(len(q.args)))
			continue
		}
		b.WriteByte(cond[i])
	}
	q.where = append(q.where, b.String())
}

func (q *filterSQL) clause() string {
	if len(q.where) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(q.where, " AND ")
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
		q.add("NOT private")
	default:
		// Values PostgreSQL cannot hold cannot match a stored id either.
		ids := slices.DeleteFunc(slices.Clone(v.OrgIDs), func(s string) bool { return !storable(s) })
		q.add("(NOT private OR organization_id = ANY(?))", ids)
	}
	for _, c := range []struct{ col, v string }{{"organization_id", f.OrganizationID}, {"harvest_source_id", f.HarvestSourceID}} {
		switch {
		case c.v == "":
		case !storable(c.v):
			q.add("FALSE")
		default:
			q.add(c.col+" = ?", c.v)
		}
	}
	if !f.ModifiedSince.IsZero() {
		q.add("modified_at >= ?", toMicros(f.ModifiedSince))
	}
	if c := f.After; c != nil {
		if f.Order != catalog.OrderCreated {
			return nil, catalog.FieldInvalid("after", "Eine Position gibt es nur in der Reihenfolge nach Erstellung.",
				"A cursor is only defined for the created order.")
		}
		// Such an id cannot be a TEXT parameter; storage/sqlite refuses it
		// as well.
		if !storable(c.ID) {
			return nil, catalog.FieldInvalid("after", "Ungültige Position.", "Invalid cursor.")
		}
		q.add(orders[catalog.OrderCreated].after, toMicros(c.CreatedAt), c.ID)
	}
	return q, nil
}

// knownStates are all states a stored dataset can have (encodeDataset
// refuses others).
var knownStates = []string{catalog.StateActive, catalog.StateDraft, catalog.StateDeleted}

// addStates writes the state condition as storage/sqlite does, so that an
// index in list order serves it: "state = ?" for one state, "state <> ?"
// for two and nothing for all three.
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
		q.add("FALSE") // only unknown states: nothing matches
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

// limitSQL renders Offset/Limit (both checked non-negative).
func limitSQL(limit, offset int) string {
	var b strings.Builder
	if limit > 0 {
		b.WriteString(" LIMIT " + strconv.Itoa(limit))
	}
	if offset > 0 {
		b.WriteString(" OFFSET " + strconv.Itoa(offset))
	}
	return b.String()
}

// EachDataset streams the matching datasets to fn in batches, continuing
// each batch after the last key of the one before (keyset paging), so
// Offset is applied once. A dataset changed during the walk may be seen in
// its old or new position, except in OrderCreated, which edits do not
// change.
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
		batch, err := s.readBatch(ctx, bq, n)
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
			// lower bound is implied and only distracts the planner.
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

type batchSQL struct {
	sql  string
	args []any
}

type listed struct {
	d                 *catalog.Dataset
	id, name          string
	created, modified int64
}

func (s *Store) readBatch(ctx context.Context, bq *batchSQL, n int) ([]listed, error) {
	var out []listed
	err := s.read(ctx, func(q querier) error {
		rows, err := q.Query(ctx, bq.sql, bq.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		out = make([]listed, 0, n)
		var doc []byte
		for rows.Next() {
			var l listed
			if err := rows.Scan(&l.id, &l.name, &l.created, &l.modified, &doc); err != nil {
				return err
			}
			if l.d, err = decodeDataset(doc); err != nil {
				return err
			}
			out = append(out, l)
		}
		return rows.Err()
	})
	return out, err
}

// CountDatasets counts the matching datasets, ignoring After, Offset and
// Limit.
func (s *Store) CountDatasets(ctx context.Context, f catalog.DatasetFilter) (int, error) {
	f.After, f.Offset, f.Limit = nil, 0, 0
	q, err := buildFilter(f)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.read(ctx, func(c querier) error {
		return c.QueryRow(ctx, "SELECT count(*) FROM datasets"+q.clause(), q.args...).Scan(&n)
	})
	return n, err
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
	var names []string
	err = s.read(ctx, func(c querier) error {
		rows, err := c.Query(ctx, "SELECT name FROM datasets"+q.clause()+" ORDER BY "+o.by+limitSQL(f.Limit, f.Offset), q.args...)
		if err != nil {
			return err
		}
		names, err = collect(rows, pgx.RowTo[string])
		return err
	})
	return names, err
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
	var counts map[string]int
	err = s.read(ctx, func(c querier) error {
		rows, err := c.Query(ctx, "SELECT organization_id, count(*) FROM datasets"+q.clause()+" GROUP BY organization_id", q.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		counts = map[string]int{}
		for rows.Next() {
			var org string
			var n int
			if err := rows.Scan(&org, &n); err != nil {
				return err
			}
			counts[org] = n
		}
		return rows.Err()
	})
	return counts, err
}

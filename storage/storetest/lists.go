package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

var listTests = []test{
	{"ListFilters", testFilters},
	{"ListManyBatches", testManyBatches},
	{"ListStopsOnError", testEachStops},
	{"ListInvalidFilter", testInvalidFilter},
	{"ListCursorEdges", testCursorEdges},
	{"ListCreatedWalk", testCreatedWalk},
}

// spec describes one seeded dataset; the model below computes what every
// filter must return, so each filter × order × page is checked.
type spec struct {
	i        int
	state    string
	private  bool
	org, src string
	mod      time.Duration
}

func (sp spec) dataset() *catalog.Dataset {
	d := minimal(sp.i)
	// Name order differs from id order, so an implementation sorting by
	// the wrong key fails.
	d.Name = fmt.Sprintf("ds-%04d", (sp.i*7)%13+100)
	d.State, d.Private, d.OrganizationID = sp.state, sp.private, sp.org
	if sp.src != "" {
		d.Harvest = &catalog.HarvestInfo{SourceID: sp.src, LastHarvested: t0}
	}
	d.ModifiedAt = t0.Add(sp.mod)
	// Created order differs from id, name and modified order and has ties
	// (1 and 8, 2 and 9, …), which id must break.
	d.CreatedAt = t0.Add(-time.Duration(sp.i*5%7) * time.Hour)
	return d
}

var seed = []spec{
	{1, catalog.StateActive, false, "org-a", "", 5 * time.Hour},
	{2, catalog.StateActive, true, "org-a", "", 1 * time.Hour},
	{3, catalog.StateActive, false, "org-b", "", 3 * time.Hour},
	{4, catalog.StateDraft, false, "org-b", "", 2 * time.Hour},
	{5, catalog.StateDeleted, false, "org-a", "", 4 * time.Hour},
	{6, catalog.StateActive, false, "", "", 3 * time.Hour},
	{7, catalog.StateActive, true, "org-b", "src-1", 6 * time.Hour},
	{8, catalog.StateActive, false, "org-c", "src-1", 0},
	{9, catalog.StateDraft, true, "org-c", "", 7 * time.Hour},
	{10, catalog.StateActive, false, "org-a", "src-2", 3 * time.Hour},
	{11, catalog.StateDeleted, true, "org-b", "", 8 * time.Hour},
	{12, catalog.StateActive, false, "org-b", "", 9*time.Hour + time.Microsecond},
}

// model filters and orders datasets the way the contract says.
func model(ds []*catalog.Dataset, f catalog.DatasetFilter) []*catalog.Dataset {
	states := f.States
	if len(states) == 0 {
		states = []string{catalog.StateActive}
	}
	var out []*catalog.Dataset
	for _, d := range ds {
		switch {
		case !slices.Contains(states, d.State),
			d.Private && !f.Visibility.AllPrivate && !slices.Contains(f.Visibility.OrgIDs, d.OrganizationID),
			f.OrganizationID != "" && d.OrganizationID != f.OrganizationID,
			!f.ModifiedSince.IsZero() && d.ModifiedAt.Before(f.ModifiedSince),
			f.HarvestSourceID != "" && (d.Harvest == nil || d.Harvest.SourceID != f.HarvestSourceID),
			f.After != nil && !createdBefore(f.After, d):
			continue
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch f.Order {
		case catalog.OrderCreated:
			return createdBefore(&catalog.DatasetCursor{CreatedAt: a.CreatedAt, ID: a.ID}, b)
		case catalog.OrderModified:
			if !a.ModifiedAt.Equal(b.ModifiedAt) {
				return a.ModifiedAt.Before(b.ModifiedAt)
			}
			return a.ID < b.ID
		case catalog.OrderModifiedDesc:
			if !a.ModifiedAt.Equal(b.ModifiedAt) {
				return a.ModifiedAt.After(b.ModifiedAt)
			}
			return a.ID > b.ID
		}
		return a.Name < b.Name
	})
	return out
}

// createdBefore reports whether key c comes strictly before d in
// OrderCreated; times count at the microsecond the stores keep.
func createdBefore(c *catalog.DatasetCursor, d *catalog.Dataset) bool {
	ct, dt := c.CreatedAt.Truncate(time.Microsecond), d.CreatedAt.Truncate(time.Microsecond)
	if !ct.Equal(dt) {
		return ct.Before(dt)
	}
	return c.ID < d.ID
}

// keyOf is the cursor that continues right after d.
func keyOf(d *catalog.Dataset) *catalog.DatasetCursor {
	return &catalog.DatasetCursor{CreatedAt: d.CreatedAt, ID: d.ID}
}

func names(ds []*catalog.Dataset) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, d.Name)
	}
	return out
}

func window(all []string, offset, limit int) []string {
	if offset >= len(all) {
		return []string{}
	}
	all = all[offset:]
	if limit > 0 && limit < len(all) {
		all = all[:limit]
	}
	return all
}

func testFilters(t *testing.T, s catalog.Store) {
	var ds []*catalog.Dataset
	for _, sp := range seed {
		d := sp.dataset()
		create(t, s, d)
		ds = append(ds, d)
	}
	all := []string{catalog.StateActive, catalog.StateDraft, catalog.StateDeleted}
	filters := []struct {
		name string
		f    catalog.DatasetFilter
	}{
		{"zero: active public", catalog.DatasetFilter{}},
		{"drafts", catalog.DatasetFilter{States: []string{catalog.StateDraft}}},
		{"everything", catalog.DatasetFilter{States: all, Visibility: catalog.Visibility{AllPrivate: true}}},
		{"member of org-b", catalog.DatasetFilter{Visibility: catalog.Visibility{OrgIDs: []string{"org-b"}}}},
		{"member of org-b and org-c, all states", catalog.DatasetFilter{States: all, Visibility: catalog.Visibility{OrgIDs: []string{"org-b", "org-c"}}}},
		{"sysadmin", catalog.DatasetFilter{Visibility: catalog.Visibility{AllPrivate: true}}},
		{"organisation", catalog.DatasetFilter{OrganizationID: "org-a"}},
		{"organisation with its private ones", catalog.DatasetFilter{OrganizationID: "org-b", Visibility: catalog.Visibility{OrgIDs: []string{"org-b"}}}},
		{"modified since, inclusive", catalog.DatasetFilter{ModifiedSince: t0.Add(3 * time.Hour)}},
		{"modified since, a microsecond later", catalog.DatasetFilter{ModifiedSince: t0.Add(3*time.Hour + time.Microsecond)}},
		{"modified since, other zone", catalog.DatasetFilter{ModifiedSince: t0.Add(9 * time.Hour).In(time.FixedZone("X", -7*3600))}},
		{"harvest source", catalog.DatasetFilter{HarvestSourceID: "src-1", Visibility: catalog.Visibility{AllPrivate: true}}},
		{"combined", catalog.DatasetFilter{States: []string{catalog.StateActive, catalog.StateDeleted},
			Visibility: catalog.Visibility{AllPrivate: true}, OrganizationID: "org-b", ModifiedSince: t0.Add(2 * time.Hour)}},
		{"unknown source", catalog.DatasetFilter{HarvestSourceID: "nope"}},
		{"unknown organisation", catalog.DatasetFilter{OrganizationID: "nope", Visibility: catalog.Visibility{AllPrivate: true}}},
	}
	// Guard the model itself with one hand-counted answer.
	if got := names(model(ds, catalog.DatasetFilter{})); len(got) != 6 {
		t.Fatalf("model: %d active public datasets, want 6", len(got))
	}
	for _, fc := range filters {
		for _, order := range []string{"", catalog.OrderName, catalog.OrderModified, catalog.OrderModifiedDesc, catalog.OrderCreated} {
			f := fc.f
			f.Order = order
			want := names(model(ds, f))
			n := len(want)
			for _, p := range [][2]int{{0, 0}, {0, 1}, {1, 2}, {2, 0}, {max(n-1, 0), 0}, {n, 0}, {n + 3, 5}, {0, n + 10}} {
				f.Offset, f.Limit = p[0], p[1]
				what := fmt.Sprintf("%s, order %q, offset %d, limit %d", fc.name, order, p[0], p[1])
				checkList(t, s, what, f, window(want, p[0], p[1]), n)
			}
			f.Offset, f.Limit = 0, 0
			checkCounts(t, s, fc.name, f, model(ds, f))
		}
		checkCursors(t, s, fc.name, fc.f, ds)
	}
}

// checkCursors lists f in OrderCreated after a cursor at every seeded
// dataset's key (also those f excludes, as a dataset deleted since its
// page was read is) and at keys between and beyond them.
func checkCursors(t *testing.T, s catalog.Store, name string, f catalog.DatasetFilter, ds []*catalog.Dataset) {
	t.Helper()
	f.Order = catalog.OrderCreated
	count := len(model(ds, f))
	cursors := []*catalog.DatasetCursor{
		{},                                  // before every dataset
		{CreatedAt: t0.Add(-3 * time.Hour)}, // an empty id: everything created at or after
		{CreatedAt: t0.Add(-90 * time.Minute), ID: "zzz"},
		{CreatedAt: t0.Add(time.Hour), ID: dsID(1)}, // after every dataset
	}
	for _, d := range ds {
		cursors = append(cursors, keyOf(d))
	}
	for _, c := range cursors {
		f.After = c
		want := names(model(ds, f))
		n := len(want)
		for _, p := range [][2]int{{0, 0}, {0, 1}, {1, 2}, {max(n-1, 0), 0}, {n, 0}} {
			f.Offset, f.Limit = p[0], p[1]
			what := fmt.Sprintf("%s, after %s/%s, offset %d, limit %d", name, c.CreatedAt.Format(time.TimeOnly), c.ID, p[0], p[1])
			checkList(t, s, what, f, window(want, p[0], p[1]), count)
		}
		f.Offset, f.Limit = 0, 0
		checkCounts(t, s, name+" with a cursor", f, model(ds, catalog.DatasetFilter{
			States: f.States, Visibility: f.Visibility, OrganizationID: f.OrganizationID,
			ModifiedSince: f.ModifiedSince, HarvestSourceID: f.HarvestSourceID,
		}))
	}
}

func checkList(t *testing.T, s catalog.Store, what string, f catalog.DatasetFilter, want []string, count int) {
	t.Helper()
	got := []string{}
	err := s.EachDataset(ctx(t), f, func(d *catalog.Dataset) error {
		got = append(got, d.Name)
		return nil
	})
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: EachDataset = %v, %v; want %v", what, got, err, want)
	}
	nameList, err := s.DatasetNames(ctx(t), f)
	if err != nil || !reflect.DeepEqual(append([]string{}, nameList...), want) {
		t.Fatalf("%s: DatasetNames = %v, %v; want %v", what, nameList, err, want)
	}
	if n, err := s.CountDatasets(ctx(t), f); err != nil || n != count {
		t.Fatalf("%s: CountDatasets = %d, %v; want %d", what, n, err, count)
	}
}

func checkCounts(t *testing.T, s catalog.Store, what string, f catalog.DatasetFilter, want []*catalog.Dataset) {
	t.Helper()
	wantByOrg := map[string]int{}
	for _, d := range want {
		if d.OrganizationID != "" {
			wantByOrg[d.OrganizationID]++
		}
	}
	f.Offset, f.Limit = 1, 1 // ignored
	got, err := s.CountByOrganization(ctx(t), f)
	if err != nil || len(got) != len(wantByOrg) || (len(got) > 0 && !reflect.DeepEqual(got, wantByOrg)) {
		t.Fatalf("%s: CountByOrganization = %v, %v; want %v", what, got, err, wantByOrg)
	}
}

// testManyBatches lists more datasets than any sensible batch, with many
// equal modification times, so keyset paging must break ties by id.
func testManyBatches(t *testing.T, s catalog.Store) {
	const n = 1100
	var ds []*catalog.Dataset
	for i := 1; i <= n; i++ {
		d := minimal(i)
		d.Name = fmt.Sprintf("ds-%04d", (i*37)%n+1000) // 37 and 1100 are coprime
		d.ModifiedAt = t0.Add(time.Duration(i%7) * time.Minute)
		d.CreatedAt = t0.Add(-time.Duration(i%11) * time.Minute)
		d.Private = i%10 == 0
		if i%13 == 0 {
			d.State = catalog.StateDraft
		}
		create(t, s, d)
		ds = append(ds, d)
	}
	// A cursor at a dataset in the middle, continued across batches.
	mid := keyOf(ds[n/2])
	for _, order := range []string{catalog.OrderName, catalog.OrderModified, catalog.OrderModifiedDesc, catalog.OrderCreated, "after"} {
		var after *catalog.DatasetCursor
		if order == "after" {
			order, after = catalog.OrderCreated, mid
		}
		for _, f := range []catalog.DatasetFilter{
			{Order: order, After: after},
			{Order: order, After: after, States: []string{catalog.StateActive, catalog.StateDraft}, Visibility: catalog.Visibility{AllPrivate: true}},
		} {
			want := names(model(ds, f))
			for _, p := range [][2]int{{0, 0}, {499, 502}, {1, 999}, {max(len(want)-3, 0), 500}} {
				f.Offset, f.Limit = p[0], p[1]
				g := f
				g.After = nil
				checkList(t, s, fmt.Sprintf("order %s, cursor %v, private %v, offset %d, limit %d", order, after != nil, f.Visibility.AllPrivate, p[0], p[1]),
					f, window(want, p[0], p[1]), len(model(ds, g)))
			}
		}
	}
	// What EachDataset hands out is the whole document.
	err := s.EachDataset(ctx(t), catalog.DatasetFilter{Limit: 3}, func(d *catalog.Dataset) error {
		if !reflect.DeepEqual(d, get(t, s, d.ID)) {
			return fmt.Errorf("EachDataset gave %+v, Dataset gives another", d)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testEachStops(t *testing.T, s catalog.Store) {
	for i := 1; i <= 10; i++ {
		create(t, s, minimal(i))
	}
	stop := errors.New("stop")
	calls := 0
	err := s.EachDataset(ctx(t), catalog.DatasetFilter{}, func(*catalog.Dataset) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 3 {
		t.Fatalf("EachDataset returned %v after %d calls; want fn's error after 3", err, calls)
	}
}

func testInvalidFilter(t *testing.T, s catalog.Store) {
	create(t, s, minimal(1))
	cases := []struct {
		name string
		f    catalog.DatasetFilter
	}{
		{"unknown order", catalog.DatasetFilter{Order: "title; DROP TABLE datasets"}},
		{"negative offset", catalog.DatasetFilter{Offset: -1}},
		{"negative limit", catalog.DatasetFilter{Limit: -5}},
		// A cursor is a key in the created order and means nothing in another.
		{"cursor in name order", catalog.DatasetFilter{Order: catalog.OrderName, After: &catalog.DatasetCursor{ID: dsID(1)}}},
		{"cursor in default order", catalog.DatasetFilter{After: &catalog.DatasetCursor{ID: dsID(1)}}},
		{"cursor in modified order", catalog.DatasetFilter{Order: catalog.OrderModified, After: &catalog.DatasetCursor{ID: dsID(1)}}},
		{"cursor id not UTF-8", catalog.DatasetFilter{Order: catalog.OrderCreated, After: &catalog.DatasetCursor{ID: "\xff"}}},
		{"cursor id with NUL", catalog.DatasetFilter{Order: catalog.OrderCreated, After: &catalog.DatasetCursor{ID: "a\x00"}}},
	}
	for _, c := range cases {
		err := s.EachDataset(ctx(t), c.f, func(*catalog.Dataset) error { return nil })
		wantCode(t, "EachDataset with "+c.name, err, catalog.EINVALID)
		_, err = s.DatasetNames(ctx(t), c.f)
		wantCode(t, "DatasetNames with "+c.name, err, catalog.EINVALID)
	}
	// Hostile filter values are data, never SQL.
	for _, v := range []string{"' OR 1=1 --", "\x00", "%", "_"} {
		f := catalog.DatasetFilter{OrganizationID: v, HarvestSourceID: v, States: []string{v}, Visibility: catalog.Visibility{OrgIDs: []string{v}}}
		if n, err := s.CountDatasets(ctx(t), f); err != nil || n != 0 {
			t.Fatalf("CountDatasets with %q: %d, %v", v, n, err)
		}
	}
	get(t, s, dsID(1))
}

package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

var datasetTests = []test{
	{"DatasetCreateGet", testCreateGet},
	{"DatasetNotFound", testNotFound},
	{"DatasetDuplicate", testDuplicate},
	{"DatasetInvalid", testInvalid},
	{"DatasetUpdateReplaces", testUpdateReplaces},
	{"DatasetOptimisticConcurrency", testOptimistic},
	{"DatasetPurge", testPurge},
	{"DatasetByDistribution", testByDistribution},
	{"DatasetTimeRoundTrip", testTimes},
	{"DatasetIDBeforeName", testIDBeforeName},
	{"DatasetVersion", testVersion},
	{"DatasetWasPublic", testWasPublic},
}

// testWasPublic: a private dataset's history is public only from the
// first entry that left it public.
func testWasPublic(t *testing.T, s catalog.Store) {
	d := minimal(1)
	d.Private = true
	seqPrivate := create(t, s, d)
	u := d.Clone()
	u.Private = false
	u.ModifiedAt = d.ModifiedAt.Add(time.Microsecond)
	seqPublic, err := s.UpdateDataset(ctx(t), u, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		before int64
		want   bool
	}{
		{"before anything", seqPrivate, false},
		{"after the private create", seqPublic, false},
		{"after it became public", seqPublic + 1, true},
	}
	for _, c := range cases {
		got, err := s.WasPublic(ctx(t), d.ID, c.before)
		if err != nil || got != c.want {
			t.Errorf("%s: WasPublic(before %d) = %v, %v; want %v", c.name, c.before, got, err, c.want)
		}
	}
	if got, err := s.WasPublic(ctx(t), dsID(99), 1<<40); err != nil || got {
		t.Errorf("unknown dataset: %v, %v", got, err)
	}
}

// testVersion checks the cheap version lookup that validates cached
// datasets: it must change with every update and vanish with a purge.
func testVersion(t *testing.T, s catalog.Store) {
	d := minimal(1)
	create(t, s, d)
	for _, key := range []string{d.ID, d.Name} {
		id, mod, err := s.DatasetVersion(ctx(t), key)
		if err != nil || id != d.ID || !mod.Equal(d.ModifiedAt) {
			t.Fatalf("DatasetVersion(%s) = %s, %v, %v; want %s, %v", key, id, mod, err, d.ID, d.ModifiedAt)
		}
	}
	u := d.Clone()
	u.ModifiedAt = d.ModifiedAt.Add(time.Microsecond)
	if _, err := s.UpdateDataset(ctx(t), u, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, mod, err := s.DatasetVersion(ctx(t), d.Name); err != nil || !mod.Equal(u.ModifiedAt) {
		t.Fatalf("after update: %v, %v; want %v", mod, err, u.ModifiedAt)
	}
	if _, err := s.PurgeDataset(ctx(t), d.ID); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{d.ID, d.Name, "", dsID(99)} {
		_, _, err := s.DatasetVersion(ctx(t), key)
		wantCode(t, "DatasetVersion("+key+")", err, catalog.ENOTFOUND)
	}
}

func testCreateGet(t *testing.T, s catalog.Store) {
	cases := []struct {
		name string
		d    *catalog.Dataset
	}{
		{"full", full(1)},
		{"minimal", minimal(2)},
		{"draft", func() *catalog.Dataset { d := minimal(3); d.State = catalog.StateDraft; return d }()},
		{"deleted", func() *catalog.Dataset { d := minimal(4); d.State = catalog.StateDeleted; return d }()},
	}
	for _, c := range cases {
		before := c.d.Clone()
		create(t, s, c.d)
		if !reflect.DeepEqual(c.d, before) {
			t.Errorf("%s: CreateDataset changed its argument", c.name)
		}
		sameDataset(t, c.name+" by id", get(t, s, c.d.ID), c.d)
		sameDataset(t, c.name+" by name", get(t, s, c.d.Name), c.d)
	}
	// What was read is the caller's to edit: it must not alias the store.
	a := get(t, s, dsID(1))
	a.Keywords[0] = "geändert"
	a.Distributions[0].Title = "geändert"
	sameDataset(t, "after editing a read copy", get(t, s, dsID(1)), full(1))
}

func testNotFound(t *testing.T, s catalog.Store) {
	create(t, s, full(1))
	for _, key := range []string{dsID(99), "ds-9999", "", "DS-0001", dsName(1) + " "} {
		_, err := s.Dataset(ctx(t), key)
		wantCode(t, "Dataset("+key+")", err, catalog.ENOTFOUND)
	}
	for _, key := range []string{distID(9, 9), "", dsID(1)} {
		_, err := s.DatasetByDistribution(ctx(t), key)
		wantCode(t, "DatasetByDistribution("+key+")", err, catalog.ENOTFOUND)
	}
}

func testDuplicate(t *testing.T, s catalog.Store) {
	create(t, s, full(1))
	create(t, s, minimal(2))
	cases := []struct {
		name, field string
		d           *catalog.Dataset
	}{
		{"name", "name", func() *catalog.Dataset { d := minimal(3); d.Name = dsName(1); return d }()},
		{"id", "id", func() *catalog.Dataset { d := minimal(3); d.ID = dsID(1); return d }()},
		{"id and name", "id", func() *catalog.Dataset { d := minimal(1); return d }()},
		{"deleted name", "name", func() *catalog.Dataset { d := minimal(3); d.Name = dsName(5); return d }()},
		{"distribution id", "resources.1.id", func() *catalog.Dataset {
			d := minimal(3)
			d.Distributions = []catalog.Distribution{{ID: distID(3, 0)}, {ID: distID(1, 1)}}
			return d
		}()},
	}
	deleted := minimal(5)
	deleted.State = catalog.StateDeleted
	create(t, s, deleted)
	seq := lastSeq(t, s)
	for _, c := range cases {
		_, err := s.CreateDataset(ctx(t), c.d)
		wantField(t, "create with taken "+c.name, err, catalog.ECONFLICT, c.field)
		if c.d.ID != dsID(1) {
			_, err = s.Dataset(ctx(t), c.d.ID)
			wantCode(t, c.name+": dataset after failed create", err, catalog.ENOTFOUND)
		}
		if _, err := s.DatasetByDistribution(ctx(t), distID(3, 0)); catalog.ErrorCode(err) != catalog.ENOTFOUND {
			t.Fatalf("%s: distribution of a failed create is findable (%v)", c.name, err)
		}
		if got := lastSeq(t, s); got != seq {
			t.Fatalf("%s: failed create logged a change (LastSeq %d → %d)", c.name, seq, got)
		}
	}
	sameDataset(t, "original after conflicts", get(t, s, dsID(1)), full(1))

	// Updates collide the same way and leave the dataset as it was.
	for _, c := range []struct {
		name, field string
		edit        func(d *catalog.Dataset)
	}{
		{"name", "name", func(d *catalog.Dataset) { d.Name = dsName(1) }},
		{"distribution id", "resources.0.id", func(d *catalog.Dataset) {
			d.Distributions = []catalog.Distribution{{ID: distID(1, 0)}}
		}},
	} {
		d := minimal(2)
		c.edit(d)
		_, err := s.UpdateDataset(ctx(t), d, time.Time{})
		wantField(t, "update to taken "+c.name, err, catalog.ECONFLICT, c.field)
		sameDataset(t, "after failed update", get(t, s, dsID(2)), minimal(2))
		if got := lastSeq(t, s); got != seq {
			t.Fatalf("failed update logged a change (LastSeq %d → %d)", seq, got)
		}
	}
	if got, err := s.DatasetByDistribution(ctx(t), distID(1, 0)); err != nil || got.ID != dsID(1) {
		t.Fatalf("distribution moved by a failed update: %v, %v", got, err)
	}
}

func testInvalid(t *testing.T, s catalog.Store) {
	cases := []struct {
		name, field string
		edit        func(d *catalog.Dataset)
	}{
		{"empty id", "id", func(d *catalog.Dataset) { d.ID = "" }},
		{"empty name", "name", func(d *catalog.Dataset) { d.Name = "" }},
		{"unknown state", "state", func(d *catalog.Dataset) { d.State = "gone" }},
		{"empty state", "state", func(d *catalog.Dataset) { d.State = "" }},
		{"invalid UTF-8 name", "name", func(d *catalog.Dataset) { d.Name = "ds-\xff" }},
		{"invalid UTF-8 title", "title", func(d *catalog.Dataset) { d.Title = "Bäume \xc3\x28" }},
		{"invalid UTF-8 resource", "resources.1.title", func(d *catalog.Dataset) { d.Distributions[1].Title = "\xed\xa0\x80" }},
		{"empty resource id", "resources.0.id", func(d *catalog.Dataset) { d.Distributions[0].ID = "" }},
		{"same resource id twice", "resources.1.id", func(d *catalog.Dataset) { d.Distributions[1].ID = d.Distributions[0].ID }},
	}
	for _, c := range cases {
		d := full(1)
		c.edit(d)
		_, err := s.CreateDataset(ctx(t), d)
		wantField(t, "create with "+c.name, err, catalog.EINVALID, c.field)
	}
	if n := lastSeq(t, s); n != 0 {
		t.Fatalf("invalid creates logged changes: LastSeq %d", n)
	}
	if _, err := s.CreateDataset(ctx(t), nil); catalog.ErrorCode(err) != catalog.EINVALID {
		t.Fatalf("CreateDataset(nil): %v, want EINVALID", err)
	}
	create(t, s, full(1))
	for _, c := range cases {
		d := full(1)
		c.edit(d)
		if d.ID == "" {
			continue
		}
		_, err := s.UpdateDataset(ctx(t), d, time.Time{})
		wantField(t, "update with "+c.name, err, catalog.EINVALID, c.field)
	}
	sameDataset(t, "after invalid updates", get(t, s, dsID(1)), full(1))
}

func testUpdateReplaces(t *testing.T, s catalog.Store) {
	create(t, s, full(1))
	next := minimal(1)
	next.Name = "umbenannt"
	next.Distributions = []catalog.Distribution{{ID: distID(1, 7), Title: "neu"}}
	next.ModifiedAt = t0.Add(2 * time.Hour)
	seq0 := lastSeq(t, s)
	if seq := update(t, s, next); seq <= seq0 {
		t.Fatalf("update seq %d, want > %d", seq, seq0)
	}
	sameDataset(t, "replaced", get(t, s, dsID(1)), next)
	sameDataset(t, "by new name", get(t, s, "umbenannt"), next)
	if _, err := s.Dataset(ctx(t), dsName(1)); catalog.ErrorCode(err) != catalog.ENOTFOUND {
		t.Fatalf("old name still finds the dataset: %v", err)
	}
	for _, id := range []string{distID(1, 0), distID(1, 1)} {
		_, err := s.DatasetByDistribution(ctx(t), id)
		wantCode(t, "removed distribution "+id, err, catalog.ENOTFOUND)
	}
	if got, err := s.DatasetByDistribution(ctx(t), distID(1, 7)); err != nil || got.ID != dsID(1) {
		t.Fatalf("new distribution: %v, %v", got, err)
	}
	// The freed name and distribution ids are usable again.
	reuse := full(2)
	reuse.Name = dsName(1)
	reuse.Distributions[0].ID, reuse.Distributions[1].ID = distID(1, 0), distID(1, 1)
	create(t, s, reuse)

	_, err := s.UpdateDataset(ctx(t), minimal(42), time.Time{})
	wantCode(t, "update of a missing dataset", err, catalog.ENOTFOUND)
	if _, err := s.Dataset(ctx(t), dsID(42)); catalog.ErrorCode(err) != catalog.ENOTFOUND {
		t.Fatalf("update of a missing dataset created it: %v", err)
	}
}

func testOptimistic(t *testing.T, s catalog.Store) {
	d := full(1)
	d.ModifiedAt = t0.Add(987 * time.Nanosecond) // stored as t0: microseconds
	create(t, s, d)
	cases := []struct {
		name  string
		since time.Time
		ok    bool
	}{
		{"stale", t0.Add(-time.Microsecond), false},
		{"newer", t0.Add(time.Second), false},
		{"other zone", t0.In(time.FixedZone("CET", 3600)), true},
		{"written value with nanoseconds", t0.Add(987 * time.Nanosecond), true},
		{"zero skips the check", time.Time{}, true},
	}
	for _, c := range cases {
		next := full(1)
		next.Title = "Titel " + c.name
		next.ModifiedAt = t0
		before := lastSeq(t, s)
		_, err := s.UpdateDataset(ctx(t), next, c.since)
		if !c.ok {
			wantCode(t, c.name, err, catalog.ECONFLICT)
			if got := get(t, s, dsID(1)); got.Title == next.Title {
				t.Fatalf("%s: conflicting update was written", c.name)
			}
			if lastSeq(t, s) != before {
				t.Fatalf("%s: conflicting update logged a change", c.name)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := get(t, s, dsID(1)); got.Title != next.Title {
			t.Fatalf("%s: title %q, want %q", c.name, got.Title, next.Title)
		}
	}
}

func testPurge(t *testing.T, s catalog.Store) {
	create(t, s, full(1))
	create(t, s, full(2))
	if err := s.AddDownloads(ctx(t), map[string]int64{distID(1, 0): 3, distID(2, 0): 4}); err != nil {
		t.Fatal(err)
	}
	seq, err := s.PurgeDataset(ctx(t), dsID(1))
	if err != nil {
		t.Fatal(err)
	}
	if seq != lastSeq(t, s) {
		t.Fatalf("purge seq %d, LastSeq %d", seq, lastSeq(t, s))
	}
	for _, key := range []string{dsID(1), dsName(1)} {
		_, err := s.Dataset(ctx(t), key)
		wantCode(t, "purged "+key, err, catalog.ENOTFOUND)
	}
	_, err = s.DatasetByDistribution(ctx(t), distID(1, 0))
	wantCode(t, "distribution of purged dataset", err, catalog.ENOTFOUND)
	_, err = s.PurgeDataset(ctx(t), dsID(1))
	wantCode(t, "second purge", err, catalog.ENOTFOUND)
	if n, err := s.CountDatasets(ctx(t), catalog.DatasetFilter{States: []string{catalog.StateActive, catalog.StateDraft, catalog.StateDeleted}, Visibility: catalog.Visibility{AllPrivate: true}}); err != nil || n != 1 {
		t.Fatalf("count after purge: %d, %v", n, err)
	}
	sameDataset(t, "other dataset", get(t, s, dsID(2)), full(2))
	// The name and distribution ids are free again.
	create(t, s, full(1))
}

func testByDistribution(t *testing.T, s catalog.Store) {
	for i := 1; i <= 3; i++ {
		create(t, s, full(i))
	}
	for i := 1; i <= 3; i++ {
		for j := 0; j < 2; j++ {
			got, err := s.DatasetByDistribution(ctx(t), distID(i, j))
			if err != nil {
				t.Fatalf("DatasetByDistribution(%d,%d): %v", i, j, err)
			}
			sameDataset(t, "by distribution", got, full(i))
		}
	}
}

func testTimes(t *testing.T, s catalog.Store) {
	berlin := time.FixedZone("CEST", 2*3600)
	cases := []struct {
		name string
		at   time.Time
	}{
		{"microseconds", time.Date(2025, 6, 30, 23, 59, 59, 999999000, time.UTC)},
		{"other zone", time.Date(2025, 6, 30, 1, 2, 3, 456789000, berlin)},
		{"nanoseconds truncated", time.Date(2025, 1, 2, 3, 4, 5, 678901999, time.UTC)},
		{"before 1970", time.Date(1969, 12, 31, 23, 59, 59, 1000, time.UTC)},
		{"zero", time.Time{}},
		{"far future", time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC)},
		{"monotonic clock reading", time.Now()},
	}
	for i, c := range cases {
		d := full(i + 1)
		d.CreatedAt, d.ModifiedAt = c.at, c.at
		d.Distributions[0].CreatedAt = c.at
		d.Harvest.LastHarvested = c.at
		create(t, s, d)
		got := get(t, s, d.ID)
		want := c.at.UTC().Truncate(time.Microsecond)
		if c.at.IsZero() {
			want = time.Time{}
		}
		for _, x := range []struct {
			field string
			v     time.Time
		}{{"created_at", got.CreatedAt}, {"modified_at", got.ModifiedAt},
			{"resources.0.created_at", got.Distributions[0].CreatedAt}, {"harvest.last_harvested", got.Harvest.LastHarvested}} {
			if x.v != want {
				t.Errorf("%s: %s read back as %v, want %v", c.name, x.field, x.v, want)
			}
		}
		sameDataset(t, c.name, got, d)
	}
	cs, err := s.Changes(ctx(t), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.At.Location() != time.UTC || c.At.IsZero() || c.At.Nanosecond()%1000 != 0 {
			t.Fatalf("change At %v: want a UTC time in microseconds", c.At)
		}
	}
}

// A name may look like another dataset's id; the id wins, as in CKAN.
func testIDBeforeName(t *testing.T, s catalog.Store) {
	create(t, s, minimal(1))
	d := minimal(2)
	d.Name = dsID(1)
	create(t, s, d)
	if got := get(t, s, dsID(1)); got.ID != dsID(1) {
		t.Fatalf("Dataset(id) found %s, want %s", got.ID, dsID(1))
	}
	if got := get(t, s, dsID(2)); got.Name != dsID(1) {
		t.Fatalf("Dataset(id 2) found name %s", got.Name)
	}
}

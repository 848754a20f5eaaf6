package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

var batchTests = []test{
	{"DatasetVersionsBatch", testVersionsBatch},
	{"DatasetsByIDBatch", testByIDBatch},
}

// testVersionsBatch: one call answers for every existing id — names are
// not ids, unknown, purged, empty and unstorable ids are left out — and
// agrees with DatasetVersion after an update.
func testVersionsBatch(t *testing.T, s catalog.Store) {
	a, b, c := minimal(1), full(2), minimal(3)
	b.State = catalog.StateDeleted
	for _, d := range []*catalog.Dataset{a, b, c} {
		create(t, s, d)
	}
	u := a.Clone()
	u.ModifiedAt = a.ModifiedAt.Add(time.Microsecond)
	if _, err := s.UpdateDataset(ctx(t), u, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PurgeDataset(ctx(t), c.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.DatasetVersions(ctx(t), []string{a.ID, b.ID, c.ID, a.Name, dsID(99), "", "x\x00y", a.ID})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{a.ID: u.ModifiedAt, b.ID: b.ModifiedAt}
	if len(got) != len(want) || !got[a.ID].Equal(want[a.ID]) || !got[b.ID].Equal(want[b.ID]) {
		t.Fatalf("DatasetVersions = %v, want %v", got, want)
	}
	for _, ids := range [][]string{nil, {}} {
		if m, err := s.DatasetVersions(ctx(t), ids); err != nil || len(m) != 0 {
			t.Errorf("DatasetVersions(%v) = %v, %v", ids, m, err)
		}
	}
}

// testByIDBatch: the batch read returns exactly what Dataset returns for
// each existing id, in any state.
func testByIDBatch(t *testing.T, s catalog.Store) {
	var ids []string
	for i := 1; i <= 40; i++ {
		d := minimal(i)
		if i%2 == 0 {
			d = full(i)
		}
		if i%5 == 0 {
			d.State = catalog.StateDraft
		}
		create(t, s, d)
		ids = append(ids, d.ID)
	}
	got, err := s.DatasetsByID(ctx(t), append(ids, dsID(99), "x\x00y"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(ids) {
		t.Fatalf("DatasetsByID returned %d datasets, want %d", len(got), len(ids))
	}
	for _, id := range ids {
		one, err := s.Dataset(ctx(t), id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got[id], one) {
			t.Fatalf("DatasetsByID[%s] differs from Dataset(%s):\n%+v\n%+v", id, id, got[id], one)
		}
	}
	if m, err := s.DatasetsByID(ctx(t), nil); err != nil || len(m) != 0 {
		t.Errorf("DatasetsByID(nil) = %v, %v", m, err)
	}
}

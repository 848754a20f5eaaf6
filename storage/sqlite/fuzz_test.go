package sqlite_test

import (
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// FuzzDatasetRoundTrip stores datasets with hostile text and times: each
// is either rejected with a catalog error that names a field, or reads
// back exactly (times normalised to UTC microseconds).
func FuzzDatasetRoundTrip(f *testing.F) {
	f.Add("baeume", "Bäume", "k", "v", false, int64(0))
	f.Add("a'; DROP TABLE datasets; --", "\x00\xff", "\xfe", "\ufffd", true, int64(-1))
	f.Add("", "", "", "", false, int64(1<<62))
	f.Add("ds", `\ufffd "quoted" \\`, "a.b", "\u2028", true, int64(123456789))
	s := openTemp(f)
	var n atomic.Int64
	f.Fuzz(func(t *testing.T, name, title, key, val string, private bool, nanos int64) {
		i := n.Add(1)
		at := time.Unix(0, nanos)
		d := &catalog.Dataset{
			ID: fmt.Sprintf("fuzz-%d", i), Name: name, Title: title, Private: private, State: catalog.StateActive,
			Keywords: []string{title}, Extras: map[string]string{key: val},
			Distributions: []catalog.Distribution{{ID: fmt.Sprintf("fuzz-dist-%d", i), Title: val, CreatedAt: at}},
			CreatedAt:     at, ModifiedAt: at,
		}
		if _, err := s.CreateDataset(t.Context(), d); err != nil {
			e := catalog.AsError(err)
			if (e.Code != catalog.EINVALID && e.Code != catalog.ECONFLICT) || len(e.Fields) == 0 {
				t.Fatalf("rejected with %v; want EINVALID or ECONFLICT naming a field", err)
			}
			return
		}
		want := d.Clone()
		want.CreatedAt, want.ModifiedAt = at.UTC().Truncate(time.Microsecond), at.UTC().Truncate(time.Microsecond)
		want.Distributions[0].CreatedAt = want.CreatedAt
		for _, key := range []string{d.ID, d.Name} {
			got, err := s.Dataset(t.Context(), key)
			if err != nil {
				t.Fatalf("Dataset(%q): %v", key, err)
			}
			if key == d.Name && got.ID != d.ID && got.Name != d.Name {
				t.Fatalf("Dataset(name %q) found %q", key, got.Name)
			}
			if got.ID == d.ID && !reflect.DeepEqual(got, want) {
				t.Fatalf("read back differs:\n got %+v\nwant %+v", got, want)
			}
		}
	})
}

// FuzzDatasetFilter feeds hostile filter values: they are data, never
// SQL, and can only ever give EINVALID.
func FuzzDatasetFilter(f *testing.F) {
	f.Add("org", "src", "active", "name", 0, 0)
	f.Add("' OR 1=1 --", "\x00", "deleted", "modified_desc; DROP TABLE x", -1, 1<<30)
	f.Add("%", "_", "", "modified", 5, -3)
	s := openTemp(f)
	for i := range 3 {
		d := &catalog.Dataset{ID: fmt.Sprint(i), Name: fmt.Sprint("n", i), State: catalog.StateActive, OrganizationID: "org"}
		if _, err := s.CreateDataset(f.Context(), d); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, org, src, state, order string, offset, limit int) {
		flt := catalog.DatasetFilter{States: []string{state, state}, OrganizationID: org, HarvestSourceID: src,
			Visibility: catalog.Visibility{OrgIDs: []string{org}}, Order: order, Offset: offset, Limit: limit}
		n := 0
		err := s.EachDataset(t.Context(), flt, func(*catalog.Dataset) error { n++; return nil })
		if err != nil && catalog.ErrorCode(err) != catalog.EINVALID {
			t.Fatalf("EachDataset: %v", err)
		}
		if limit > 0 && n > limit {
			t.Fatalf("EachDataset gave %d datasets over limit %d", n, limit)
		}
		if _, err := s.CountByOrganization(t.Context(), flt); err != nil && catalog.ErrorCode(err) != catalog.EINVALID {
			t.Fatalf("CountByOrganization: %v", err)
		}
	})
}

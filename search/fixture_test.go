package search

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// fixture is testdata/catalog.json loaded into a memStore and indexed.
type fixture struct {
	store *memStore
	ix    *Index
	x     *Indexer
	names map[string]string // id → name
}

var fixtureNow = time.Date(2025, 4, 1, 12, 0, 0, 0, time.UTC)

func loadCatalog(t testing.TB, st *memStore) {
	t.Helper()
	b, err := os.ReadFile("testdata/catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Organizations []*catalog.Organization
		Datasets      []*catalog.Dataset
	}
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	for _, o := range c.Organizations {
		st.putOrg(o)
	}
	for _, d := range c.Datasets {
		st.put(d)
	}
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	return newFixtureWith(t, Options{}, nil)
}

// newFixtureWith indexes the catalogue plus extra datasets with opts.
func newFixtureWith(t testing.TB, opts Options, extra []*catalog.Dataset) *fixture {
	t.Helper()
	f := &fixture{store: newMemStore(), names: map[string]string{}}
	loadCatalog(t, f.store)
	for _, d := range extra {
		f.store.put(d)
	}
	for id, d := range f.store.sets {
		f.names[id] = d.Name
	}
	var err error
	opts.Now = func() time.Time { return fixtureNow }
	f.ix, err = NewMemOnly(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.ix.Close() })
	f.x = NewIndexer(f.ix, f.store, IndexerOptions{BatchSize: 7})
	if err := f.x.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	return f
}

// search returns result names.
func (f *fixture) search(t testing.TB, q catalog.SearchQuery) ([]string, *catalog.SearchResult) {
	t.Helper()
	if q.Rows == 0 {
		q.Rows = 100
	}
	r, err := f.ix.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	names := make([]string, len(r.IDs))
	for i, id := range r.IDs {
		names[i] = f.names[id]
	}
	return names, r
}

func TestRelevance(t *testing.T) {
	f := newFixture(t)
	b, err := os.ReadFile("testdata/relevance.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Name, Q        string
		FQ             []string
		Top, Want, Not []string
		None           bool
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			got, _ := f.search(t, catalog.SearchQuery{Q: tc.Q, FQ: tc.FQ})
			if tc.None && len(got) > 0 {
				t.Errorf("q=%q: got %v, want no hits", tc.Q, got)
			}
			for i, name := range tc.Top {
				if i >= len(got) || got[i] != name {
					t.Errorf("q=%q: top %d = %v, want %v", tc.Q, len(tc.Top), got[:min(len(got), len(tc.Top)+2)], tc.Top)
					break
				}
			}
			for _, name := range tc.Want {
				if !contains(got, name) {
					t.Errorf("q=%q: %s missing from %v", tc.Q, name, got)
				}
			}
			for _, name := range tc.Not {
				if contains(got, name) {
					t.Errorf("q=%q: %s must not be in %v", tc.Q, name, got)
				}
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

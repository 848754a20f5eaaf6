package search

import (
	"context"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// A sysadmin's cached answer must never reach an anonymous reader or a
// member of another organisation asking the same question.
func TestResultCacheKeepsVisibilityApart(t *testing.T) {
	f := newFixture(t)
	q := catalog.SearchQuery{Q: "Haushalt", FacetFields: []string{"organization"}}
	admin, _ := f.search(t, withVis(q, catalog.Visibility{AllPrivate: true}))
	if !slices.Contains(admin, "interner-haushaltsentwurf") {
		t.Fatalf("sysadmin does not see the private dataset: %v", admin)
	}
	for _, vis := range []catalog.Visibility{{}, {OrgIDs: []string{"org-beispiel"}}} {
		got, r := f.search(t, withVis(q, vis))
		if slices.Contains(got, "interner-haushaltsentwurf") {
			t.Errorf("%+v sees the private dataset after a sysadmin searched: %v", vis, got)
		}
		if r.Count != len(got) {
			t.Errorf("%+v: count %d for %d hits", vis, r.Count, len(got))
		}
	}
	member, _ := f.search(t, withVis(q, catalog.Visibility{OrgIDs: []string{"ORG-MUSTER"}}))
	if !slices.Contains(member, "interner-haushaltsentwurf") {
		t.Errorf("member of org-muster does not see its private dataset: %v", member)
	}
	hits := f.ix.cacheHits.Load()
	f.search(t, withVis(q, catalog.Visibility{AllPrivate: true}))
	if f.ix.cacheHits.Load() != hits+1 {
		t.Error("repeating the sysadmin request was not answered from the cache")
	}
}

func withVis(q catalog.SearchQuery, vis catalog.Visibility) catalog.SearchQuery {
	q.Visibility = vis
	return q
}

// A write applied by the indexer is visible to the very next search.
func TestResultCacheSeesWrites(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	q := catalog.SearchQuery{Q: "Zugspitze", FacetFields: []string{"tags"}}
	if got, _ := f.search(t, q); len(got) != 0 {
		t.Fatalf("before: %v", got)
	}
	f.search(t, q) // now certainly cached
	f.store.put(&catalog.Dataset{ID: "id-zugspitze", Name: "zugspitze", Title: "Wetter Zugspitze",
		OrganizationID: "org-muster", Keywords: []string{"Wetter"}})
	f.names["id-zugspitze"] = "zugspitze"
	if err := f.x.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	got, r := f.search(t, q)
	if !reflect.DeepEqual(got, []string{"zugspitze"}) || len(r.Facets["tags"]) != 1 {
		t.Errorf("after the write: %v, facets %v", got, r.Facets)
	}
	f.store.purge("id-zugspitze")
	if err := f.x.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.search(t, q); len(got) != 0 {
		t.Errorf("after the purge: %v", got)
	}
}

// A rebuilt generation replaces cached answers even when the change
// sequence did not move: here the store changed behind the change log
// (as after restoring a backup), which only a rebuild picks up.
func TestResultCacheGenerationSwap(t *testing.T) {
	f := newFixture(t)
	q := catalog.SearchQuery{Q: "Baumkataster"}
	if got, _ := f.search(t, q); !slices.Contains(got, "baumkataster") {
		t.Fatalf("before: %v", got)
	}
	f.store.mu.Lock()
	f.store.sets["id-baumkataster"].State = catalog.StateDeleted
	f.store.mu.Unlock()
	seq, _ := f.ix.Seq()
	if err := f.x.Rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s, _ := f.ix.Seq(); s != seq {
		t.Fatalf("sequence moved %d → %d; the test needs it unchanged", seq, s)
	}
	if got, _ := f.search(t, q); slices.Contains(got, "baumkataster") {
		t.Errorf("stale answer from the old generation: %v", got)
	}
}

// The key must tell generations apart by themselves: two handles with
// equal write counts and sequences are different indexes.
func TestRequestKeysNameTheGeneration(t *testing.T) {
	f := newFixture(t)
	h, _ := f.ix.acquire()
	defer h.release()
	other := newHandle(h.idx, h.gen)
	other.writes.Store(h.writes.Load())
	a, _ := requestKeys(h, catalog.SearchQuery{Q: "x"}, DefaultSort)
	b, _ := requestKeys(other, catalog.SearchQuery{Q: "x"}, DefaultSort)
	if a.full == b.full {
		t.Error("keys of two generations are equal")
	}
	c, _ := requestKeys(h, catalog.SearchQuery{Q: "x"}, DefaultSort)
	h.writes.Add(1)
	d, _ := requestKeys(h, catalog.SearchQuery{Q: "x"}, DefaultSort)
	if c.full == d.full {
		t.Error("a write does not change the key")
	}
}

// Every part of the request that changes the answer changes the key;
// spellings that mean the same request share one.
func TestRequestKeysNormalise(t *testing.T) {
	f := newFixture(t)
	h, _ := f.ix.acquire()
	defer h.release()
	if n := reflect.TypeOf(catalog.SearchQuery{}).NumField(); n != 14 {
		t.Fatalf("catalog.SearchQuery has %d fields: add the new ones to requestKeys and to this test", n)
	}
	t1 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	t2 := t1.Add(time.Hour)
	base := catalog.SearchQuery{Q: "Haushalt", FQ: []string{"a:1", "b:2"}, Rows: 10, FacetFields: []string{"tags", "organization"},
		Visibility: catalog.Visibility{OrgIDs: []string{"org-a", "org-b"}}}
	key := func(q catalog.SearchQuery) string {
		_, eff, err := parseSort(q.Sort)
		if err != nil {
			t.Fatal(err)
		}
		k, ok := requestKeys(h, q, eff)
		if !ok {
			t.Fatalf("%+v not cacheable", q)
		}
		return k.full
	}
	same := []func(*catalog.SearchQuery){
		func(q *catalog.SearchQuery) { q.FQ = []string{" b:2", "a:1"} },
		func(q *catalog.SearchQuery) { q.FacetFields = []string{"organization", "tags", "tags"} },
		func(q *catalog.SearchQuery) { q.Visibility.OrgIDs = []string{"ORG-B", "", "org-a"} },
		func(q *catalog.SearchQuery) { q.Sort = "rank" },
	}
	for i, mod := range same {
		q := base
		mod(&q)
		if key(q) != key(base) {
			t.Errorf("equivalent request %d has its own key", i)
		}
	}
	over, capped := base, base
	over.Rows, capped.Rows = 5000, MaxRows
	if key(over) != key(capped) {
		t.Error("rows over the cap are not keyed as the cap")
	}
	bbox := [4]float64{1, 2, 3, 4}
	differ := map[string]func(*catalog.SearchQuery){
		"q":         func(q *catalog.SearchQuery) { q.Q = "Haushalte" },
		"fq":        func(q *catalog.SearchQuery) { q.FQ = []string{"a:1"} },
		"fq split":  func(q *catalog.SearchQuery) { q.FQ = []string{"a:1b:2"} },
		"sort":      func(q *catalog.SearchQuery) { q.Sort = "name asc" },
		"rows":      func(q *catalog.SearchQuery) { q.Rows = 11 },
		"start":     func(q *catalog.SearchQuery) { q.Start = 10 },
		"facets":    func(q *catalog.SearchQuery) { q.FacetFields = []string{"tags"} },
		"limit":     func(q *catalog.SearchQuery) { q.FacetLimit = 5 },
		"mincount":  func(q *catalog.SearchQuery) { q.FacetMinCount = 2 },
		"sysadmin":  func(q *catalog.SearchQuery) { q.Visibility.AllPrivate = true },
		"orgs":      func(q *catalog.SearchQuery) { q.Visibility.OrgIDs = []string{"org-a"} },
		"anonymous": func(q *catalog.SearchQuery) { q.Visibility.OrgIDs = nil },
		"drafts":    func(q *catalog.SearchQuery) { q.IncludeDrafts = true },
		"deleted":   func(q *catalog.SearchQuery) { q.IncludeDeleted = true },
		"bbox":      func(q *catalog.SearchQuery) { q.BBox = &bbox },
		"from":      func(q *catalog.SearchQuery) { q.TemporalStart = &t1 },
		"to":        func(q *catalog.SearchQuery) { q.TemporalEnd = &t2 },
	}
	seen := map[string]string{key(base): "base"}
	for name, mod := range differ {
		q := base
		mod(&q)
		k := key(q)
		if prev, ok := seen[k]; ok {
			t.Errorf("%s and %s share a key", name, prev)
		}
		seen[k] = name
	}
	for _, q := range []catalog.SearchQuery{{FQ: []string{"metadata_modified:[NOW-1DAY TO *]"}}, {Q: "metadata_created:[* TO NOW]"}} {
		if _, ok := requestKeys(h, q, DefaultSort); ok {
			t.Errorf("%+v depends on the clock and must not be cached", q)
		}
	}
}

// Callers own what Search returns: changing it must not change what the
// next caller gets.
func TestResultCacheReturnsCopies(t *testing.T) {
	f := newFixture(t)
	q := catalog.SearchQuery{Q: "*:*", Rows: 5, FacetFields: []string{"organization", "res_format"}}
	_, first := f.search(t, q)
	want := cloneResult(first)
	first.IDs[0] = "changed"
	first.Facets["organization"][0].Count = -1
	delete(first.Facets, "res_format")
	for range 2 { // the second answer comes from the cache, like the first's copy
		_, r := f.search(t, q)
		if !reflect.DeepEqual(r, want) {
			t.Fatalf("got %+v, want %+v", r, want)
		}
		r.IDs = append(r.IDs[:0], "x")
		r.Facets["organization"] = nil
	}
	if f.ix.cacheHits.Load() < 2 {
		t.Errorf("cache hits = %d, want ≥ 2", f.ix.cacheHits.Load())
	}
}

func TestResultCacheDisabled(t *testing.T) {
	ix, err := NewMemOnly(Options{NoResultCache: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for range 2 {
		if _, err := ix.Search(context.Background(), catalog.SearchQuery{Rows: 1}); err != nil {
			t.Fatal(err)
		}
	}
	if ix.cache != nil || ix.cacheHits.Load() != 0 {
		t.Error("NoResultCache still caches")
	}
}

func TestLRUBounds(t *testing.T) {
	size := func(k string, v string) int64 { return int64(len(k) + len(v)) }
	c := newLRU(3, 100, size)
	for _, k := range []string{"a", "b", "c"} {
		c.put(k, "v")
	}
	c.get("a") // b is now the least recently used
	c.put("d", "v")
	if _, ok := c.get("b"); ok {
		t.Error("entry bound: b not evicted")
	}
	for _, k := range []string{"a", "c", "d"} {
		if _, ok := c.get(k); !ok {
			t.Errorf("%s evicted", k)
		}
	}
	c.put("big", string(make([]byte, 96))) // 99 bytes: everything else must go
	if n, b := c.stats(); n != 1 || b != 99 {
		t.Errorf("byte bound: %d entries, %d bytes", n, b)
	}
	c.put("huge", string(make([]byte, 200)))
	if _, ok := c.get("huge"); ok {
		t.Error("a value over the byte budget was stored")
	}
	c.put("big", "v") // replacing accounts the old size away
	if n, b := c.stats(); n != 1 || b != 4 {
		t.Errorf("after replace: %d entries, %d bytes", n, b)
	}
	c.purge()
	if n, b := c.stats(); n != 0 || b != 0 {
		t.Errorf("after purge: %d entries, %d bytes", n, b)
	}
}

// Identical requests arriving together while the answer is not cached
// run the query once; every caller still gets its own copy.
func TestResultCacheCoalescesMisses(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var runs atomic.Int32
	release := make(chan struct{})
	f.ix.beforeExecute = func() { runs.Add(1); <-release }
	q := catalog.SearchQuery{Q: "*:*", Rows: 5, FacetFields: []string{"tags"}}
	h, _ := f.ix.acquire()
	keys, _ := requestKeys(h, q, DefaultSort)
	h.release()

	const n = 8
	results := make([]*catalog.SearchResult, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := f.ix.Search(ctx, q)
			if err != nil {
				t.Error(err)
			}
			results[i] = r
		}()
	}
	deadline := time.Now().Add(10 * time.Second)
	for f.ix.flights.waiting(keys.full) < n-1 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	if r := runs.Load(); r != 1 {
		t.Errorf("the query ran %d times for %d identical requests", r, n)
	}
	for i, r := range results {
		if r == nil || !reflect.DeepEqual(r, results[0]) {
			t.Fatalf("result %d differs: %+v", i, r)
		}
	}
	results[0].IDs[0] = "changed"
	if results[1].IDs[0] == "changed" {
		t.Error("callers share one result")
	}
}

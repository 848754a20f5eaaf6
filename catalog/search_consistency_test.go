package catalog_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/search"
)

// withSearch adds a real Bleve index and its running indexer.
func withSearch(t *testing.T, f *fixture) {
	t.Helper()
	ix, err := search.NewMemOnly()
	if err != nil {
		t.Fatal(err)
	}
	// A slow poll: only Notify and the search-side wait make writes visible.
	x := search.NewIndexer(ix, f.store, search.IndexerOptions{Poll: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = x.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done; ix.Close() })
	f.svc.Search, f.svc.Index = ix, x
}

// Every search sees every write committed before it began, although
// writers do not wait for the index.
func TestSearchSeesEveryCommittedWrite(t *testing.T) {
	f := newFixture(t)
	withSearch(t, f)
	for i := range 30 {
		must2(f.svc.CreateDataset(as(f.editor), validDataset("stadt-a", fmt.Sprintf("datensatz-%02d", i))))
		res, err := f.svc.SearchDatasets(as(catalog.Anonymous), catalog.SearchQuery{Q: "*:*", Rows: 100}, false)
		if err != nil {
			t.Fatal(err)
		}
		if res.Count != i+1 {
			t.Fatalf("after %d creates search counts %d", i+1, res.Count)
		}
	}
	if err := f.svc.DeleteDataset(as(f.editor), "datensatz-00"); err != nil {
		t.Fatal(err)
	}
	res, _ := f.svc.SearchDatasets(as(catalog.Anonymous), catalog.SearchQuery{Q: "name:datensatz-00", Rows: 1}, false)
	if res.Count != 0 {
		t.Fatal("a deleted dataset is still found")
	}
}

type stuckIndex struct{ waits int }

func (s *stuckIndex) WaitFor(ctx context.Context, seq int64) error {
	s.waits++
	<-ctx.Done()
	return ctx.Err()
}

// A stuck index costs one bounded wait, not one per search.
func TestSearchDoesNotWaitForAStuckIndexEveryTime(t *testing.T) {
	f := newFixture(t)
	withSearch(t, f)
	must2(f.svc.CreateDataset(as(f.editor), validDataset("stadt-a", "eins")))
	stuck := &stuckIndex{}
	f.svc.Index, f.svc.IndexWait = stuck, 50*time.Millisecond
	for range 5 {
		if _, err := f.svc.SearchDatasets(as(catalog.Anonymous), catalog.SearchQuery{Q: "*:*", Rows: 1}, false); err != nil {
			t.Fatal(err)
		}
	}
	if stuck.waits != 1 {
		t.Fatalf("waited %d times for a stuck index, want 1", stuck.waits)
	}
}

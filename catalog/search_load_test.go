package catalog_test

import (
	"context"
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

// idSearcher answers every search with fixed ids, as an index that lags
// the store might.
type idSearcher struct{ ids []string }

func (s idSearcher) Search(context.Context, catalog.SearchQuery) (*catalog.SearchResult, error) {
	return &catalog.SearchResult{Count: len(s.ids), IDs: s.ids}, nil
}

func (idSearcher) Suggest(context.Context, string, int, catalog.Visibility) ([]catalog.Suggestion, error) {
	return nil, nil
}

// A page of hits is loaded in the index's order: ids the store no longer
// has and datasets the caller may not see are left out, an update shows
// at once (the cached copy is validated), and a caller changing a result
// does not change what the next caller gets.
func TestSearchLoadsHitsInOrder(t *testing.T) {
	f := newFixture(t)
	ed := as(f.editor)
	a := must2(f.svc.CreateDataset(ed, validDataset(f.org.Name, "a-daten")))
	b := must2(f.svc.CreateDataset(ed, validDataset(f.org.Name, "b-daten")))
	priv := validDataset(f.org.Name, "c-privat")
	priv.Private = true
	c := must2(f.svc.CreateDataset(ed, priv))
	gone := must2(f.svc.CreateDataset(ed, validDataset(f.org.Name, "d-weg")))
	if err := f.svc.PurgeDataset(as(f.sysadmin), gone.ID); err != nil {
		t.Fatal(err)
	}
	f.svc.Search = idSearcher{ids: []string{b.ID, gone.ID, c.ID, a.ID}}
	names := func(ctx context.Context, includePrivate bool) []string {
		t.Helper()
		res, err := f.svc.SearchDatasets(ctx, catalog.SearchQuery{Q: "*:*", Rows: 10}, includePrivate)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range res.Datasets {
			out = append(out, d.Name)
		}
		return out
	}
	if got := names(as(catalog.Anonymous), false); len(got) != 2 || got[0] != "b-daten" || got[1] != "a-daten" {
		t.Fatalf("anonymous: %v, want [b-daten a-daten]", got)
	}
	if got := names(as(f.member), true); len(got) != 3 || got[1] != "c-privat" {
		t.Fatalf("member with include_private: %v, want [b-daten c-privat a-daten]", got)
	}

	res, _ := f.svc.SearchDatasets(as(catalog.Anonymous), catalog.SearchQuery{Q: "*:*", Rows: 10}, false)
	res.Datasets[0].Title = "verändert vom Aufrufer"
	u := b.Clone()
	u.Description = "Neue Beschreibung"
	if _, _, err := f.svc.UpdateDataset(ed, u, b.ModifiedAt); err != nil {
		t.Fatal(err)
	}
	res, _ = f.svc.SearchDatasets(as(catalog.Anonymous), catalog.SearchQuery{Q: "*:*", Rows: 10}, false)
	if d := res.Datasets[0]; d.Title != b.Title || d.Description != "Neue Beschreibung" {
		t.Fatalf("after update: title %q, notes %q", d.Title, d.Description)
	}
}

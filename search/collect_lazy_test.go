package search

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/search/gen"
)

// The lazy collector must answer exactly as Bleve's: same total, same hits
// in the same order, same facets, over a catalogue with many equal scores
// (generated datasets share their title patterns), for every page size,
// offset, order and facet combination.
func TestLazyCollectorMatchesBleve(t *testing.T) {
	f := newFixtureWith(t, Options{NoResultCache: true, NoPageCursors: true}, gen.New(3, 12).Datasets(1500))
	h, err := f.ix.acquire()
	if err != nil {
		t.Fatal(err)
	}
	defer h.release()
	ctx := context.Background()
	queries := []string{"Stadt", "Haushalt 2024", "Kita", `"Wahlergebnisse Bundestagswahl"`, "Baum*",
		"title:Haushalt", "Verkehr OR Parken", "Haushalt -2024", "Kindergaten", "Radwege Parkplätze Verkehr Bäume"}
	sorts := []string{"", "score desc, name asc", "score desc, metadata_modified desc", "score desc, title_string desc"}
	pages := []struct{ rows, start int }{{10, 0}, {5, 3}, {0, 0}, {100, 20}, {1000, 0}, {7, 400}}
	facets := [][]string{nil, {"organization", "res_format", "tags"}}
	var compared, lazyTotal int
	for _, q := range queries {
		for _, s := range sorts {
			for _, p := range pages {
				for _, ff := range facets {
					sq := catalog.SearchQuery{Q: q, Sort: s, Rows: p.rows, Start: p.start, FacetFields: ff, FacetLimit: 20}
					name := fmt.Sprintf("q=%q sort=%q rows=%d start=%d facets=%v", q, s, p.rows, p.start, ff)
					req, _, _, err := f.ix.request(sq, false)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					if !lazyEligible(req) {
						t.Fatalf("%s: not eligible for the lazy collector", name)
					}
					want, err := h.idx.SearchInContext(ctx, req)
					if err != nil {
						t.Fatal(err)
					}
					req2, _, _, _ := f.ix.request(sq, false)
					got, err := searchLazy(ctx, h.idx, req2, "")
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					if got.Total != want.Total {
						t.Fatalf("%s: total %d, Bleve %d", name, got.Total, want.Total)
					}
					if g, w := hitIDs(got), hitIDs(want); !reflect.DeepEqual(g, w) {
						t.Fatalf("%s: hits\n%v\nBleve\n%v", name, g, w)
					}
					if g, w := facetCounts(sq, got), facetCounts(sq, want); !reflect.DeepEqual(g, w) {
						t.Fatalf("%s: facets\n%v\nBleve\n%v", name, g, w)
					}
					compared++
					lazyTotal += int(got.Total)
				}
			}
		}
	}
	if lazyTotal == 0 {
		t.Fatal("no query matched anything: the comparison proves nothing")
	}
	t.Logf("%d requests compared", compared)
}

func hitIDs(res *bleve.SearchResult) []string {
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids
}

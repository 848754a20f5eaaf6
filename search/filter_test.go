package search

import (
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/datenportal/datenportal/catalog"
)

// Nested filter conjunctions are flattened and repeated terms dropped, so
// that Bleve can intersect the term clauses as bitmaps.
func TestFlatConj(t *testing.T) {
	vis := visibilityFilter(catalog.SearchQuery{IncludeDrafts: true})
	dr := query.NewDateRangeQuery(minTime, maxTime)
	got := flatConj([]query.Query{vis, query.NewConjunctionQuery([]query.Query{termQ("state", "active", 1), termQ("organization", "a", 1), dr})})
	c, ok := got.(*query.ConjunctionQuery)
	if !ok {
		t.Fatalf("got %T", got)
	}
	var terms []string
	for _, q := range c.Conjuncts {
		if tq, ok := q.(*query.TermQuery); ok {
			terms = append(terms, tq.Field()+":"+tq.Term)
		}
	}
	if want := []string{"state:active", "capacity:public", "organization:a"}; !reflect.DeepEqual(terms, want) || len(c.Conjuncts) != 4 {
		t.Errorf("flattened to %v (%d clauses)", terms, len(c.Conjuncts))
	}
	if _, ok := flatConj(nil).(*query.MatchAllQuery); !ok {
		t.Error("no filters must match everything")
	}
}

// Match-all is answered unscored from the filters; with the default sort
// ("score desc, metadata_modified desc") its order must stay the order by
// modification, as when every hit had the same score.
func TestMatchAllUnscoredKeepsOrder(t *testing.T) {
	f := newFixture(t)
	for _, vis := range []catalog.Visibility{{}, {AllPrivate: true}, {OrgIDs: []string{"org-muster"}}} {
		byScore, _ := f.search(t, catalog.SearchQuery{Q: "*:*", Visibility: vis, IncludeDrafts: true})
		byDate, _ := f.search(t, catalog.SearchQuery{Q: "*:*", Sort: "metadata_modified desc", Visibility: vis, IncludeDrafts: true})
		if !reflect.DeepEqual(byScore, byDate) || len(byScore) < 20 {
			t.Errorf("%+v: default order %v, modified order %v", vis, byScore, byDate)
		}
	}
}

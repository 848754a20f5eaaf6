package search

import (
	"context"
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

func TestSmoke(t *testing.T) {
	ctx := context.Background()
	st := newMemStore()
	st.putOrg(&catalog.Organization{ID: "o1", Name: "stadt-musterstadt", Title: "Stadt Musterstadt"})
	st.put(&catalog.Dataset{ID: "a", Name: "haushaltsplan-2025", Title: "Haushaltsplan 2025", OrganizationID: "o1", Keywords: []string{"Haushalt", "Finanzen"},
		Themes:        []string{"http://publications.europa.eu/resource/authority/data-theme/GOVE"},
		Distributions: []catalog.Distribution{{Format: "http://publications.europa.eu/resource/authority/file-type/CSV", License: "http://dcat-ap.de/def/licenses/dl-by-de/2.0"}}})
	st.put(&catalog.Dataset{ID: "b", Name: "baumkataster", Title: "Baumkataster der Stadt", Description: "Alle Straßenbäume", OrganizationID: "o1"})
	ix, err := NewMemOnly()
	if err != nil {
		t.Fatal(err)
	}
	x := NewIndexer(ix, st, IndexerOptions{})
	if err := x.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	for _, q := range []catalog.SearchQuery{
		{Q: "Haushalt", Rows: 10},
		{Q: "Baum", Rows: 10},
		{Q: "Strassenbaeume", Rows: 10},
		{Q: "*:*", Rows: 10, FacetFields: []string{"organization", "res_format", "license_id", "groups", "tags"}},
		{Q: "", Rows: 0, FQ: []string{"organization:stadt-musterstadt"}},
		{Q: "Hausaltsplan", Rows: 10},
	} {
		r, err := ix.Search(ctx, q)
		t.Logf("%+v → %+v %v", q.Q, r, err)
	}
	s, err := ix.Suggest(ctx, "haus", 10, catalog.Visibility{})
	t.Logf("%+v %v", s, err)
	s, err = ix.Suggest(ctx, "muster", 10, catalog.Visibility{})
	t.Logf("%+v %v", s, err)
}

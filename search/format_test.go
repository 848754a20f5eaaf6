package search

import (
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

// CKAN clients filter with the format strings CKAN shows ("WMS",
// "GeoJSON"), not with EU file-type codes ("WMS_SRVC").
func TestResFormatUsesCKANLabels(t *testing.T) {
	f := newFixture(t)
	d := &catalog.Dataset{ID: "wms-ds", Name: "wms-dienst", Title: "Bebauungspläne als Kartendienst",
		Distributions: []catalog.Distribution{
			{ID: "r1", Format: "http://publications.europa.eu/resource/authority/file-type/WMS_SRVC"},
			{ID: "r2", Extras: map[string]string{"format": "Kartenviewer"}},
		}}
	f.store.put(d)
	f.names[d.ID] = d.Name
	if err := f.x.CatchUp(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, fq := range []string{"res_format:WMS", "res_format:wms", "res_format:Kartenviewer"} {
		got, _ := f.search(t, catalog.SearchQuery{Q: "*:*", FQ: []string{fq}})
		if !contains(got, "wms-dienst") {
			t.Errorf("fq=%s: %v does not contain wms-dienst", fq, got)
		}
	}
	_, res := f.search(t, catalog.SearchQuery{Q: "name:wms-dienst", FacetFields: []string{"res_format"}})
	for _, fc := range res.Facets["res_format"] {
		if fc.Value == "WMS_SRVC" {
			t.Errorf("facet shows the EU code %q instead of the CKAN label", fc.Value)
		}
	}
}

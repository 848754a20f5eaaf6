package search

import (
	"context"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// publicActive are the fixture datasets an anonymous reader sees.
func publicActive(f *fixture) []string {
	var out []string
	for _, d := range f.store.sets {
		if d.State == catalog.StateActive && !d.Private {
			out = append(out, d.Name)
		}
	}
	sort.Strings(out)
	return out
}

func sorted(s []string) []string {
	s = append([]string(nil), s...)
	sort.Strings(s)
	return s
}

func TestFilterQueries(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name string
		q    string
		fq   []string
		want []string
	}{
		{"organization", "", []string{"organization:gemeinde-beispieldorf"}, []string{"abfallkalender", "denkmalliste", "einwohner-2023", "wahlergebnisse-btw-2021", "wahlergebnisse-kommunalwahl"}},
		{"not organization", "", []string{"-organization:stadt-musterstadt", "-organization:gemeinde-beispieldorf"}, []string{"bebauungsplaene", "fahrplan-nahverkehr", "kita-standorte", "ladesaeulen", "oepnv-haltestellen"}},
		{"organization OR", "", []string{"organization:landkreis-vorbild OR organization:gemeinde-beispieldorf", "groups:tran"}, []string{"fahrplan-nahverkehr", "ladesaeulen", "oepnv-haltestellen"}},
		{"owner_org", "", []string{"owner_org:org-kreis", "res_format:WMS"}, []string{"bebauungsplaene", "kita-standorte"}},
		{"groups", "", []string{"groups:heal"}, []string{"luftqualitaet"}},
		{"theme alias upper-case", "", []string{"theme:HEAL"}, []string{"luftqualitaet"}},
		{"tags case-insensitive", "", []string{"tags:wahlen"}, []string{"wahlergebnisse-btw-2021", "wahlergebnisse-kommunalwahl"}},
		{"tags umlaut", "", []string{"tags:Baeume"}, []string{"baumkataster"}},
		{"tags exact whole value", "", []string{"tags:Bau"}, nil},
		{"res_format lower-case", "", []string{"res_format:gtfs"}, []string{"fahrplan-nahverkehr", "oepnv-haltestellen"}},
		{"license_id", "", []string{"license_id:dl-zero-de/2.0"}, []string{"abfallkalender", "einwohner-2023"}},
		{"license_id quoted", "", []string{`license_id:"cc-by/4.0"`}, []string{"denkmalliste"}},
		{"name", "name:baumkataster", nil, []string{"baumkataster"}},
		{"name wildcard", "name:wahl*", nil, []string{"wahlergebnisse-btw-2021", "wahlergebnisse-kommunalwahl"}},
		{"id", "id:id-radwegenetz", nil, []string{"radwegenetz"}},
		{"capacity", "", []string{"capacity:public", "organization:landkreis-vorbild", "tags:Bauleitplanung"}, []string{"bebauungsplaene"}},
		{"modified since", "", []string{"metadata_modified:[2025-01-01T00:00:00Z TO *]"}, []string{"haushaltsplan-2025", "luftqualitaet", "parkhaeuser"}},
		{"modified range NOW math", "", []string{"metadata_modified:[NOW-3MONTHS/DAY TO NOW]"}, []string{"haushaltsplan-2025", "luftqualitaet", "parkhaeuser"}},
		{"modified exclusive", "", []string{"metadata_modified:{2025-01-15T09:00:00Z TO *}"}, []string{"luftqualitaet", "parkhaeuser"}},
		{"modified year", "metadata_modified:2021", nil, []string{"wahlergebnisse-btw-2021"}},
		{"created before", "", []string{"metadata_created:[* TO 2021-01-01]"}, []string{"denkmalliste"}},
		{"num_resources", "", []string{"num_resources:[2 TO *]", "organization:gemeinde-beispieldorf"}, []string{"abfallkalender", "denkmalliste", "einwohner-2023"}},
		{"title field stemmed", "title:Ladesäule", nil, []string{"ladesaeulen"}},
		{"title phrase", `title:"Kommunalwahl 2024"`, nil, []string{"wahlergebnisse-kommunalwahl"}},
		{"title wildcard umlaut", "title:Kindergär*", nil, []string{"kindergaerten"}},
		{"notes", "notes:Feinstaub", nil, []string{"luftqualitaet"}},
		{"text default field with AND", "Wahlergebnisse AND NOT Kommunalwahl", nil, []string{"wahlergebnisse-btw-2021"}},
		{"extras contributorID", "", []string{`extras_contributorID:"http://dcat-ap.de/def/contributors/org-kreis"`, "groups:regi"}, []string{"bebauungsplaene"}},
		{"extras geocoding level", "", []string{"extras_politicalGeocodingLevelURI:http://dcat-ap.de/def/politicalGeocoding/Level/administrativeDistrict"}, []string{"bebauungsplaene", "ladesaeulen"}},
		{"geocoding_level", "", []string{"geocoding_level:administrativeDistrict"}, []string{"bebauungsplaene", "ladesaeulen"}},
		{"dataset_type excluded harvest", "", []string{"-dataset_type:harvest", "organization:landkreis-vorbild", "groups:ener"}, []string{"ladesaeulen"}},
		{"dataset_type other", "", []string{"dataset_type:showcase"}, nil},
		{"res_url", `res_url:"https://example.org/denkmalliste.pdf"`, nil, []string{"denkmalliste"}},
		{"explicit state cannot widen", "", []string{"state:deleted"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, r := f.search(t, catalog.SearchQuery{Q: tc.q, FQ: tc.fq})
			if !reflect.DeepEqual(sorted(got), sorted(tc.want)) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Errorf("q=%q fq=%q: got %v, want %v", tc.q, tc.fq, sorted(got), sorted(tc.want))
			}
			if r.Count != len(got) {
				t.Errorf("Count = %d, want %d", r.Count, len(got))
			}
		})
	}
}

func TestMatchAll(t *testing.T) {
	f := newFixture(t)
	want := publicActive(f)
	for _, q := range []string{"", "*:*", "*", "  "} {
		got, _ := f.search(t, catalog.SearchQuery{Q: q})
		if !reflect.DeepEqual(sorted(got), want) {
			t.Errorf("q=%q: got %v, want %v", q, sorted(got), want)
		}
	}
}

func TestVisibility(t *testing.T) {
	f := newFixture(t)
	all := func(vis catalog.Visibility, drafts, deleted bool) []string {
		got, _ := f.search(t, catalog.SearchQuery{Q: "Haushalt OR Radverkehr OR Personalplanung", Visibility: vis, IncludeDrafts: drafts, IncludeDeleted: deleted})
		return sorted(got)
	}
	tests := []struct {
		name            string
		vis             catalog.Visibility
		drafts, deleted bool
		want            []string
	}{
		{"anonymous", catalog.Visibility{}, false, false, []string{"haushalt-2024", "haushaltsplan-2025", "radwegenetz"}},
		{"anonymous asking for drafts", catalog.Visibility{}, true, true, []string{"haushalt-2024", "haushaltsplan-2025", "radwegenetz"}},
		{"member of Musterstadt", catalog.Visibility{OrgIDs: []string{"org-muster"}}, false, false, []string{"haushalt-2024", "haushaltsplan-2025", "interner-haushaltsentwurf", "radwegenetz"}},
		{"member with drafts", catalog.Visibility{OrgIDs: []string{"org-muster"}}, true, false, []string{"entwurf-radverkehrsplan", "haushalt-2024", "haushaltsplan-2025", "interner-haushaltsentwurf", "radwegenetz"}},
		{"member of Beispieldorf", catalog.Visibility{OrgIDs: []string{"org-beispiel"}}, false, true, []string{"geloeschter-datensatz", "haushalt-2024", "haushaltsplan-2025", "privat-beispieldorf", "radwegenetz"}},
		{"sysadmin", catalog.Visibility{AllPrivate: true}, false, false, []string{"haushalt-2024", "haushaltsplan-2025", "interner-haushaltsentwurf", "privat-beispieldorf", "radwegenetz"}},
		{"sysadmin everything", catalog.Visibility{AllPrivate: true}, true, true, []string{"entwurf-radverkehrsplan", "geloeschter-datensatz", "haushalt-2024", "haushaltsplan-2025", "interner-haushaltsentwurf", "privat-beispieldorf", "radwegenetz"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := all(tc.vis, tc.drafts, tc.deleted); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	// Facets count only what the reader may see.
	_, r := f.search(t, catalog.SearchQuery{FacetFields: []string{"organization"}})
	for _, fc := range r.Facets["organization"] {
		if fc.Value == "stadt-musterstadt" && fc.Count != 11 {
			t.Errorf("anonymous facet stadt-musterstadt = %d, want 11", fc.Count)
		}
	}
}

func TestSortAndPaging(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		sort, eff string
		first     string
	}{
		{"", DefaultSort, ""},
		{"rank", DefaultSort, ""},
		{"metadata_modified desc", "metadata_modified desc", "parkhaeuser"},
		{"metadata_modified asc", "metadata_modified asc", "denkmalliste"},
		{"metadata_created desc", "metadata_created desc", "parkhaeuser"},
		{"title_string asc", "title_string asc", "abfallkalender"},
		{"title_string desc", "title_string desc", "wahlergebnisse-kommunalwahl"},
		{"name asc", "name asc", "abfallkalender"},
		{"name desc", "name desc", "wahlergebnisse-kommunalwahl"},
		{"id asc", "id asc", "abfallkalender"},
		{"id desc", "id desc", "wahlergebnisse-kommunalwahl"},
		{"score desc, name asc", "score desc, name asc", "abfallkalender"},
		{"  name   ASC ", "name asc", "abfallkalender"},
	}
	for _, tc := range tests {
		t.Run(tc.sort, func(t *testing.T) {
			full, r := f.search(t, catalog.SearchQuery{Q: "*:*", Sort: tc.sort, Rows: 1000})
			if r.Sort != tc.eff {
				t.Errorf("Sort = %q, want %q", r.Sort, tc.eff)
			}
			if tc.first != "" && full[0] != tc.first {
				t.Errorf("first = %s, want %s", full[0], tc.first)
			}
			// Pages of every size concatenate to the full list.
			for _, k := range []int{1, 3, 10} {
				var paged []string
				for start := 0; ; start += k {
					page, pr := f.search(t, catalog.SearchQuery{Q: "*:*", Sort: tc.sort, Rows: k, Start: start})
					if pr.Count != len(full) {
						t.Fatalf("Count = %d at start %d, want %d", pr.Count, start, len(full))
					}
					if len(page) == 0 {
						break
					}
					paged = append(paged, page...)
				}
				if !reflect.DeepEqual(paged, full) {
					t.Errorf("rows=%d pages %v != full %v", k, paged, full)
				}
			}
		})
	}
	// title_string sorts case- and umlaut-insensitively (Ä with A).
	got, _ := f.search(t, catalog.SearchQuery{Q: "*:*", Sort: "title_string asc", Rows: 3})
	if !reflect.DeepEqual(got, []string{"abfallkalender", "baumkataster", "bebauungsplaene"}) {
		t.Errorf("title_string asc = %v", got)
	}
}

func TestRowsAndStart(t *testing.T) {
	f := newFixture(t)
	n := len(publicActive(f))
	tests := []struct {
		rows, start int
		wantIDs     int
	}{
		{0, 0, 0},
		{5, 0, 5},
		{5000, 0, n},
		{10, n + 10, 0},
		{10, n - 2, 2},
	}
	for _, tc := range tests {
		r, err := f.ix.Search(context.Background(), catalog.SearchQuery{Rows: tc.rows, Start: tc.start})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.IDs) != tc.wantIDs || r.Count != n {
			t.Errorf("rows=%d start=%d: %d ids, count %d; want %d, %d", tc.rows, tc.start, len(r.IDs), r.Count, tc.wantIDs, n)
		}
	}
}

func fc(v string, n int) catalog.FacetCount { return catalog.FacetCount{Value: v, Count: n} }

func TestFacets(t *testing.T) {
	f := newFixture(t)
	_, r := f.search(t, catalog.SearchQuery{Q: "*:*", Rows: 0, FacetFields: []string{"organization", "res_format", "license_id", "groups", "tags", "theme", "format", "license", "geocoding_level", "owner_org"}, FacetLimit: 3})
	want := map[string][]catalog.FacetCount{
		"organization":    {fc("stadt-musterstadt", 11), fc("gemeinde-beispieldorf", 5), fc("landkreis-vorbild", 5)},
		"res_format":      {fc("CSV", 15), fc("JSON", 4), fc("GEOJSON", 3)},
		"format":          {fc("CSV", 15), fc("JSON", 4), fc("GEOJSON", 3)},
		"license_id":      {fc("dl-by-de/2.0", 18), fc("dl-zero-de/2.0", 2), fc("cc-by/4.0", 1)},
		"license":         {fc("dl-by-de/2.0", 18), fc("dl-zero-de/2.0", 2), fc("cc-by/4.0", 1)},
		"groups":          {fc("tran", 6), fc("envi", 4), fc("gove", 4)},
		"theme":           {fc("tran", 6), fc("envi", 4), fc("gove", 4)},
		"tags":            {fc("Finanzen", 2), fc("Kinder", 2), fc("Umwelt", 2)},
		"geocoding_level": {fc("municipality", 19), fc("administrativeDistrict", 2)},
		"owner_org":       {fc("org-muster", 11), fc("org-beispiel", 5), fc("org-kreis", 5)},
	}
	for k, w := range want {
		if !reflect.DeepEqual(r.Facets[k], w) {
			t.Errorf("facet %s = %v, want %v", k, r.Facets[k], w)
		}
	}
	if len(r.Facets) != len(want) {
		t.Errorf("got %d facets, want %d", len(r.Facets), len(want))
	}
	// mincount drops rare values; a negative limit means all.
	_, r = f.search(t, catalog.SearchQuery{FacetFields: []string{"res_format"}, FacetLimit: -1, FacetMinCount: 3})
	if got := r.Facets["res_format"]; len(got) != 4 || got[3].Count < 3 {
		t.Errorf("mincount 3: %v", got)
	}
	// Counts agree with filtering by the value.
	_, r = f.search(t, catalog.SearchQuery{FQ: []string{"organization:landkreis-vorbild"}})
	if r.Count != 5 {
		t.Errorf("fq organization count = %d, want 5", r.Count)
	}
}

func TestSpatialAndTemporal(t *testing.T) {
	f := newFixture(t)
	date := func(s string) *time.Time {
		v, _ := time.Parse("2006-01-02", s)
		return &v
	}
	tests := []struct {
		name     string
		bbox     *[4]float64
		from, to *time.Time
		want     []string
	}{
		{"bbox Beispieldorf", &[4]float64{13.0, 52.0, 14.0, 53.0}, nil, nil, []string{"abfallkalender", "denkmalliste", "einwohner-2023", "wahlergebnisse-btw-2021", "wahlergebnisse-kommunalwahl"}},
		{"bbox touching Musterstadt corner only", &[4]float64{8.5, 49.1, 8.6, 49.2}, nil, nil, []string{"bebauungsplaene", "fahrplan-nahverkehr", "kita-standorte", "ladesaeulen", "oepnv-haltestellen",
			"baumkataster", "haushalt-2024", "haushaltsplan-2025", "kindergaerten", "laermkarte", "luftqualitaet", "parkhaeuser", "radwegenetz", "spielplaetze", "strassenverzeichnis", "verkehrszaehlung"}},
		{"bbox inside Kreis, outside Musterstadt", &[4]float64{8.7, 49.2, 8.8, 49.3}, nil, nil, []string{"bebauungsplaene", "fahrplan-nahverkehr", "kita-standorte", "ladesaeulen", "oepnv-haltestellen"}},
		{"bbox nowhere", &[4]float64{-10, -10, -9, -9}, nil, nil, nil},
		{"temporal 2024", nil, date("2024-01-01"), date("2024-12-31"), []string{"haushalt-2024", "luftqualitaet", "wahlergebnisse-kommunalwahl"}},
		{"temporal open end", nil, date("2025-06-01"), nil, []string{"haushaltsplan-2025", "luftqualitaet"}},
		{"temporal open start", nil, nil, date("2021-12-31"), []string{"luftqualitaet", "wahlergebnisse-btw-2021"}},
		{"temporal year end inclusive", nil, date("2023-12-31"), date("2023-12-31"), []string{"einwohner-2023", "luftqualitaet"}},
		{"both", &[4]float64{13.0, 52.0, 14.0, 53.0}, date("2023-06-01"), date("2023-06-30"), []string{"einwohner-2023"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := f.search(t, catalog.SearchQuery{BBox: tc.bbox, TemporalStart: tc.from, TemporalEnd: tc.to})
			if !reflect.DeepEqual(sorted(got), sorted(tc.want)) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Errorf("got %v, want %v", sorted(got), sorted(tc.want))
			}
		})
	}
}

func TestSearchErrors(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		name string
		q    catalog.SearchQuery
		msg  string
	}{
		{"unknown field", catalog.SearchQuery{Q: "foo:bar"}, `unknown field "foo"`},
		{"unknown field in fq", catalog.SearchQuery{FQ: []string{"organization:x", "colour:red"}}, `unknown field "colour"`},
		{"unescaped colon", catalog.SearchQuery{Q: "http://example.org"}, `unknown field "http"`},
		{"unbalanced quote", catalog.SearchQuery{Q: `"Haushalt`}, "unbalanced quote"},
		{"unbalanced bracket in fq", catalog.SearchQuery{FQ: []string{"metadata_modified:[2024-01-01T00:00:00Z TO *"}}, "unbalanced range"},
		{"invalid date", catalog.SearchQuery{FQ: []string{"metadata_modified:[2024-13-45 TO *]"}}, "invalid date"},
		{"invalid date math", catalog.SearchQuery{FQ: []string{"metadata_modified:[NOW-1FORTNIGHT TO *]"}}, "date math"},
		{"invalid number", catalog.SearchQuery{FQ: []string{"num_resources:[a TO 3]"}}, "invalid number"},
		{"range on text", catalog.SearchQuery{Q: "title:[a TO b]"}, "does not support ranges"},
		{"negative start", catalog.SearchQuery{Start: -1}, "start must be"},
		{"negative rows", catalog.SearchQuery{Rows: -1}, "rows must be"},
		{"huge start", catalog.SearchQuery{Start: MaxStart + 1}, "start must not exceed"},
		{"invalid sort", catalog.SearchQuery{Sort: "popularity desc"}, `cannot sort by "popularity"`},
		{"sort without direction", catalog.SearchQuery{Sort: "name"}, "invalid sort"},
		{"sort bad direction", catalog.SearchQuery{Sort: "name up"}, "direction"},
		{"unknown facet", catalog.SearchQuery{FacetFields: []string{"colour"}}, `cannot facet on field "colour"`},
		{"facet on text field", catalog.SearchQuery{FacetFields: []string{"notes"}}, "cannot facet"},
		{"bbox out of range", catalog.SearchQuery{BBox: &[4]float64{0, 0, 200, 10}}, "bounding box"},
		{"bbox inverted", catalog.SearchQuery{BBox: &[4]float64{10, 10, 0, 0}}, "greater than"},
		{"long query", catalog.SearchQuery{Q: strings.Repeat("Haushalt ", 300)}, "longer than"},
		{"deep nesting", catalog.SearchQuery{Q: strings.Repeat("(a OR ", 30) + "b" + strings.Repeat(")", 30)}, "nested deeper"},
		{"too many fq", catalog.SearchQuery{FQ: make([]string, 40)}, "fq filters"},
		{"wildcard expanding too far", catalog.SearchQuery{Q: "text:*"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.ix.Search(ctx, tc.q)
			if tc.msg == "" { // may succeed on a small index; must not be internal
				if err != nil && catalog.ErrorCode(err) != catalog.EQUERY {
					t.Fatalf("error %v is not EQUERY", err)
				}
				return
			}
			if catalog.ErrorCode(err) != catalog.EQUERY {
				t.Fatalf("error = %v, want EQUERY", err)
			}
			if !strings.Contains(err.Error(), tc.msg) || !strings.Contains(catalog.ErrorMessage(err), "Search Query Error") {
				t.Errorf("error = %q, want it to mention %q", err, tc.msg)
			}
		})
	}
}

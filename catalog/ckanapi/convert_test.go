package ckanapi

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

func TestCKANTime(t *testing.T) {
	cases := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2020, 6, 19, 16, 18, 51, 0, time.UTC), "2020-06-19T16:18:51"},
		{time.Date(2024, 5, 1, 12, 0, 0, 123456000, time.UTC), "2024-05-01T12:00:00.123456"},
		{time.Date(2024, 5, 1, 12, 0, 0, 999, time.UTC), "2024-05-01T12:00:00"},
		{time.Date(2024, 5, 1, 14, 0, 0, 1000, time.FixedZone("CEST", 7200)), "2024-05-01T12:00:00.000001"},
	}
	for _, tc := range cases {
		if got := ckanTime(tc.in); got != tc.want {
			t.Errorf("ckanTime(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if ckanTimePtr(time.Time{}) != nil {
		t.Error("zero time must be null")
	}
}

func TestCKANPath(t *testing.T) {
	cases := []struct {
		in    string
		focus int
		want  string
	}{
		{"organization_id", -1, "owner_org"},
		{"description", -1, "notes"},
		{"title", -1, "title"},
		{"distributions.0.license", -1, "resources.0.license"},
		{"distributions.2.access_url", -1, "resources.2.url"},
		{"distributions.1.title", -1, "resources.1.name"},
		{"distributions.1.license", 1, "license"},
		{"distributions.0.license", 1, "resources.0.license"},
		{"distributions.3.extras.foo", -1, "resources.3.foo"},
		{"distributions", -1, "resources"},
		{"keywords.4", -1, "tags.4.name"},
		{"themes.0", -1, "groups"},
		{"contributor_ids.0", -1, "contributorID"},
		{"political_geocoding_level", -1, "politicalGeocodingLevelURI"},
		{"temporal.0.end", -1, "temporal_end"},
		{"temporal.0", -1, "temporal_start"},
		{"spatial.0.bbox", -1, "spatial"},
		{"spatial.0.iri", -1, "spatial_uri"},
		{"contact_point", -1, "maintainer_email"},
		{"contact_point.telephone", -1, "maintainer_tel"},
		{"creator.email", -1, "author_email"},
		{"creator.name", -1, "author"},
		{"maintainer.homepage", -1, "maintainer_url"},
		{"publisher.name", -1, "publisher_name"},
		{"originator.type", -1, "originator_type"},
		{"accrual_periodicity", -1, "frequency"},
		{"relations.2", -1, "used_datasets"},
		{"name", -1, "name"},
		{"unknown_field", -1, "unknown_field"},
	}
	for _, tc := range cases {
		if got := ckanPath(tc.in, tc.focus); got != tc.want {
			t.Errorf("ckanPath(%q, %d) = %q, want %q", tc.in, tc.focus, got, tc.want)
		}
	}
}

func TestNestedErrors(t *testing.T) {
	cases := []struct {
		name   string
		fields map[string]string
		want   string
	}{
		{"flat", map[string]string{"name": "a"}, `{"name":["a"]}`},
		{"nested list", map[string]string{"resources.1.url": "b"}, `{"resources":[{},{"url":["b"]}]}`},
		{"two items", map[string]string{"resources.0.url": "a", "resources.2.name": "c"}, `{"resources":[{"url":["a"]},{},{"name":["c"]}]}`},
		{"dotted parameter", map[string]string{"facet.field": "x"}, `{"facet.field":["x"]}`},
		{"whole list and items", map[string]string{"resources": "all", "resources.0.url": "one"}, `{"resources":[{"url":["one"]},"all"]}`},
		{"item itself", map[string]string{"resources.1": "bad"}, `{"resources":[{},{"message":["bad"]}]}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var fe fieldErrors
			for k, v := range tc.fields {
				fe.add(k, v, "")
			}
			en, _ := fe.nested()
			got, _ := marshal(en)
			if string(got) != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestParams(t *testing.T) {
	q, _ := url.ParseQuery("a=True&b=no&c=maybe&n=12&neg=-1&x=1.5&l=x&l=y&j=%5B%22t%22%5D&s=tags&csv=a,%20b")
	p := params{}
	fromValues(q, p)
	boolCases := []struct {
		key  string
		want bool
		ok   bool
	}{{"a", true, true}, {"b", false, true}, {"c", false, false}, {"missing", true, true}}
	for _, tc := range boolCases {
		got, err := p.boolean(tc.key, true)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("boolean(%s) = %v, %v", tc.key, got, err)
		}
	}
	if n, err := p.integer("n", 0); n != 12 || err != nil {
		t.Errorf("integer(n) = %d, %v", n, err)
	}
	if _, err := p.natural("neg", 0); err == nil {
		t.Error("natural(-1) must fail")
	}
	if _, err := p.integer("x", 0); err == nil {
		t.Error("integer(1.5) must fail")
	}
	listCases := []struct {
		key  string
		mode listMode
		want string
		ok   bool
	}{
		{"l", listJSONOnly, "x|y", true},
		{"j", listJSONOnly, "t", true},
		{"s", listJSONOnly, "", false},
		{"s", listSingle, "tags", true},
		{"csv", listCSV, "a|b", true},
	}
	for _, tc := range listCases {
		got, err := p.list(tc.key, tc.mode)
		if strings.Join(got, "|") != tc.want || (err == nil) != tc.ok {
			t.Errorf("list(%s, %d) = %v, %v", tc.key, tc.mode, got, err)
		}
	}
}

func TestPyRepr(t *testing.T) {
	cases := map[string]string{
		"Invalid search parameters: ['foo']": `"Invalid search parameters: ['foo']"`,
		"plain":                              `'plain'`,
		`both ' and "`:                       `'both \' and "'`,
		"line\nbreak":                        `'line\nbreak'`,
	}
	for in, want := range cases {
		if got := pyRepr(in); got != want {
			t.Errorf("pyRepr(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestParseGeometry(t *testing.T) {
	cases := []struct {
		in   string
		bbox string
		ok   bool
	}{
		{`{"type": "Polygon", "coordinates": [[[1, 2], [3, 2], [3, 4], [1, 4], [1, 2]]]}`, "[1 2 3 4]", true},
		{`{"type": "polygon", "coordinates": [[[5.5, 47.1], [15.5, 55.0]], [[6, 48]]]}`, "[5.5 47.1 15.5 55]", true},
		{`{"type": "Point", "coordinates": [12.1, 54.1]}`, "[12.1 54.1 12.1 54.1]", true},
		{`{"type": "FeatureCollection", "features": [{"geometry": {"type": "Point", "coordinates": [1, 1]}}]}`, "[1 1 1 1]", true},
		{`POLYGON((1 2, 3 4, 1 2))`, "", true},
		{`{"type": "Polygon"}`, "", false},
		{`{"type": "Polygon", "coordinates": [[[1, 2]]]`, "", false},
		{`Rostock`, "", false},
	}
	for _, tc := range cases {
		box, en, _ := parseGeometry(tc.in)
		if (en == "") != tc.ok {
			t.Errorf("parseGeometry(%s): error %q", tc.in, en)
			continue
		}
		got := ""
		if box != nil {
			got = strings.TrimPrefix(strings.ReplaceAll(fmtFloats(box[:]), ",", " "), "")
		}
		if got != tc.bbox {
			t.Errorf("parseGeometry(%s) bbox = %s, want %s", tc.in, got, tc.bbox)
		}
	}
	poly := bboxPolygon([4]float64{1, 2, 3.5, 4})
	box, en, _ := parseGeometry(poly)
	if en != "" || *box != [4]float64{1, 2, 3.5, 4} {
		t.Errorf("bboxPolygon does not parse back: %s", poly)
	}
}

func fmtFloats(f []float64) string {
	b, _ := marshal(f)
	return string(b)
}

// links: url, access_url and download_url map onto DCAT URLs so that the
// shown dict round-trips and an edited url replaces what it stood for.
func TestLinks(t *testing.T) {
	cases := []struct {
		name                  string
		url, access, download string
		wantAccess, wantDL    string
	}{
		{"url only", "https://a/x.csv", "", "", "https://a/x.csv", ""},
		{"as shown: access and download", "https://a/dl.csv", "https://a/page", "https://a/dl.csv", "https://a/page", "https://a/dl.csv"},
		{"as shown: same url", "https://a/x.csv", "", "https://a/x.csv", "https://a/x.csv", "https://a/x.csv"},
		{"edited url with download", "https://a/new.csv", "https://a/page", "https://a/dl.csv", "https://a/page", "https://a/new.csv"},
		{"edited url with access only", "https://a/new", "https://a/page", "", "https://a/new", ""},
		{"no url", "", "https://a/page", "", "https://a/page", ""},
	}
	for _, tc := range cases {
		var x catalog.Distribution
		(&decoder{}).links(&x, tc.url, tc.access, tc.download)
		if x.AccessURL != tc.wantAccess || x.DownloadURL != tc.wantDL {
			t.Errorf("%s: access %q download %q", tc.name, x.AccessURL, x.DownloadURL)
		}
	}
}

// decodePackage: the CKAN-to-DCAT decisions documented in the package.
func TestDecodePackage(t *testing.T) {
	a := New(catalog.NewService(nil), Options{SiteURL: "https://portal.example"})
	old := &catalog.Dataset{ID: "11111111-1111-4111-8111-111111111111", Name: "alt", Title: "Alter Titel", Private: true,
		Distributions: []catalog.Distribution{
			{ID: "r1", License: "http://dcat-ap.de/def/licenses/cc-by/4.0"},
			{ID: "r2", StorageKey: "resources/x", FileName: "daten.csv", License: "http://dcat-ap.de/def/licenses/cc-by/4.0"},
			{ID: "r3", License: "http://dcat-ap.de/def/licenses/odbl"},
		}}
	cases := []struct {
		name  string
		body  string
		old   *catalog.Dataset
		check func(d *catalog.Dataset) string
	}{
		{"contact from maintainer", `{"name":"a1","maintainer":"Amt","maintainer_email":"amt@x.de","maintainer_tel":"+49 1"}`, nil,
			func(d *catalog.Dataset) string {
				c := d.ContactPoint
				if c == nil || c.Name != "Amt" || c.Email != "amt@x.de" || c.Telephone != "+49 1" || d.Maintainer.Email != "amt@x.de" {
					return "contact point not derived"
				}
				return ""
			}},
		{"contact falls back to author", `{"name":"a1","author":"Autor","author_email":"a@x.de"}`, nil,
			func(d *catalog.Dataset) string {
				if d.ContactPoint == nil || d.ContactPoint.Email != "a@x.de" || d.Creator.Name != "Autor" {
					return "no contact from author"
				}
				return ""
			}},
		{"title defaults to name", `{"name":"a1"}`, nil, func(d *catalog.Dataset) string {
			if d.Title != "a1" {
				return d.Title
			}
			return ""
		}},
		{"update keeps title and private when absent", `{"name":"alt"}`, old, func(d *catalog.Dataset) string {
			if d.Title != "Alter Titel" || !d.Private {
				return "title/private not kept"
			}
			return ""
		}},
		{"license_id change reaches resources with the old licence", `{"license_id":"dl-zero-de/2.0","resources":[{"id":"r1","license":"cc-by/4.0"},{"id":"r3","license":"odbl"},{"url":"https://x/y"}]}`, old,
			func(d *catalog.Dataset) string {
				zero := "http://dcat-ap.de/def/licenses/dl-zero-de/2.0"
				if d.Distributions[0].License != zero || d.Distributions[1].License != "http://dcat-ap.de/def/licenses/odbl" || d.Distributions[2].License != zero {
					return "licences " + d.Distributions[0].License + " " + d.Distributions[1].License + " " + d.Distributions[2].License
				}
				return ""
			}},
		{"upload kept by its download URL", `{"resources":[{"id":"r2","url":"https://portal.example/dataset/11111111-1111-4111-8111-111111111111/resource/r2/download/daten.csv"}]}`, old,
			func(d *catalog.Dataset) string {
				if x := d.Distributions[0]; x.AccessURL != "" || x.DownloadURL != "" {
					return "upload replaced by a link"
				}
				return ""
			}},
		{"upload replaced by an external url", `{"resources":[{"id":"r2","url":"https://elsewhere/x.csv"}]}`, old,
			func(d *catalog.Dataset) string {
				if d.Distributions[0].AccessURL != "https://elsewhere/x.csv" {
					return "external url ignored"
				}
				return ""
			}},
		{"tag_string", `{"tag_string":"verkehr, radwege ,verkehr"}`, nil, func(d *catalog.Dataset) string {
			if strings.Join(d.Keywords, "|") != "verkehr|radwege" {
				return strings.Join(d.Keywords, "|")
			}
			return ""
		}},
		{"groups by code, IRI and OGD category", `{"groups":[{"name":"ENVI"},"http://publications.europa.eu/resource/authority/data-theme/TRAN",{"name":"transport_verkehr"},{"name":"geo"}]}`, nil,
			func(d *catalog.Dataset) string {
				if len(d.Themes) != 2 || !strings.HasSuffix(d.Themes[0], "/ENVI") || !strings.HasSuffix(d.Themes[1], "/TRAN") {
					return strings.Join(d.Themes, " ")
				}
				return ""
			}},
		{"scheming-style top-level extras", `{"contributorID":["http://dcat-ap.de/def/contributors/openDataHRO"],"issued":"2024"}`, nil,
			func(d *catalog.Dataset) string {
				if len(d.ContributorIDs) != 1 || d.Issued == nil || d.Issued.Precision != catalog.PrecisionYear {
					return "top-level keys not read"
				}
				return ""
			}},
		{"plain string for a list extra", `{"extras":[{"key":"legalbasisText","value":"§ 5, Abs. 2"}]}`, nil,
			func(d *catalog.Dataset) string {
				if len(d.LegalBasis) != 1 || d.LegalBasis[0] != "§ 5, Abs. 2" {
					return strings.Join(d.LegalBasis, "|")
				}
				return ""
			}},
		{"unknown extras kept, empty list kept raw", `{"extras":[{"key":"b","value":1},{"key":"used_datasets","value":"[]"},{"key":"a","value":"x"}]}`, nil,
			func(d *catalog.Dataset) string {
				if d.Extras["a"] != "x" || d.Extras["b"] != "1" || d.Extras["used_datasets"] != "[]" {
					return "extras " + jsonText(d.Extras)
				}
				return ""
			}},
		{"codes normalised", `{"extras":[{"key":"frequency","value":"ANNUAL"},{"key":"language","value":"[\"de\"]"},{"key":"politicalGeocodingLevelURI","value":"municipality"}]}`, nil,
			func(d *catalog.Dataset) string {
				if !strings.HasSuffix(d.AccrualPeriodicity, "/frequency/ANNUAL") || !strings.HasSuffix(d.Languages[0], "/language/DEU") ||
					d.PoliticalGeocodingLevel != "http://dcat-ap.de/def/politicalGeocoding/Level/municipality" {
					return d.AccrualPeriodicity + " " + d.PoliticalGeocodingLevel
				}
				return ""
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := decodeObject([]byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			d, err := a.decodePackage(p, tc.old)
			if err != nil {
				t.Fatal(err)
			}
			if msg := tc.check(d); msg != "" {
				t.Error(msg)
			}
		})
	}
}

func jsonText(v any) string {
	b, _ := marshal(v)
	return string(b)
}

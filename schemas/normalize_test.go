package schemas

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestNormalizeLicense(t *testing.T) {
	const b = LicenseBase
	for _, tc := range []struct{ in, want string }{
		{"http://dcat-ap.de/def/licenses/cc-zero", b + "cc-zero"},
		{"https://www.dcat-ap.de/def/licenses/cc-zero", b + "cc-zero"}, // Rostock catalogue
		{"<http://dcat-ap.de/def/licenses/dl-by-de/2.0>", b + "dl-by-de/2.0"},
		{"http://dcat-ap.de/def/licenses/dl-by-de/2_0", b + "dl-by-de/2.0"}, // rostock fixture, legacy
		{"dl-by-de/2.0", b + "dl-by-de/2.0"},
		{"dl-de-by-2.0", b + "dl-by-de/2.0"},
		{"dl-de/by-2-0", b + "dl-by-de/2.0"},
		{"https://www.govdata.de/dl-de/by-2-0", b + "dl-by-de/2.0"},
		{"cc-by-4.0", b + "cc-by/4.0"},
		{"CC-BY-4.0", b + "cc-by/4.0"},
		{"cc-by", b + "cc-by"}, // CKAN demo license_id
		{"http://creativecommons.org/licenses/by/4.0/", b + "cc-by/4.0"},
		{"official-work", b + "officialWork"},
		{"http://dcat-ap.de/def/licenses/official-work", b + "officialWork"},
		{"CC0-1.0", b + "cc-zero"},
		{"ODbL-1.0", b + "odbl"},
		{"odc-odbl", b + "odbl"},
		{"app_commercial", b + "other-commercial"},
		{"http://publications.europa.eu/resource/authority/licence/CC_BY_4_0", b + "cc-by/4.0"},
		{"geoNutz/20130319", b + "geonutz/20130319"},
		{"uk-ogl", ""}, // CKAN demo: not a dcat-ap.de licence
		{"", ""},
		{"http://dcat-ap.de/def/licenses/", ""},
		{"http://example.org/licence", ""},
	} {
		got, ok := NormalizeLicense(tc.in)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("NormalizeLicense(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}

// TestLicenseMappingComplete normalises every spelling ckanext-dcatde knows.
func TestLicenseMappingComplete(t *testing.T) {
	var mapping struct {
		List []struct{ URI, Lizenzcode, OGDLizenzcode, Lizenztext string } `json:"list"`
	}
	readJSON(t, "vocab/src/dcatde-license-mapping.json", &mapping)
	for _, m := range mapping.List {
		for _, s := range []string{m.URI, m.Lizenzcode, m.OGDLizenzcode, strings.ToUpper(m.OGDLizenzcode)} {
			if got, _ := NormalizeLicense(s); got != m.URI {
				t.Errorf("NormalizeLicense(%q) = %q, want %q", s, got, m.URI)
			}
		}
	}
	var legacy []struct{ ID, Status string }
	readJSON(t, "vocab/src/dcat_licenses.json", &legacy)
	for _, l := range legacy {
		got, ok := NormalizeLicense(l.ID)
		if !ok || !licenses.Contains(got) {
			t.Errorf("legacy %q (%s) does not normalise", l.ID, l.Status)
		}
		if l.Status == "active" && got != l.ID {
			t.Errorf("active %q normalised to %q", l.ID, got)
		}
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

func TestThemes(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"agri", "AGRI"}, {"AGRI", "AGRI"}, {ThemeBase + "TRAN", "TRAN"},
		{"https://publications.europa.eu/resource/authority/data-theme/ENVI", "ENVI"},
		{"Umwelt", "ENVI"}, {"Transport", "TRAN"}, {"umwelt_klima", "ENVI"},
		{"OP_DATPRO", ""}, {"geo", ""}, {"", ""}, {"tran ", "TRAN"},
	} {
		got, ok := NormalizeTheme(tc.in)
		want := ""
		if tc.want != "" {
			want = ThemeBase + tc.want
		}
		if got != want || ok != (want != "") {
			t.Errorf("NormalizeTheme(%q) = %q, %v; want %q", tc.in, got, ok, want)
		}
	}
	var labels map[string]string
	readJSON(t, "testdata/dcat-theme-labels-de.json", &labels)
	if len(labels) != len(Themes()) {
		t.Errorf("%d themes, GovData has %d", len(Themes()), len(labels))
	}
	for code, de := range labels {
		c, ok := ThemeByCode(code)
		if !ok || c.DE != de || ThemeGroupName(c.IRI) != code {
			t.Errorf("theme %s: got %+v, want German %q", code, c, de)
		}
	}
	var ogd map[string]any
	readJSON(t, "testdata/ogd-category-to-dcat-theme.json", &ogd)
	for cat, v := range ogd {
		got, ok := NormalizeTheme(cat)
		switch v := v.(type) {
		case string:
			if got != ThemeBase+strings.ToUpper(v) {
				t.Errorf("OGD %s → %q, want %s", cat, got, v)
			}
		case []any:
			if got != ThemeBase+strings.ToUpper(v[0].(string)) {
				t.Errorf("OGD %s → %q, want %v", cat, got, v[0])
			}
		case nil:
			if ok {
				t.Errorf("OGD %s has no theme but got %q", cat, got)
			}
		}
	}
}

func TestFileTypeFor(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"CSV", "CSV"}, {"csv", "CSV"}, {"text/csv", "CSV"}, {"text/csv; charset=utf-8", "CSV"},
		{"XLSX", "XLSX"}, {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"},
		{"GeoJSON", "GEOJSON"}, {"application/geo+json", "GEOJSON"}, {"JSON", "JSON"},
		{"application/json", "JSON"}, {"WMS", "WMS_SRVC"}, {"WFS", "WFS_SRVC"},
		{FileTypeBase + "WMS", "WMS_SRVC"}, // Rostock writes file-type/WMS
		{FileTypeBase + "CSV", "CSV"}, {"https://publications.europa.eu/resource/authority/file-type/GML", "GML"},
		{"KML", "KML"}, {"ZIP", "ZIP"}, {"PDF", "PDF"}, {"HTML", "HTML"}, {"XML", "XML"},
		{"Shapefile", "SHP"}, {"RDF/XML", "RDF_XML"}, {"JSON-LD", "JSON_LD"}, {"Turtle", "RDF_TURTLE"},
		{"haushalt-2024.xlsx", "XLSX"}, {".geojson", "GEOJSON"}, {"Daten.CSV", "CSV"},
		{"https://example.org/files/plan.pdf?download=1", "PDF"}, {"archiv.zip", "ZIP"},
		{MediaTypeBase + "text/csv", "CSV"},
		{"Kartenviewer", ""}, {"ArcGIS GeoServices REST API", ""}, {"", ""}, {"Web Page", ""},
	} {
		got, ok := FileTypeFor(tc.in)
		want := ""
		if tc.want != "" {
			want = FileTypeBase + tc.want
		}
		if got != want || ok != (want != "") {
			t.Errorf("FileTypeFor(%q) = %q, %v; want %q", tc.in, got, ok, want)
		}
	}
}

// TestFileTypeLabelRoundTrip: the CKAN format string of every file type
// maps back to it, so CKAN clients can round-trip formats.
func TestFileTypeLabelRoundTrip(t *testing.T) {
	for _, ft := range FileTypes() {
		label := FileTypeLabel(ft.IRI)
		if got, _ := FileTypeFor(label); got != ft.IRI {
			t.Errorf("FileTypeFor(FileTypeLabel(%s) = %q) = %q", ft.IRI, label, got)
		}
	}
	if FileTypeLabel(FileTypeBase+"WMS_SRVC") != "WMS" || FileTypeLabel("x") != "" {
		t.Error("FileTypeLabel")
	}
}

func TestMediaTypes(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"csv", "text/csv"}, {".CSV", "text/csv"}, {"daten.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"geojson", "application/geo+json"}, {"json", "application/json"}, {"epub", "application/epub+zip"},
		{"nope", ""}, {"", ""},
	} {
		got, ok := MediaTypeForExt(tc.in)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("MediaTypeForExt(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
	for in, want := range map[string]string{
		"text/csv": MediaTypeBase + "text/csv", "Text/CSV; charset=utf-8": MediaTypeBase + "text/csv",
		"csv": "", "text/": "", "a b/c": "", "": "",
	} {
		if got := MediaTypeIRI(in); got != want {
			t.Errorf("MediaTypeIRI(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizeCodeLists(t *testing.T) {
	for _, tc := range []struct {
		fn       func(string) (string, bool)
		in, want string
	}{
		{NormalizeLanguage, "de", LanguageBase + "DEU"},
		{NormalizeLanguage, "deu", LanguageBase + "DEU"},
		{NormalizeLanguage, "GER", LanguageBase + "DEU"},
		{NormalizeLanguage, LanguageBase + "GER", LanguageBase + "DEU"},
		{NormalizeLanguage, "https://publications.europa.eu/resource/authority/language/ENG", LanguageBase + "ENG"},
		{NormalizeLanguage, "Deutsch", LanguageBase + "DEU"},
		{NormalizeLanguage, "English", LanguageBase + "ENG"},
		{NormalizeLanguage, "xx", ""},
		{NormalizeFrequency, "ANNUAL", FrequencyBase + "ANNUAL"},
		{NormalizeFrequency, "jährlich", FrequencyBase + "ANNUAL"},
		{NormalizeFrequency, "http://purl.org/cld/freq/monthly", FrequencyBase + "MONTHLY"},
		{NormalizeFrequency, "irregular", FrequencyBase + "IRREG"},
		{NormalizeFrequency, "sometimes", ""},
		{NormalizeAccessRights, "public", AccessRightBase + "PUBLIC"},
		{NormalizeAvailability, "stable", AvailabilityBase + "STABLE"},
		{NormalizeDistributionStatus, "http://purl.org/adms/status/Completed", DistributionStatusBase + "COMPLETED"},
		{NormalizeDistributionStatus, "http://purl.org/adms/status/UnderDevelopment", DistributionStatusBase + "DEVELOP"},
		{NormalizePublisherType, "LocalAuthority", PublisherTypeBase + "LocalAuthority"},
		{NormalizeDatasetType, "statistical", DatasetTypeBase + "STATISTICAL"},
		{NormalizeContributor, "https://www.dcat-ap.de/def/contributors/openDataHRO", ContributorBase + "openDataHRO"},
		{NormalizeContributor, "opendatahro", ContributorBase + "openDataHRO"},
		{NormalizeGeocodingLevel, "municipality", GeocodingLevelBase + "municipality"},
		{NormalizeGeocodingLevel, "Kommune", GeocodingLevelBase + "municipality"},
		{NormalizeGeocodingLevel, "https://www.dcat-ap.de/def/politicalGeocoding/Level/state", GeocodingLevelBase + "state"},
	} {
		got, ok := tc.fn(tc.in)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("normalise %q = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
	if len(GeocodingLevels()) != 6 {
		t.Error("want 6 geocoding levels")
	}
	if LanguageTag(LanguageBase+"DEU") != "de" || LanguageTag("x") != "" {
		t.Error("LanguageTag")
	}
}

func TestNormalizeDCATAPDE(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.dcat-ap.de/def/contributors/openDataHRO":                "http://dcat-ap.de/def/contributors/openDataHRO",
		"http://www.dcat-ap.de/def/licenses/cc-zero":                         "http://dcat-ap.de/def/licenses/cc-zero",
		"https://dcat-ap.de/def/politicalGeocoding/regionalKey/130030000000": "http://dcat-ap.de/def/politicalGeocoding/regionalKey/130030000000",
		"http://dcat-ap.de/def/licenses/cc-zero":                             "http://dcat-ap.de/def/licenses/cc-zero",
		"https://example.org/x":                                              "https://example.org/x",
	} {
		if got := NormalizeDCATAPDE(in); got != want {
			t.Errorf("NormalizeDCATAPDE(%q) = %q", in, got)
		}
	}
	if !IsGeocodingURI(GeocodingBase+"regionalKey/130030000000") || IsGeocodingURI(GeocodingBase+"fooKey/1") {
		t.Error("IsGeocodingURI")
	}
}

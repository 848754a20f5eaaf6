package schemas_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/schemas"
)

func date(s string) *catalog.Date {
	d, err := catalog.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func i64(n int64) *int64 { return &n }

// complete is a dataset with every recommended property: it must give no
// finding at all.
func complete() *catalog.Dataset {
	return &catalog.Dataset{
		Title: "Baumkataster", Description: "Alle Straßenbäume der Stadt.",
		Keywords:  []string{"Bäume", "Umwelt"},
		Themes:    []string{schemas.ThemeBase + "ENVI"},
		Publisher: &catalog.Agent{Name: "Stadt Musterstadt", Type: schemas.PublisherTypeBase + "LocalAuthority", Email: "opendata@musterstadt.de"},
		ContactPoint: &catalog.ContactPoint{Name: "Grünflächenamt", Email: "gruen@musterstadt.de",
			URL: "https://musterstadt.de/kontakt", Telephone: "+49 30 123456"},
		ContributorIDs:          []string{schemas.ContributorBase + "openDataHRO"},
		PoliticalGeocodingLevel: schemas.GeocodingLevelBase + "municipality",
		PoliticalGeocodingURIs:  []string{schemas.GeocodingBase + "regionalKey/130030000000"},
		Spatial:                 []catalog.Location{{BBox: &[4]float64{12.0, 54.0, 12.3, 54.2}}},
		Temporal:                []catalog.PeriodOfTime{{Start: date("2020-01-01"), End: date("2024")}},
		AccrualPeriodicity:      schemas.FrequencyBase + "ANNUAL",
		Modified:                catalog.NewDateTime(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)),
		LandingPage:             "https://musterstadt.de/baeume",
		Languages:               []string{schemas.LanguageBase + "DEU"},
		AccessRights:            schemas.AccessRightBase + "PUBLIC",
		Types:                   []string{schemas.DatasetTypeBase + "GEOSPATIAL"},
		References:              []string{"https://musterdatenkatalog.de/def/musterdatensatz/umwelt/baumkataster"},
		Distributions: []catalog.Distribution{{
			Title: "Bäume als CSV", DownloadURL: "https://musterstadt.de/baeume.csv",
			Format: schemas.FileTypeBase + "CSV", MediaType: "text/csv", ByteSize: i64(1234),
			Checksum: strings.Repeat("ab", 32), License: schemas.LicenseBase + "dl-by-de/2.0",
			LicenseAttribution: "Stadt Musterstadt", Availability: schemas.AvailabilityBase + "STABLE",
			Status: schemas.DistributionStatusBase + "COMPLETED", Languages: []string{schemas.LanguageBase + "DEU"},
		}, {
			Title: "Hochgeladene Datei", StorageKey: "k/1", License: schemas.LicenseBase + "cc-zero",
			Format: schemas.FileTypeBase + "XLSX",
		}},
	}
}

func TestCompleteDatasetHasNoFindings(t *testing.T) {
	if fs := schemas.NewValidator().ValidateDataset(complete()); len(fs) != 0 {
		t.Fatalf("unexpected findings: %+v", fs)
	}
}

func TestRules(t *testing.T) {
	type want struct {
		field, code string
		sev         catalog.Severity
		missing     bool
	}
	E, W := catalog.SeverityError, catalog.SeverityWarning
	for _, tc := range []struct {
		name   string
		change func(d *catalog.Dataset)
		want   want
	}{
		{"title", func(d *catalog.Dataset) { d.Title = " " }, want{"title", "missing", E, true}},
		{"title too long", func(d *catalog.Dataset) { d.Title = strings.Repeat("x", 1001) }, want{"title", "too_long", E, false}},
		{"description", func(d *catalog.Dataset) { d.Description = "" }, want{"description", "missing", E, true}},
		{"publisher", func(d *catalog.Dataset) { d.Publisher = nil }, want{"publisher", "missing", E, true}},
		{"publisher name", func(d *catalog.Dataset) { d.Publisher.Name = "" }, want{"publisher.name", "missing", E, true}},
		{"publisher type", func(d *catalog.Dataset) { d.Publisher.Type = "Kommune" }, want{"publisher.type", "unknown_publisher_type", E, false}},
		{"publisher email", func(d *catalog.Dataset) { d.Publisher.Email = "kein mail" }, want{"publisher.email", "invalid_email", E, false}},
		{"creator name", func(d *catalog.Dataset) { d.Creator = &catalog.Agent{Email: "a@b.de"} }, want{"creator.name", "missing", E, true}},
		{"keywords", func(d *catalog.Dataset) { d.Keywords = nil }, want{"keywords", "recommended_missing", W, false}},
		{"empty keyword", func(d *catalog.Dataset) { d.Keywords = []string{"a", ""} }, want{"keywords.1", "empty_value", W, false}},
		{"themes", func(d *catalog.Dataset) { d.Themes = nil }, want{"themes", "recommended_missing", W, false}},
		{"unknown theme", func(d *catalog.Dataset) { d.Themes = append(d.Themes, "envi") }, want{"themes.1", "unknown_theme", E, false}},
		{"contact", func(d *catalog.Dataset) { d.ContactPoint = nil }, want{"contact_point", "recommended_missing", W, false}},
		{"contact empty", func(d *catalog.Dataset) { d.ContactPoint = &catalog.ContactPoint{Name: "Amt"} }, want{"contact_point", "contact_incomplete", E, false}},
		{"contact url only", func(d *catalog.Dataset) { d.ContactPoint = &catalog.ContactPoint{URL: "ftp//x"} }, want{"contact_point.url", "invalid_url", E, false}},
		{"contact email", func(d *catalog.Dataset) { d.ContactPoint.Email = "a@b" }, want{"contact_point.email", "invalid_email", E, false}},
		{"contact tel", func(d *catalog.Dataset) { d.ContactPoint.Telephone = "ruf an" }, want{"contact_point.telephone", "invalid_telephone", E, false}},
		{"contributor", func(d *catalog.Dataset) { d.ContributorIDs = nil }, want{"contributor_ids", "recommended_missing", W, false}},
		{"contributor not iri", func(d *catalog.Dataset) { d.ContributorIDs = []string{"openDataHRO"} }, want{"contributor_ids.0", "invalid_iri", E, false}},
		{"contributor unknown", func(d *catalog.Dataset) {
			d.ContributorIDs = []string{"https://www.dcat-ap.de/def/contributors/openDataHRO"}
		}, want{"contributor_ids.0", "unknown_contributor", W, false}},
		{"two contributors", func(d *catalog.Dataset) {
			d.ContributorIDs = append(d.ContributorIDs, schemas.ContributorBase+"stadtNuernberg")
		}, want{"contributor_ids", "multiple_contributor_ids", W, false}},
		{"level", func(d *catalog.Dataset) { d.PoliticalGeocodingLevel = "" }, want{"political_geocoding_level", "recommended_missing", W, false}},
		{"level unknown", func(d *catalog.Dataset) { d.PoliticalGeocodingLevel = "municipality" }, want{"political_geocoding_level", "unknown_geocoding_level", E, false}},
		{"geocoding uri", func(d *catalog.Dataset) { d.PoliticalGeocodingURIs = []string{"https://example.org/x"} }, want{"political_geocoding_uris.0", "unknown_geocoding_uri", W, false}},
		{"temporal", func(d *catalog.Dataset) { d.Temporal = nil }, want{"temporal", "recommended_missing", W, false}},
		{"empty period", func(d *catalog.Dataset) { d.Temporal = []catalog.PeriodOfTime{{}} }, want{"temporal.0", "empty_period", E, false}},
		{"period order", func(d *catalog.Dataset) {
			d.Temporal = []catalog.PeriodOfTime{{Start: date("2025-01-01"), End: date("2024-12-31")}}
		}, want{"temporal.0", "period_order", E, false}},
		{"spatial", func(d *catalog.Dataset) { d.Spatial = nil }, want{"spatial", "recommended_missing", W, false}},
		{"empty location", func(d *catalog.Dataset) { d.Spatial = []catalog.Location{{}} }, want{"spatial.0", "empty_location", E, false}},
		{"bbox order", func(d *catalog.Dataset) { d.Spatial[0].BBox = &[4]float64{13, 54, 12, 55} }, want{"spatial.0.bbox", "invalid_bbox", E, false}},
		{"bbox range", func(d *catalog.Dataset) { d.Spatial[0].BBox = &[4]float64{12, 54, 200, 55} }, want{"spatial.0.bbox", "invalid_bbox", E, false}},
		{"bbox nan", func(d *catalog.Dataset) { d.Spatial[0].BBox = &[4]float64{math.NaN(), 54, 12, 55} }, want{"spatial.0.bbox", "invalid_bbox", E, false}},
		{"centroid", func(d *catalog.Dataset) { d.Spatial[0].Centroid = &[2]float64{12, 95} }, want{"spatial.0.centroid", "invalid_centroid", E, false}},
		{"spatial iri", func(d *catalog.Dataset) { d.Spatial[0].IRI = "Rostock" }, want{"spatial.0.iri", "invalid_iri", E, false}},
		{"modified", func(d *catalog.Dataset) { d.Modified = nil }, want{"modified", "recommended_missing", W, false}},
		{"frequency", func(d *catalog.Dataset) { d.AccrualPeriodicity = "jährlich" }, want{"accrual_periodicity", "unknown_frequency", E, false}},
		{"access rights", func(d *catalog.Dataset) { d.AccessRights = "public" }, want{"access_rights", "unknown_access_rights", E, false}},
		{"language", func(d *catalog.Dataset) { d.Languages = []string{"de"} }, want{"languages.0", "unknown_language", E, false}},
		{"dataset type", func(d *catalog.Dataset) { d.Types = []string{schemas.DatasetTypeBase + "FOO"} }, want{"types.0", "unknown_dataset_type", W, false}},
		{"landing page", func(d *catalog.Dataset) { d.LandingPage = "www.musterstadt.de" }, want{"landing_page", "invalid_url", E, false}},
		{"references", func(d *catalog.Dataset) { d.References = []string{"kein iri"} }, want{"references.0", "invalid_iri", E, false}},
		{"no distributions", func(d *catalog.Dataset) { d.Distributions = nil }, want{"distributions", "no_distributions", W, false}},
		{"access url", func(d *catalog.Dataset) { d.Distributions[0].DownloadURL = "" }, want{"distributions.0.access_url", "missing", E, true}},
		{"download url", func(d *catalog.Dataset) { d.Distributions[0].DownloadURL = "javascript:alert(1)" }, want{"distributions.0.download_url", "invalid_url", E, false}},
		{"license", func(d *catalog.Dataset) { d.Distributions[1].License = "" }, want{"distributions.1.license", "missing", E, true}},
		{"license unknown", func(d *catalog.Dataset) { d.Distributions[0].License = "dl-de-by-2.0" }, want{"distributions.0.license", "unknown_license", E, false}},
		{"attribution", func(d *catalog.Dataset) { d.Distributions[0].LicenseAttribution = "" }, want{"distributions.0.license_attribution", "attribution_missing", W, false}},
		{"format missing", func(d *catalog.Dataset) { d.Distributions[0].Format = "" }, want{"distributions.0.format", "recommended_missing", W, false}},
		{"format", func(d *catalog.Dataset) { d.Distributions[0].Format = FileTypeWMS }, want{"distributions.0.format", "unknown_format", E, false}},
		{"media type", func(d *catalog.Dataset) { d.Distributions[0].MediaType = "csv" }, want{"distributions.0.media_type", "invalid_media_type", E, false}},
		{"byte size", func(d *catalog.Dataset) { d.Distributions[0].ByteSize = i64(-1) }, want{"distributions.0.byte_size", "negative_byte_size", E, false}},
		{"checksum", func(d *catalog.Dataset) { d.Distributions[0].Checksum = "abc" }, want{"distributions.0.checksum", "invalid_checksum", E, false}},
		{"availability", func(d *catalog.Dataset) { d.Distributions[0].Availability = "stable" }, want{"distributions.0.availability", "unknown_availability", E, false}},
		{"status", func(d *catalog.Dataset) { d.Distributions[0].Status = "http://purl.org/adms/status/Completed" }, want{"distributions.0.status", "unknown_status", E, false}},
		{"dist language", func(d *catalog.Dataset) { d.Distributions[0].Languages = []string{""} }, want{"distributions.0.languages.0", "unknown_language", E, false}},
		{"dist title", func(d *catalog.Dataset) { d.Distributions[1].Title = "" }, want{"distributions.1.title", "recommended_missing", W, false}},
		{"too many keywords", func(d *catalog.Dataset) { d.Keywords = make([]string, 301) }, want{"keywords", "too_many", E, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := complete()
			tc.change(d)
			fs := schemas.NewValidator().ValidateDataset(d)
			var found *catalog.Finding
			for i, f := range fs {
				if f.Field == tc.want.field && f.Code == tc.want.code {
					found = &fs[i]
				}
			}
			if found == nil {
				t.Fatalf("no finding %s/%s in %+v", tc.want.field, tc.want.code, fs)
			}
			if found.Severity != tc.want.sev || found.Missing != tc.want.missing {
				t.Errorf("got %+v, want severity %s missing %v", *found, tc.want.sev, tc.want.missing)
			}
			if found.DE == "" || found.EN == "" || found.DE == found.EN {
				t.Errorf("messages: %q / %q", found.DE, found.EN)
			}
			for _, f := range fs {
				if f.Field != tc.want.field && f.Severity == catalog.SeverityError && tc.want.sev == W {
					t.Errorf("warning case produced an error: %+v", f)
				}
			}
		})
	}
}

// FileTypeWMS is the IRI Rostock writes, which is not in the EU list.
const FileTypeWMS = schemas.FileTypeBase + "WMS"

func TestMessages(t *testing.T) {
	d := complete()
	d.Title = ""
	d.Distributions[0].License = "https://www.dcat-ap.de/def/licenses/cc-zero"
	fs := schemas.NewValidator().ValidateDataset(d)
	got := map[string]catalog.Finding{}
	for _, f := range fs {
		got[f.Field] = f
	}
	if f := got["title"]; f.DE != "Titel fehlt." || f.EN != "Title is missing." {
		t.Errorf("title: %+v", f)
	}
	lic := got["distributions.0.license"]
	if !strings.HasPrefix(lic.DE, "Lizenz (Distribution 1): Unbekannte Lizenz „https://www.dcat-ap.de/def/licenses/cc-zero“. Bitte eine Lizenz aus der DCAT-AP.de-Lizenzliste wählen.") ||
		!strings.Contains(lic.DE, "„http://dcat-ap.de/def/licenses/cc-zero“") || !strings.Contains(lic.EN, "Licence (distribution 1)") {
		t.Errorf("licence: %+v", lic)
	}
	if n := len(catalog.Errors(fs)); n != 2 {
		t.Errorf("%d errors, want 2: %+v", n, fs)
	}
	if fs := schemas.NewValidator().ValidateDataset(nil); len(fs) == 0 {
		t.Error("nil dataset passes")
	}
}

func TestFieldLabel(t *testing.T) {
	for _, tc := range []struct{ field, lang, want string }{
		{"title", "de", "Titel"}, {"title", "en", "Title"},
		{"publisher.name", "de", "Name (Veröffentlichende Stelle)"}, {"publisher.name", "en", "Publisher name"},
		{"themes.1", "de", "Kategorie 2"}, {"distributions.0.license", "de", "Lizenz (Distribution 1)"},
		{"distributions.2.languages.0", "en", "Language 1 (distribution 3)"},
		{"distributions.0", "de", "Distribution 1"}, {"contact_point.email", "en", "Contact e-mail address"},
		{"no.such.field", "de", "no.such.field"},
	} {
		if got := schemas.FieldLabel(tc.field, tc.lang); got != tc.want {
			t.Errorf("FieldLabel(%q, %q) = %q, want %q", tc.field, tc.lang, got, tc.want)
		}
	}
}

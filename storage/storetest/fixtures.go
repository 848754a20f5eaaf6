package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// t0 has microseconds, which every store must keep.
var t0 = time.Date(2025, 3, 1, 10, 0, 0, 123456000, time.UTC)

func dsID(i int) string   { return fmt.Sprintf("00000000-0000-4000-8000-%012d", i) }
func dsName(i int) string { return fmt.Sprintf("ds-%04d", i) }
func distID(i, j int) string {
	return fmt.Sprintf("10000000-0000-4000-8000-%08d%04d", i, j)
}

// minimal is the smallest dataset the store accepts.
func minimal(i int) *catalog.Dataset {
	return &catalog.Dataset{
		ID: dsID(i), Name: dsName(i), State: catalog.StateActive,
		Title: fmt.Sprintf("Datensatz %d", i), CreatedAt: t0, ModifiedAt: t0,
	}
}

func ptr[T any](v T) *T { return &v }

// full fills every field, so a store that drops one fails the round trip.
func full(i int) *catalog.Dataset {
	d := minimal(i)
	day := &catalog.Date{Time: time.Date(2024, 5, 17, 0, 0, 0, 0, time.UTC), Precision: catalog.PrecisionDate}
	year := &catalog.Date{Time: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), Precision: catalog.PrecisionYear}
	exact := catalog.NewDateTime(time.Date(2025, 2, 28, 13, 14, 15, 987654321, time.UTC))
	agent := func(n string) *catalog.Agent {
		return &catalog.Agent{IRI: "https://example.org/agent/" + n, Name: n, Email: n + "@example.org",
			Homepage: "https://example.org/" + n, Type: "http://purl.org/adms/publishertype/LocalAuthority", Person: n == "creator"}
	}
	*d = catalog.Dataset{
		ID: d.ID, Name: d.Name, OrganizationID: "org-1", Private: true, State: catalog.StateActive,
		Title:       "Baumkataster Musterstadt – Bäume, Straßen & Grünflächen",
		Description: "Alle **Straßenbäume** der Stadt.\nZeile 2 mit \"Anführungszeichen\" und \\ Backslash \ufffd.",
		Keywords:    []string{"Bäume", "Umwelt", "Grün"},
		Themes:      []string{"http://publications.europa.eu/resource/authority/data-theme/ENVI"},
		Publisher:   agent("publisher"), Creator: agent("creator"), Originator: agent("originator"),
		Maintainer: agent("maintainer"), Contributor: agent("contributor"),
		ContactPoint: &catalog.ContactPoint{Name: "Grünflächenamt", Email: "gruen@example.org", URL: "https://example.org",
			Telephone: "+49 30 1234", StreetAddress: "Hauptstraße 1", Locality: "Musterstadt", PostalCode: "12345", CountryName: "Deutschland"},
		ContributorIDs:          []string{"http://dcat-ap.de/def/contributors/musterstadt"},
		PoliticalGeocodingURIs:  []string{"http://dcat-ap.de/def/politicalGeocoding/municipalityKey/12345678"},
		PoliticalGeocodingLevel: "http://dcat-ap.de/def/politicalGeocoding/Level/municipality",
		GeocodingDescription:    []string{"Musterstadt"},
		LegalBasis:              []string{"§ 12 EGovG"},
		QualityProcessURI:       "https://example.org/quality",
		Spatial: []catalog.Location{
			{IRI: "http://sws.geonames.org/2950159/"},
			{BBox: &[4]float64{13.08, 52.33, 13.76, 52.67}, Centroid: &[2]float64{13.4, 52.5}, Geometry: `{"type":"Point","coordinates":[13.4,52.5]}`, Name: "Mitte"},
		},
		Temporal:              []catalog.PeriodOfTime{{Start: year, End: day}, {Start: exact}},
		AccrualPeriodicity:    "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
		Issued:                day,
		Modified:              exact,
		Identifier:            "urn:musterstadt:baumkataster",
		LandingPage:           "https://example.org/baeume",
		Languages:             []string{"http://publications.europa.eu/resource/authority/language/DEU"},
		AccessRights:          "http://publications.europa.eu/resource/authority/access-right/PUBLIC",
		ConformsTo:            []string{"https://example.org/schema"},
		Version:               "2.1",
		VersionNotes:          "Neue Bäume",
		HVDCategories:         []string{"http://data.europa.eu/bna/c_dd313021"},
		ApplicableLegislation: []string{"http://data.europa.eu/eli/reg_impl/2023/138/oj"},
		References:            []string{"https://example.org/ref"},
		Relations:             []string{"https://example.org/rel"},
		Types:                 []string{"http://publications.europa.eu/resource/authority/dataset-type/GEOSPATIAL"},
		Provenance:            "Vermessung 2024; Text mit \\ufffd als Zeichenfolge",
		Distributions: []catalog.Distribution{
			{ID: distID(i, 0), Title: "CSV", Description: "Tabelle", AccessURL: "https://example.org/a.csv",
				DownloadURL: "https://example.org/a.csv", Format: "http://publications.europa.eu/resource/authority/file-type/CSV",
				MediaType: "text/csv", ByteSize: ptr(int64(1 << 40)), Checksum: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
				License: "http://dcat-ap.de/def/licenses/dl-by-de/2.0", LicenseAttribution: "Stadt Musterstadt",
				Issued: day, Modified: exact, Availability: "http://data.europa.eu/r5r/availability/stable",
				Status: "http://purl.org/adms/status/Completed", Languages: []string{"de"}, ConformsTo: []string{"x"},
				Page: "https://example.org/doc", StorageKey: "files/ab/cd", FileName: "bäume.csv", ResourceType: "file.upload",
				Extras: map[string]string{"k": "v"}, CreatedAt: t0, ModifiedAt: t0.Add(time.Second)},
			{ID: distID(i, 1), AccessURL: "https://example.org/wms", ByteSize: ptr(int64(0)), CreatedAt: t0, ModifiedAt: t0},
		},
		Extras:        map[string]string{"spatial_text": "Musterstadt", "leer": "", "ümlaut": "ja"},
		Harvest:       &catalog.HarvestInfo{SourceID: "src-1", OriginalID: "orig-1", OriginalIRI: "https://example.org/ds/1", ContentHash: "abc", LastHarvested: t0},
		CreatedAt:     t0,
		ModifiedAt:    t0.Add(time.Hour),
		CreatorUserID: "user-1",
	}
	return d
}

func create(t *testing.T, s catalog.Store, d *catalog.Dataset) int64 {
	t.Helper()
	seq, err := s.CreateDataset(t.Context(), d)
	if err != nil {
		t.Fatalf("CreateDataset(%s): %v", d.Name, err)
	}
	if seq <= 0 {
		t.Fatalf("CreateDataset(%s): seq %d, want > 0", d.Name, seq)
	}
	return seq
}

func update(t *testing.T, s catalog.Store, d *catalog.Dataset) int64 {
	t.Helper()
	seq, err := s.UpdateDataset(t.Context(), d, time.Time{})
	if err != nil {
		t.Fatalf("UpdateDataset(%s): %v", d.Name, err)
	}
	return seq
}

func get(t *testing.T, s catalog.Store, idOrName string) *catalog.Dataset {
	t.Helper()
	d, err := s.Dataset(t.Context(), idOrName)
	if err != nil {
		t.Fatalf("Dataset(%q): %v", idOrName, err)
	}
	return d
}

// wantCode fails unless err is a *catalog.Error with code.
func wantCode(t *testing.T, what string, err error, code string) *catalog.Error {
	t.Helper()
	var e *catalog.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("%s: error %v, want code %q", what, err, code)
	}
	return e
}

// wantField fails unless err is code with a bilingual message for field.
func wantField(t *testing.T, what string, err error, code, field string) {
	t.Helper()
	e := wantCode(t, what, err, code)
	msgs := e.Fields[field]
	if len(msgs) == 0 || msgs[0].DE == "" || msgs[0].EN == "" {
		t.Fatalf("%s: fields %v, want a German and English message for %q", what, e.Fields, field)
	}
}

func lastSeq(t *testing.T, s catalog.Store) int64 {
	t.Helper()
	n, err := s.LastSeq(t.Context())
	if err != nil {
		t.Fatalf("LastSeq: %v", err)
	}
	return n
}

// sameDataset compares what was written with what was read, expecting the
// store's normalisation: record times in UTC at microseconds.
func sameDataset(t *testing.T, what string, got, want *catalog.Dataset) {
	t.Helper()
	w := normalized(want)
	if !reflect.DeepEqual(got, w) {
		t.Fatalf("%s: read back differs\n got: %+v\nwant: %+v", what, got, w)
	}
}

func normalized(d *catalog.Dataset) *catalog.Dataset {
	w := d.Clone()
	norm := func(t time.Time) time.Time {
		if t.IsZero() {
			return time.Time{}
		}
		return t.UTC().Truncate(time.Microsecond)
	}
	w.CreatedAt, w.ModifiedAt = norm(w.CreatedAt), norm(w.ModifiedAt)
	if w.Harvest != nil {
		w.Harvest.LastHarvested = norm(w.Harvest.LastHarvested)
	}
	for i := range w.Distributions {
		x := &w.Distributions[i]
		x.CreatedAt, x.ModifiedAt = norm(x.CreatedAt), norm(x.ModifiedAt)
	}
	return w
}

// ctx is shorthand for tests that do not cancel.
func ctx(t *testing.T) context.Context { return t.Context() }

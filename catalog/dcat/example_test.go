package dcat_test

import (
	"time"

	"github.com/datenportal/datenportal/catalog"
)

const testBase = "https://daten.example-stadt.de"

func date(s string) *catalog.Date {
	d, err := catalog.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func ptr[T any](v T) *T { return &v }

// fullDataset sets every DCAT-mapped field of Dataset and Distribution.
func fullDataset() *catalog.Dataset {
	eu := "http://publications.europa.eu/resource/authority/"
	return &catalog.Dataset{
		ID: "7f3c1e2a-1b2c-4d5e-8f90-123456789abc", Name: "baumkataster", State: catalog.StateActive,
		Title:       "Baumkataster der Stadt",
		Description: "Alle <b>Straßenbäume</b>\nmit Art und \"Pflanzjahr\".",
		Keywords:    []string{"Bäume", "Umwelt"},
		Themes:      []string{eu + "data-theme/ENVI", eu + "data-theme/REGI"},
		Publisher: &catalog.Agent{IRI: testBase + "/organization/stadt", Name: "Stadt Musterstadt", Email: "open@musterstadt.de",
			Homepage: "https://www.musterstadt.de", Type: "http://purl.org/adms/publishertype/LocalAuthority"},
		ContactPoint: &catalog.ContactPoint{Name: "Open-Data-Team", Email: "opendata@musterstadt.de", URL: "https://www.musterstadt.de/kontakt",
			Telephone: "+49 381 1234-0", StreetAddress: "Markt 1", Locality: "Musterstadt", PostalCode: "18055", CountryName: "Deutschland"},
		Creator:                 &catalog.Agent{Name: "Grünflächenamt", Email: "gruen@musterstadt.de"},
		Originator:              &catalog.Agent{Name: "Vermessungsamt", Homepage: "https://www.musterstadt.de/vermessung"},
		Maintainer:              &catalog.Agent{Name: "Erika Mustermann", Person: true, Email: "erika@musterstadt.de"},
		Contributor:             &catalog.Agent{Name: "Stadtwerke", Type: "http://purl.org/adms/publishertype/Company"},
		ContributorIDs:          []string{"http://dcat-ap.de/def/contributors/openDataHRO"},
		PoliticalGeocodingURIs:  []string{"http://dcat-ap.de/def/politicalGeocoding/regionalKey/130030000000"},
		PoliticalGeocodingLevel: "http://dcat-ap.de/def/politicalGeocoding/Level/municipality",
		GeocodingDescription:    []string{"Stadtgebiet"},
		LegalBasis:              []string{"§ 12 EGovG"},
		QualityProcessURI:       "https://www.musterstadt.de/qualitaet",
		Spatial: []catalog.Location{
			{IRI: "http://sws.geonames.org/2844588/"},
			{Name: "Innenstadt", BBox: &[4]float64{12.05, 54.07, 12.2, 54.2}, Centroid: &[2]float64{12.1, 54.09},
				Geometry: "POLYGON((12.05 54.07, 12.2 54.07, 12.2 54.2, 12.05 54.07))"},
		},
		Temporal:              []catalog.PeriodOfTime{{Start: date("2020-01-01"), End: date("2024-12")}, {Start: date("2025")}},
		AccrualPeriodicity:    eu + "frequency/ANNUAL",
		Issued:                date("2021-03-04"),
		Modified:              date("2025-06-01T10:11:12Z"),
		Identifier:            "baumkataster-hro-1",
		LandingPage:           "https://www.musterstadt.de/baeume",
		Languages:             []string{eu + "language/DEU", eu + "language/ENG"},
		AccessRights:          eu + "access-right/PUBLIC",
		ConformsTo:            []string{"http://dcat-ap.de/def/dcatde/3.0"},
		Version:               "2.1",
		VersionNotes:          "Neue Baumarten ergänzt",
		HVDCategories:         []string{"http://data.europa.eu/bna/c_dd313021"},
		ApplicableLegislation: []string{"http://data.europa.eu/eli/reg_impl/2023/138/oj"},
		References:            []string{"https://musterdatenkatalog.de/def/musterdatensatz/umwelt/baumkataster"},
		Relations:             []string{"https://www.musterstadt.de/gruenflaechen"},
		Types:                 []string{eu + "dataset-type/STATISTICAL"},
		Provenance:            "Erhoben durch Begehung",
		Distributions: []catalog.Distribution{
			{ID: "d1", Title: "Baumkataster CSV", Description: "Tabelle", AccessURL: "https://www.musterstadt.de/baeume",
				DownloadURL: "https://www.musterstadt.de/baeume.csv", Format: eu + "file-type/CSV", MediaType: "text/csv",
				ByteSize: ptr(int64(123456789012)), Checksum: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
				License: "http://dcat-ap.de/def/licenses/dl-by-de/2.0", LicenseAttribution: "Stadt Musterstadt",
				Issued: date("2021-03-04T08:00:00Z"), Modified: date("2025-06"), Availability: eu + "planned-availability/STABLE",
				Status: eu + "distribution-status/COMPLETED", Languages: []string{eu + "language/DEU"},
				ConformsTo: []string{"https://www.musterstadt.de/schema.json"}, Page: "https://www.musterstadt.de/baeume/doku"},
			{ID: "d2", Title: "Hochgeladen", StorageKey: "files/ab/cd", FileName: "bäume 2025.geojson",
				Format: eu + "file-type/GEOJSON", MediaType: "application/geo+json", License: "http://dcat-ap.de/def/licenses/cc-zero"},
		},
		CreatedAt:  time.Date(2021, 3, 4, 8, 0, 0, 0, time.UTC),
		ModifiedAt: time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC),
	}
}

// minimalDataset has only what DCAT-AP.de 3.0 requires.
func minimalDataset() *catalog.Dataset {
	return &catalog.Dataset{
		ID: "minimal-1", Name: "minimal", State: catalog.StateActive,
		Title: "Haushaltsplan", Description: "Der Haushaltsplan.",
		Publisher: &catalog.Agent{Name: "Stadt Musterstadt"},
		Distributions: []catalog.Distribution{
			{ID: "r1", AccessURL: "https://www.musterstadt.de/haushalt.pdf", License: "http://dcat-ap.de/def/licenses/dl-zero-de/2.0"},
		},
		ModifiedAt: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
	}
}

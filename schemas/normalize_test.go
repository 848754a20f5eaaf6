package schemas_test

import (
	"testing"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/schemas"
)

func TestNormalizeDataset(t *testing.T) {
	d := &catalog.Dataset{
		Themes:                  []string{"envi", "http://example.org/unknown-theme"},
		Languages:               []string{"de"},
		ContributorIDs:          []string{"https://www.dcat-ap.de/def/contributors/openDataHRO"},
		PoliticalGeocodingLevel: "municipality",
		AccrualPeriodicity:      "ANNUAL",
		Distributions: []catalog.Distribution{{
			License: "dl-by-de/2.0", Format: "csv",
		}},
	}
	schemas.NewValidator().(catalog.Normalizer).NormalizeDataset(d)
	want := [][2]string{
		{d.Themes[0], schemas.ThemeBase + "ENVI"},
		{d.Themes[1], "http://example.org/unknown-theme"},
		{d.Languages[0], schemas.LanguageBase + "DEU"},
		{d.ContributorIDs[0], "http://dcat-ap.de/def/contributors/openDataHRO"},
		{d.PoliticalGeocodingLevel, schemas.GeocodingLevelBase + "municipality"},
		{d.AccrualPeriodicity, schemas.FrequencyBase + "ANNUAL"},
		{d.Distributions[0].License, schemas.LicenseBase + "dl-by-de/2.0"},
		{d.Distributions[0].Format, schemas.FileTypeBase + "CSV"},
	}
	for _, p := range want {
		if got, w := p[0], p[1]; got != w {
			t.Errorf("normalised %q, want %q", got, w)
		}
	}
}

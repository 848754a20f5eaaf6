package schemas

import (
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

var _ catalog.Normalizer = validator{}

// NormalizeDataset rewrites values the vocabularies recognise to their
// canonical IRIs (licence codes, "CSV", theme codes, https://www.dcat-ap.de
// spellings, …). Values it does not recognise are left alone, so that
// validation reports them instead of silently dropping them.
func (validator) NormalizeDataset(d *catalog.Dataset) {
	fix := func(s *string, norm func(string) (string, bool)) {
		if v := strings.TrimSpace(*s); v != "" {
			if n, ok := norm(v); ok {
				*s = n
			} else {
				*s = NormalizeDCATAPDE(v)
			}
		}
	}
	fixAll := func(list []string, norm func(string) (string, bool)) {
		for i := range list {
			fix(&list[i], norm)
		}
	}
	fixAll(d.Themes, NormalizeTheme)
	fixAll(d.Languages, NormalizeLanguage)
	fixAll(d.ContributorIDs, NormalizeContributor)
	fixAll(d.Types, NormalizeDatasetType)
	for i := range d.PoliticalGeocodingURIs {
		d.PoliticalGeocodingURIs[i] = NormalizeDCATAPDE(d.PoliticalGeocodingURIs[i])
	}
	fix(&d.PoliticalGeocodingLevel, NormalizeGeocodingLevel)
	fix(&d.AccrualPeriodicity, NormalizeFrequency)
	fix(&d.AccessRights, NormalizeAccessRights)
	if d.Publisher != nil {
		fix(&d.Publisher.Type, NormalizePublisherType)
	}
	for i := range d.Distributions {
		r := &d.Distributions[i]
		fix(&r.License, NormalizeLicense)
		fix(&r.Format, FileTypeFor)
		fix(&r.Availability, NormalizeAvailability)
		fix(&r.Status, NormalizeDistributionStatus)
		fixAll(r.Languages, NormalizeLanguage)
	}
}

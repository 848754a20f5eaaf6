package schemas

import "strings"

// The vocabularies are built once at package initialisation from the
// embedded tables (well under a millisecond) and never change afterwards,
// so they are safe for concurrent use.
var (
	themes         = loadVocabulary("data-theme", ThemeBase, "themes.tsv")
	frequencies    = loadVocabulary("frequency", FrequencyBase, "frequencies.tsv")
	accessRights   = loadVocabulary("access-right", AccessRightBase, "access-rights.tsv")
	availabilities = loadVocabulary("planned-availability", AvailabilityBase, "availability.tsv")
	distStatuses   = loadVocabulary("distribution-status", DistributionStatusBase, "distribution-status.tsv")
	datasetTypes   = loadVocabulary("dataset-type", DatasetTypeBase, "dataset-types.tsv")
	publisherTypes = loadVocabulary("publishertype", PublisherTypeBase, "publisher-types.tsv")
	contributors   = loadVocabulary("contributors", ContributorBase, "contributors.tsv")
	// The dcat-ap.de Level list is not published as a file (see
	// vocab/README.md); its six IRIs are known from the GovData UI.
	geocodingLevels = hand("politicalGeocoding/Level", GeocodingLevelBase, [][3]string{
		{"international", "International", "International"},
		{"european", "Europa", "European"},
		{"federal", "Bund", "Federal"},
		{"state", "Land", "State"},
		{"administrativeDistrict", "Landkreis / Bezirk", "Administrative district"},
		{"municipality", "Kommune", "Municipality"},
	})
)

func init() {
	// DCAT-AP 1.x catalogues still write the Dublin Core frequency
	// vocabulary; its terms map one to one onto the EU list.
	for cld, eu := range map[string]string{
		"annual": "ANNUAL", "semiannual": "ANNUAL_2", "threeTimesAYear": "ANNUAL_3",
		"biennial": "BIENNIAL", "bimonthly": "BIMONTHLY", "biweekly": "BIWEEKLY",
		"continuous": "CONT", "daily": "DAILY", "irregular": "IRREG",
		"monthly": "MONTHLY", "semimonthly": "MONTHLY_2", "threeTimesAMonth": "MONTHLY_3",
		"quarterly": "QUARTERLY", "triennial": "TRIENNIAL", "weekly": "WEEKLY",
		"semiweekly": "WEEKLY_2", "threeTimesAWeek": "WEEKLY_3",
	} {
		frequencies.alias(cld, FrequencyBase+eu)
		frequencies.alias("http://purl.org/cld/freq/"+cld, FrequencyBase+eu)
	}
	frequencies.alias("unregelmaessig", FrequencyBase+"IRREG")
	frequencies.alias("jaehrlich", FrequencyBase+"ANNUAL")
	frequencies.alias("taeglich", FrequencyBase+"DAILY")
	frequencies.alias("woechentlich", FrequencyBase+"WEEKLY")
	frequencies.alias("vierteljaehrlich", FrequencyBase+"QUARTERLY")
	frequencies.alias("halbjaehrlich", FrequencyBase+"ANNUAL_2")
}

// Themes returns the 13 EU data themes in code order.
func Themes() []Concept { return themes.All() }

// Frequencies returns the EU frequency list.
func Frequencies() *Vocabulary { return frequencies }

// AccessRights returns the EU access-right list.
func AccessRights() *Vocabulary { return accessRights }

// Availabilities returns the EU planned-availability list.
func Availabilities() *Vocabulary { return availabilities }

// DistributionStatuses returns the EU distribution-status list.
func DistributionStatuses() *Vocabulary { return distStatuses }

// DatasetTypes returns the EU dataset-type list.
func DatasetTypes() *Vocabulary { return datasetTypes }

// PublisherTypes returns the ADMS publisher-type list (LocalAuthority for
// municipalities, K37).
func PublisherTypes() *Vocabulary { return publisherTypes }

// Contributors returns the GovData contributor-ID list (dcatde:contributorID).
func Contributors() *Vocabulary { return contributors }

// GeocodingLevels returns the political geocoding levels, widest first.
func GeocodingLevels() []Concept { return geocodingLevels.All() }

// GeocodingLevelVocabulary returns the levels as a Vocabulary.
func GeocodingLevelVocabulary() *Vocabulary { return geocodingLevels }

// NormalizeFrequency maps "ANNUAL", "jährlich", "annual", a DCMI
// cld:freq IRI or an EU IRI variant to the EU frequency IRI.
func NormalizeFrequency(s string) (string, bool) { return frequencies.Normalize(s) }

// NormalizeAccessRights maps a code, label or IRI variant to the EU IRI.
func NormalizeAccessRights(s string) (string, bool) { return accessRights.Normalize(s) }

// NormalizeAvailability maps a code, label or IRI variant to the EU IRI.
func NormalizeAvailability(s string) (string, bool) { return availabilities.Normalize(s) }

// NormalizeDistributionStatus maps a code, label or IRI variant to the EU
// IRI; the deprecated ADMS status IRIs (http://purl.org/adms/status/…)
// map to their EU successors.
func NormalizeDistributionStatus(s string) (string, bool) {
	if code, ok := afterBase(strings.TrimSpace(s), "http://purl.org/adms/status/"); ok {
		switch strings.ToLower(code) {
		case "completed":
			code = "COMPLETED"
		case "deprecated":
			code = "DEPRECATED"
		case "underdevelopment":
			code = "DEVELOP"
		case "withdrawn":
			code = "WITHDRAWN"
		}
		s = code
	}
	return distStatuses.Normalize(s)
}

// NormalizeDatasetType maps a code, label or IRI variant to the EU IRI.
func NormalizeDatasetType(s string) (string, bool) { return datasetTypes.Normalize(s) }

// NormalizePublisherType maps "LocalAuthority", a label or an IRI variant
// to the ADMS publisher-type IRI.
func NormalizePublisherType(s string) (string, bool) { return publisherTypes.Normalize(s) }

// ContributorByIRI returns the GovData contributor with this IRI; the
// https/www spelling some catalogues use is accepted.
func ContributorByIRI(iri string) (Concept, bool) {
	return contributors.ByIRI(NormalizeDCATAPDE(iri))
}

// NormalizeContributor maps a contributor IRI variant or its bare id
// ("openDataHRO") to the official IRI.
func NormalizeContributor(s string) (string, bool) { return contributors.Normalize(s) }

// NormalizeGeocodingLevel maps "municipality", "Kommune" or a level IRI
// variant to the level IRI.
func NormalizeGeocodingLevel(s string) (string, bool) { return geocodingLevels.Normalize(s) }

// NormalizeDCATAPDE rewrites the https and "www." spellings of dcat-ap.de
// IRIs (https://www.dcat-ap.de/def/…) to the canonical http://dcat-ap.de/…
// form; other strings are returned unchanged.
func NormalizeDCATAPDE(s string) string {
	s = strings.TrimSpace(s)
	if rest, ok := afterBase(s, "http://dcat-ap.de/"); ok && len(s) <= maxValueLen {
		return "http://dcat-ap.de/" + rest
	}
	return s
}

// IsGeocodingURI reports whether s is a dcat-ap.de political geocoding
// IRI of a known key kind (…/regionalKey/15002000000).
func IsGeocodingURI(s string) bool {
	rest, ok := strings.CutPrefix(s, GeocodingBase)
	if !ok {
		return false
	}
	kind, code, ok := strings.Cut(rest, "/")
	if !ok || code == "" {
		return false
	}
	for _, k := range GeocodingKeyKinds {
		if k == kind {
			return true
		}
	}
	return false
}

package schemas

// RDF namespaces used by DCAT-AP.de 2.0 and 3.0. dcatde has no version in
// its IRI and is http without www, although the spec is served from
// https://www.dcat-ap.de: the IRIs are compared byte for byte.
const (
	NSDCAT      = "http://www.w3.org/ns/dcat#"
	NSDCTerms   = "http://purl.org/dc/terms/"
	NSDCATDE    = "http://dcat-ap.de/def/dcatde/"
	NSDCATAP    = "http://data.europa.eu/r5r/"
	NSFOAF      = "http://xmlns.com/foaf/0.1/"
	NSVCard     = "http://www.w3.org/2006/vcard/ns#"
	NSLOCN      = "http://www.w3.org/ns/locn#"
	NSADMS      = "http://www.w3.org/ns/adms#"
	NSSPDX      = "http://spdx.org/rdf/terms#"
	NSSKOS      = "http://www.w3.org/2004/02/skos/core#"
	NSXSD       = "http://www.w3.org/2001/XMLSchema#"
	NSRDF       = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	NSRDFS      = "http://www.w3.org/2000/01/rdf-schema#"
	NSOWL       = "http://www.w3.org/2002/07/owl#"
	NSSchema    = "http://schema.org/"
	NSTime      = "http://www.w3.org/2006/time#"
	NSProv      = "http://www.w3.org/ns/prov#"
	NSGeoDCATAP = "http://data.europa.eu/930/"
	NSGeo       = "http://www.opengis.net/ont/geosparql#"
	NSHydra     = "http://www.w3.org/ns/hydra/core#"
	NSODRL      = "http://www.w3.org/ns/odrl/2/"
)

// Prefixes returns the conventional prefix of each namespace, for writers
// of Turtle and JSON-LD contexts (a fresh map: callers may change it).
func Prefixes() map[string]string {
	return map[string]string{
		"dcat": NSDCAT, "dcterms": NSDCTerms, "dcatde": NSDCATDE, "dcatap": NSDCATAP,
		"foaf": NSFOAF, "vcard": NSVCard, "locn": NSLOCN, "adms": NSADMS, "spdx": NSSPDX,
		"skos": NSSKOS, "xsd": NSXSD, "rdf": NSRDF, "rdfs": NSRDFS, "owl": NSOWL,
		"schema": NSSchema, "time": NSTime, "prov": NSProv, "geodcatap": NSGeoDCATAP,
		"geo": NSGeo, "hydra": NSHydra, "odrl": NSODRL,
	}
}

// Vocabulary bases: a concept IRI is the base followed by its code.
const (
	LicenseBase            = "http://dcat-ap.de/def/licenses/"
	ContributorBase        = "http://dcat-ap.de/def/contributors/"
	GeocodingBase          = "http://dcat-ap.de/def/politicalGeocoding/"
	GeocodingLevelBase     = "http://dcat-ap.de/def/politicalGeocoding/Level/"
	ThemeBase              = "http://publications.europa.eu/resource/authority/data-theme/"
	FileTypeBase           = "http://publications.europa.eu/resource/authority/file-type/"
	FrequencyBase          = "http://publications.europa.eu/resource/authority/frequency/"
	AccessRightBase        = "http://publications.europa.eu/resource/authority/access-right/"
	AvailabilityBase       = "http://publications.europa.eu/resource/authority/planned-availability/"
	DistributionStatusBase = "http://publications.europa.eu/resource/authority/distribution-status/"
	LanguageBase           = "http://publications.europa.eu/resource/authority/language/"
	DatasetTypeBase        = "http://publications.europa.eu/resource/authority/dataset-type/"
	PublisherTypeBase      = "http://purl.org/adms/publishertype/"
	MediaTypeBase          = "https://www.iana.org/assignments/media-types/"
	// ChecksumSHA256 is the SPDX algorithm IRI DCAT-AP.de 3.0 expects
	// (the dcat-ap.de hashAlgorithms list is deprecated).
	ChecksumSHA256 = NSSPDX + "checksumAlgorithm_sha256"
	// ThemeScheme is the concept scheme a catalogue names in
	// dcat:themeTaxonomy.
	ThemeScheme = "http://publications.europa.eu/resource/authority/data-theme"
)

// Political geocoding key kinds under GeocodingBase (…/regionalKey/<code>).
var GeocodingKeyKinds = []string{
	"municipalityKey", "regionalKey", "municipalAssociationKey",
	"districtKey", "governmentDistrictKey", "stateKey",
}

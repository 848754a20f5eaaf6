package dcat

import "github.com/datenportal/datenportal/catalog/dcat/graph"

// Namespaces. They duplicate a few constants of package schemas on
// purpose, for now: the two packages are written in parallel and this
// file is the one place to swap for the shared ones later.
const (
	nsDCAT      = "http://www.w3.org/ns/dcat#"
	nsDCT       = "http://purl.org/dc/terms/"
	nsDCATDE    = "http://dcat-ap.de/def/dcatde/"
	nsDCATAP    = "http://data.europa.eu/r5r/"
	nsFOAF      = "http://xmlns.com/foaf/0.1/"
	nsVCARD     = "http://www.w3.org/2006/vcard/ns#"
	nsADMS      = "http://www.w3.org/ns/adms#"
	nsSPDX      = "http://spdx.org/rdf/terms#"
	nsLOCN      = "http://www.w3.org/ns/locn#"
	nsGEO       = "http://www.opengis.net/ont/geosparql#"
	nsGEODCATAP = "http://data.europa.eu/930/"
	nsOWL       = "http://www.w3.org/2002/07/owl#"
	nsRDFS      = "http://www.w3.org/2000/01/rdf-schema#"
	nsSKOS      = "http://www.w3.org/2004/02/skos/core#"
	nsXSD       = "http://www.w3.org/2001/XMLSchema#"
	nsHYDRA     = "http://www.w3.org/ns/hydra/core#"
	nsSCHEMA    = "http://schema.org/"
	nsTIME      = "http://www.w3.org/2006/time#"
	nsRDF       = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

	// Vocabulary bases.
	dataThemeScheme = "http://publications.europa.eu/resource/authority/data-theme"
	euLanguage      = "http://publications.europa.eu/resource/authority/language/"
	euFileType      = "http://publications.europa.eu/resource/authority/file-type/"
	ianaMediaTypes  = "https://www.iana.org/assignments/media-types/"
	dcatdeLicenses  = "http://dcat-ap.de/def/licenses/"
	spdxSHA256      = nsSPDX + "checksumAlgorithm_sha256"
	dcatdeSHA256    = "http://dcat-ap.de/def/hashAlgorithms/sha/256"
)

// prefixes are declared in every document; 2.0 documents say "dct", 3.0
// documents "dcterms", as the two specifications do.
func prefixes(p Profile) []graph.Prefix {
	dct := "dcterms"
	if p == DCATAPDE2 {
		dct = "dct"
	}
	return []graph.Prefix{
		{Name: "rdf", IRI: nsRDF},
		{Name: "dcat", IRI: nsDCAT},
		{Name: dct, IRI: nsDCT},
		{Name: "dcatde", IRI: nsDCATDE},
		{Name: "dcatap", IRI: nsDCATAP},
		{Name: "foaf", IRI: nsFOAF},
		{Name: "vcard", IRI: nsVCARD},
		{Name: "adms", IRI: nsADMS},
		{Name: "spdx", IRI: nsSPDX},
		{Name: "locn", IRI: nsLOCN},
		{Name: "geo", IRI: nsGEO},
		{Name: "geodcatap", IRI: nsGEODCATAP},
		{Name: "owl", IRI: nsOWL},
		{Name: "rdfs", IRI: nsRDFS},
		{Name: "skos", IRI: nsSKOS},
		{Name: "xsd", IRI: nsXSD},
		{Name: "hydra", IRI: nsHYDRA},
	}
}

// Profile selects the DCAT-AP.de version written.
type Profile uint8

const (
	DCATAPDE3 Profile = iota // default
	DCATAPDE2
)

// ParseProfile reads the ?profile= (or ckanext-dcat's ?profiles=) value.
func ParseProfile(s string) (Profile, bool) {
	switch s {
	case "", "dcatap_de", "dcatap_de_3", "dcat_ap_de_3", "euro_dcat_ap_3":
		return DCATAPDE3, true
	case "dcatap_de_2", "dcat_ap_de_2", "euro_dcat_ap_2":
		return DCATAPDE2, true
	}
	return 0, false
}

func (p Profile) String() string {
	if p == DCATAPDE2 {
		return "dcatap_de_2"
	}
	return "dcatap_de_3"
}

package schemas

import (
	"strings"
)

// License is a licence from the dcat-ap.de list.
type License struct {
	Concept
	// Open is GovData's isOpenLicense flag (dcat-ap-de.md §4), which its
	// quality dashboard counts.
	Open bool `json:"open"`
	// Attribution is whether the licence requires naming the source, so
	// that K35 asks for dcatde:licenseAttributionByText.
	Attribution bool `json:"attribution"`
	// CKANID is the legacy OGD/CKAN licence id ("dl-de-by-2.0"), "" if
	// the list has none.
	CKANID string `json:"ckan_id,omitempty"`
}

var (
	licenses    = loadVocabulary("licenses", LicenseBase, "licenses.tsv")
	licenseURLs = map[string]string{} // normalised licence text URL → IRI
)

func init() {
	for _, c := range licenses.list {
		ex := licenses.extra[c.IRI]
		for _, a := range strings.Fields(ex["aliases"]) {
			licenses.alias(a, c.IRI)
		}
		for _, u := range strings.Fields(ex["urls"]) {
			licenseURLs[u] = c.IRI
		}
	}
	// Spellings seen in the wild that no GovData list contains: SPDX ids,
	// the EU licence NAL codes and the govdata.de URL slugs.
	for alias, code := range map[string]string{
		"cc0": "cc-zero", "cc0-1.0": "cc-zero", "cc-0": "cc-zero", "cc-zero-1.0": "cc-zero",
		"odbl-1.0": "odbl", "odc-by-1.0": "odby", "pddl-1.0": "odcpddl", "odc-pddl-1.0": "odcpddl",
		"mpl-2.0": "mozilla", "apache-2.0": "apache", "gfdl-1.3": "gfdl", "gpl-3.0-only": "gpl/3.0",
		"cc-by-3.0-de": "cc-by-de/3.0", "cc-by-sa-3.0-de": "cc-by-sa-de/3.0", "cc-by-nc-3.0-de": "cc-by-nc-de/3.0",
		"dl-de/by-2-0": "dl-by-de/2.0", "dl-de/by-1-0": "dl-by-de/1.0", "dl-de/zero-2-0": "dl-zero-de/2.0",
		"dl-de/by-nc-1-0": "dl-by-nc-de/1.0", "dl-de-by-nc-1.0": "dl-by-nc-de/1.0",
		"cc_by_4_0": "cc-by/4.0", "cc_by_sa_4_0": "cc-by-sa/4.0", "cc_by_nc_4_0": "cc-by-nc/4.0",
		"cc_by_nd_4_0": "cc-by-nd/4.0", "dl_by_de_2_0": "dl-by-de/2.0", "dl_de_by_2_0": "dl-by-de/2.0",
		"dl_de_zero_2_0": "dl-zero-de/2.0", "dl_zero_de_2_0": "dl-zero-de/2.0", "odc_by": "odby",
		"odc_odbl": "odbl", "odc_pddl": "odcpddl", "gpl_3_0": "gpl/3.0", "mpl_2_0": "mozilla",
		"apache_2_0": "apache", "cc_pdm_1_0": "ccpdm/1.0",
	} {
		licenses.alias(alias, LicenseBase+code)
	}
}

func licenseOf(c Concept) License {
	ex := licenses.extra[c.IRI]
	return License{Concept: c, Open: ex["open"] == "true", Attribution: ex["attribution"] == "true",
		CKANID: ex["ckan"]}
}

// LicenseByIRI returns the licence with exactly this IRI.
func LicenseByIRI(iri string) (License, bool) {
	c, ok := licenses.ByIRI(iri)
	if !ok {
		return License{}, false
	}
	return licenseOf(c), true
}

// Licenses returns the dcat-ap.de licences in IRI order.
func Licenses() []License {
	out := make([]License, len(licenses.list))
	for i, c := range licenses.list {
		out[i] = licenseOf(c)
	}
	return out
}

// NormalizeLicense maps what catalogues write for a licence onto its
// dcat-ap.de IRI: the IRI (also https://www.dcat-ap.de/…), the list code
// ("dl-by-de/2.0"), CKAN/OGD ids ("dl-de-by-2.0", "cc-by-4.0", any case),
// retired spellings ("…/dl-by-de/2_0", "official-work"), SPDX ids,
// EU licence NAL IRIs and the licence text URLs of the GovData list
// ("https://www.govdata.de/dl-de/by-2-0").
func NormalizeLicense(s string) (string, bool) {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "<>"))
	if s == "" || len(s) > maxValueLen {
		return "", false
	}
	if iri, ok := licenses.Normalize(s); ok {
		return iri, true
	}
	if code, ok := afterBase(s, "http://publications.europa.eu/resource/authority/licence/"); ok {
		return licenses.Normalize(code)
	}
	if iri, ok := licenseURLs[normLicenseURL(s)]; ok {
		return iri, true
	}
	return "", false
}

// normLicenseURL mirrors vocabgen's normURL.
func normLicenseURL(u string) string {
	u = strings.ToLower(strings.TrimSpace(u))
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	u = strings.TrimPrefix(u, "www.")
	return strings.TrimRight(u, "/")
}

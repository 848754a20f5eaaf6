package schemas

import "strings"

// ThemeByIRI returns the EU data theme with exactly this IRI.
func ThemeByIRI(iri string) (Concept, bool) { return themes.ByIRI(iri) }

// ThemeByCode returns the theme for "ECON" or CKAN's group name "econ".
func ThemeByCode(code string) (Concept, bool) {
	c, ok := themes.ByCode(code)
	if !ok || !strings.EqualFold(c.Code, strings.TrimSpace(code)) {
		return Concept{}, false
	}
	return c, true
}

// ThemeGroupName is the CKAN group name of a theme: its code in lower case,
// as GovData and ckanext-dcatde name the groups.
func ThemeGroupName(iri string) string {
	if c, ok := themes.ByIRI(iri); ok {
		return strings.ToLower(c.Code)
	}
	return ""
}

// ogdCategories maps the categories of the old German OGD metadata
// standard (still found in CKAN groups) to data themes; see
// testdata/ogd-category-to-dcat-theme.json. Categories without a clear
// theme (geo, infrastruktur_bauen_wohnen, verbraucher) are left out on
// purpose: guessing would store a wrong theme.
var ogdCategories = map[string]string{
	"bevoelkerung": "SOCI", "bildung_wissenschaft": "EDUC", "gesetze_justiz": "JUST",
	"gesundheit": "HEAL", "kultur_freizeit_sport_tourismus": "EDUC",
	"politik_wahlen": "GOVE", "soziales": "SOCI", "transport_verkehr": "TRAN",
	"umwelt_klima": "ENVI", "verwaltung": "GOVE", "wirtschaft_arbeit": "ECON",
}

// NormalizeTheme maps a theme IRI variant, a code in any case, a German
// or English label, or an OGD category to the EU data-theme IRI.
func NormalizeTheme(s string) (string, bool) {
	if iri, ok := themes.Normalize(s); ok {
		return iri, true
	}
	if code, ok := ogdCategories[strings.ToLower(strings.TrimSpace(s))]; ok {
		return ThemeBase + code, true
	}
	return "", false
}

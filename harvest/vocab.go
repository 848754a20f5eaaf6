package harvest

import (
	"regexp"
	"strings"

	"github.com/datenportal/datenportal/schemas"
)

var versionDashRE = regexp.MustCompile(`(\d)[-_](\d)$`)

// NormalizeLicense maps a licence IRI, code or URL to its dcat-ap.de IRI,
// like schemas.NormalizeLicense, and also repairs the spellings found in
// GDI-DE licence JSON ("dl-de-by-2-0", "dl-de-/by-2-0" on FIS-Broker).
func NormalizeLicense(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if iri, ok := schemas.NormalizeLicense(s); ok {
		return iri, true
	}
	l := strings.ToLower(s)
	for _, c := range []string{
		versionDashRE.ReplaceAllString(l, "$1.$2"),
		versionDashRE.ReplaceAllString(strings.ReplaceAll(l, "-/", "-"), "$1.$2"),
		versionDashRE.ReplaceAllString(strings.ReplaceAll(l, "/", "-"), "$1.$2"),
	} {
		if iri, ok := schemas.NormalizeLicense(c); ok {
			return iri, true
		}
	}
	return "", false
}

// plannedAvailability maps the retired dcat-ap.de plannedAvailability
// IRIs (DCAT-AP.de 1.x) to the EU planned-availability vocabulary.
var plannedAvailability = map[string]string{
	"available":    "AVAILABLE",
	"experimental": "EXPERIMENTAL",
	"stable":       "STABLE",
	"temporary":    "TEMPORARY",
}

// NormalizeAvailability repairs retired availability IRIs; other values
// are returned unchanged.
func NormalizeAvailability(s string) string {
	for _, base := range []string{"http://dcat-ap.de/def/plannedAvailability/", "https://www.dcat-ap.de/def/plannedAvailability/", "https://dcat-ap.de/def/plannedAvailability/"} {
		if code, ok := strings.CutPrefix(strings.TrimSpace(s), base); ok {
			if eu, ok := plannedAvailability[strings.ToLower(code)]; ok {
				return "http://publications.europa.eu/resource/authority/planned-availability/" + eu
			}
		}
	}
	return s
}

package dcat

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

// node is a subject's properties with predicates normalised, so that the
// legacy DCAT-AP.de namespaces read like the current one.
type node struct {
	dc    *decoder
	props map[string][]graph.Term
}

func (dc *decoder) node(s graph.Term) node {
	n := node{dc: dc, props: map[string][]graph.Term{}}
	if s.IsLiteral() || s.IsZero() {
		return n
	}
	for _, t := range dc.g.About(s) {
		p := normPredicate(t.P.Value)
		n.props[p] = append(n.props[p], t.O)
	}
	return n
}

var legacyDCATDE = []string{
	"http://dcat-ap.de/def/dcatde/1_0/",
	"http://dcat-ap.de/def/dcatde/1.0.1/",
	"https://www.dcat-ap.de/def/dcatde/",
	"http://www.dcat-ap.de/def/dcatde/",
	"https://dcat-ap.de/def/dcatde/",
}

func normPredicate(p string) string {
	for _, l := range legacyDCATDE {
		if strings.HasPrefix(p, l) {
			p = nsDCATDE + p[len(l):]
			break
		}
	}
	switch p {
	case nsDCATDE + "legalbasisText":
		return nsDCATDE + "legalBasis"
	case nsDCATDE + "geocodingText":
		return nsDCATDE + "geocodingDescription"
	case nsDCATDE + "plannedAvailability":
		return nsDCATAP + "availability"
	}
	return p
}

func (n node) all(p string) []graph.Term { return n.props[p] }

func (n node) first(ps ...string) graph.Term {
	for _, p := range ps {
		if v := n.props[p]; len(v) > 0 {
			return v[0]
		}
	}
	return graph.Term{}
}

// text picks one literal, preferring German, then untagged, then English.
func (n node) text(field, p string) string {
	vs := n.props[p]
	best, rank := "", 99
	for _, v := range vs {
		r := 4
		switch v.Lang {
		case "de", "de-de":
			r = 0
		case "":
			r = 1
		case "en":
			r = 2
		}
		if v.IsBlank() {
			continue
		}
		if r < rank {
			best, rank = v.Value, r
		}
	}
	return best
}

// texts returns every literal (and IRI) value as text, first-seen order.
func (n node) texts(p string) []string {
	var out []string
	for _, v := range n.props[p] {
		if !v.IsBlank() && v.Value != "" {
			out = append(out, v.Value)
		}
	}
	return out
}

// iri returns the first usable IRI value; see iris.
func (n node) iri(field, p string, fromLiteral func(string) string) string {
	if vs := n.iris(field, p, fromLiteral); len(vs) > 0 {
		return vs[0]
	}
	return ""
}

var absIRI = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"]+$`)

// iris returns IRI values, repairing known defects: https://www.dcat-ap.de
// IRIs, literals holding IRIs, and (via fromLiteral) codes given as
// literals. Unusable values are skipped with a warning.
func (n node) iris(field, p string, fromLiteral func(string) string) []string {
	var out []string
	for _, v := range n.props[p] {
		switch {
		case v.IsIRI():
			iri, fixed := normIRI(v.Value)
			if fixed {
				n.dc.warn(field, "iri_repaired", "IRI korrigiert: "+v.Value+" → "+iri, "IRI repaired: "+v.Value+" → "+iri)
			}
			out = append(out, iri)
		case v.IsLiteral():
			s := strings.TrimSpace(v.Value)
			if fromLiteral != nil {
				if iri := fromLiteral(s); iri != "" {
					n.dc.warn(field, "literal_for_iri", "Literal statt IRI: "+s, "literal instead of IRI: "+s)
					out = append(out, iri)
					continue
				}
			}
			if absIRI.MatchString(s) {
				iri, _ := normIRI(s)
				n.dc.warn(field, "literal_for_iri", "Literal statt IRI: "+s, "literal instead of IRI: "+s)
				out = append(out, iri)
				continue
			}
			n.dc.warn(field, "invalid_iri", "kein IRI, übersprungen: "+clip(s), "not an IRI, skipped: "+clip(s))
		case v.IsBlank():
			// A node standing for a concept: use its identifier if any.
			if s := n.dc.node(v).text(field, nsSKOS+"prefLabel"); s != "" && fromLiteral != nil {
				if iri := fromLiteral(s); iri != "" {
					out = append(out, iri)
				}
			}
		}
	}
	return out
}

// normIRI repairs the https://www.dcat-ap.de spelling and the German
// language code GER that real catalogues use.
func normIRI(s string) (string, bool) {
	orig := s
	for _, p := range []string{"https://www.dcat-ap.de/def/", "http://www.dcat-ap.de/def/", "https://dcat-ap.de/def/"} {
		if strings.HasPrefix(s, p) {
			s = "http://dcat-ap.de/def/" + s[len(p):]
		}
	}
	if strings.HasPrefix(s, "https://publications.europa.eu/resource/authority/") {
		s = "http" + s[len("https"):]
	}
	if strings.HasPrefix(s, euLanguage) {
		s = euLanguage + strings.ToUpper(s[len(euLanguage):])
		if s == euLanguage+"GER" {
			s = euLanguage + "DEU"
		}
	}
	return s, s != orig
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// date reads a date literal in any shape catalog.ParseDate knows; a broken
// one is skipped with a warning.
func (n node) date(field, p string) *catalog.Date {
	for _, v := range n.props[p] {
		if v.IsBlank() {
			continue
		}
		d, err := catalog.ParseDate(v.Value)
		if err != nil {
			n.dc.warn(field, "invalid_date", "ungültiges Datum übersprungen: "+clip(v.Value), "invalid date skipped: "+clip(v.Value))
			continue
		}
		return d
	}
	return nil
}

// languageFromLiteral maps language codes and names to EU language IRIs.
func languageFromLiteral(s string) string {
	switch strings.ToLower(s) {
	case "de", "deu", "ger", "de-de", "german", "deutsch":
		return euLanguage + "DEU"
	case "en", "eng", "en-gb", "en-us", "english", "englisch":
		return euLanguage + "ENG"
	}
	if len(s) == 3 && isLetters(s) {
		return euLanguage + strings.ToUpper(s)
	}
	return ""
}

func frequencyFromLiteral(s string) string {
	if isLetters(strings.ReplaceAll(s, "_", "")) && s != "" {
		return "http://publications.europa.eu/resource/authority/frequency/" + strings.ToUpper(s)
	}
	return ""
}

func fileTypeFromLiteral(s string) string {
	s = strings.TrimPrefix(s, ".")
	if s != "" && len(s) < 20 && isLetters(strings.ReplaceAll(s, "_", "")) {
		return euFileType + strings.ToUpper(s)
	}
	return ""
}

func licenseFromLiteral(s string) string {
	if strings.HasPrefix(s, "dl-") || strings.HasPrefix(s, "cc-") || strings.HasPrefix(s, "other-") {
		return dcatdeLicenses + s
	}
	return ""
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return s != ""
}

// unescapeOpaque reverses escapeOpaque for mailto: and tel: IRIs.
func unescapeOpaque(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

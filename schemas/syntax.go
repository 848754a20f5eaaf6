package schemas

import (
	"math"
	"net/mail"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on free text; longer values are refused rather than stored,
// because they are abuse or a mapping bug, never metadata.
const (
	maxTitle       = 1000
	maxDescription = 100_000
	maxKeyword     = 200
	maxKeywords    = 300
	maxListItems   = 500
	maxDists       = 1000
	maxURL         = 4096
	maxGeometry    = 1 << 20
	maxShortText   = 10_000
)

// isHTTPURL reports whether s is an absolute http(s) URL with a host: the
// form dcat:accessURL, dcat:landingPage and vcard:hasURL need to become IRIs.
func isHTTPURL(s string) bool {
	if len(s) > maxURL || !isIRI(s) {
		return false
	}
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	return (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.Hostname() != ""
}

// isIRI reports whether s can be written as an absolute IRI in Turtle,
// RDF/XML and JSON-LD: a scheme, then no spaces and none of the characters
// the Turtle IRIREF production forbids.
func isIRI(s string) bool {
	if s == "" || len(s) > maxURL || !utf8.ValidString(s) {
		return false
	}
	scheme, rest, ok := strings.Cut(s, ":")
	if !ok || scheme == "" || rest == "" {
		return false
	}
	for i, r := range scheme {
		if !(r < 128 && (unicode.IsLetter(r) || i > 0 && (unicode.IsDigit(r) || strings.ContainsRune("+-.", r)))) {
			return false
		}
	}
	for _, r := range rest {
		if r <= ' ' || strings.ContainsRune("<>\"{}|^`\\", r) || unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// isEmail accepts a bare address (an optional "mailto:" is tolerated)
// whose domain has a dot, so that "mailto:" + address is a valid IRI.
func isEmail(s string) bool {
	s = strings.TrimPrefix(s, "mailto:")
	if len(s) > 254 || strings.ContainsAny(s, " <>\"\\,;") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	return at > 0 && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// isTelephone accepts what a "tel:" IRI can carry: digits with the usual
// separators, at least three digits.
func isTelephone(s string) bool {
	s = strings.TrimPrefix(s, "tel:")
	if len(s) > 50 {
		return false
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("+-()/. ", r):
		default:
			return false
		}
	}
	return digits >= 3
}

// isSHA256 reports whether s is 64 hex digits.
func isSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F') {
			return false
		}
	}
	return true
}

// validLonLat reports whether lon/lat are finite WGS 84 coordinates.
func validLonLat(lon, lat float64) bool {
	return !math.IsNaN(lon) && !math.IsNaN(lat) && lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90
}

// quote shortens a user-supplied value for a message and drops control
// characters, so that hostile input cannot flood or garble the UI.
func quote(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == 80 {
			b.WriteString("…")
			break
		}
		if unicode.IsControl(r) || r == utf8.RuneError {
			r = ' '
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

func runes(s string) int { return utf8.RuneCountInString(s) }

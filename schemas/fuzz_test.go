package schemas

import (
	"strings"
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

// FuzzNormalize feeds hostile strings to every normaliser: none may panic,
// and whatever they accept must be an IRI of their vocabulary.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"", "CSV", "https://www.dcat-ap.de/def/licenses/cc-zero", "dl-de-by-2.0",
		"de", "GER", "http://purl.org/cld/freq/annual", "daten.xlsx", "text/csv; charset=x",
		"https://x/y.csv?z", "\x00", "http://", "https://www.iana.org/assignments/media-types/", "…/language/GER",
		strings.Repeat("a", 5000)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		check := func(name string, iri string, ok bool, v *Vocabulary) {
			if ok != (iri != "") || ok && v != nil && !v.Contains(iri) {
				t.Fatalf("%s(%q) = %q, %v", name, s, iri, ok)
			}
		}
		iri, ok := NormalizeLicense(s)
		check("NormalizeLicense", iri, ok, licenses)
		iri, ok = NormalizeTheme(s)
		check("NormalizeTheme", iri, ok, themes)
		iri, ok = FileTypeFor(s)
		check("FileTypeFor", iri, ok, fileTypes)
		iri, ok = NormalizeLanguage(s)
		check("NormalizeLanguage", iri, ok, languages)
		iri, ok = NormalizeFrequency(s)
		check("NormalizeFrequency", iri, ok, frequencies)
		iri, ok = NormalizeDistributionStatus(s)
		check("NormalizeDistributionStatus", iri, ok, distStatuses)
		iri, ok = NormalizeContributor(s)
		check("NormalizeContributor", iri, ok, contributors)
		iri, ok = NormalizeGeocodingLevel(s)
		check("NormalizeGeocodingLevel", iri, ok, geocodingLevels)
		mt, ok := MediaTypeForExt(s)
		if ok != (mt != "") || ok && MediaTypeIRI(mt) == "" {
			t.Fatalf("MediaTypeForExt(%q) = %q", s, mt)
		}
		if m := MediaTypeIRI(s); m != "" && !isIRI(m) {
			t.Fatalf("MediaTypeIRI(%q) = %q is no IRI", s, m)
		}
		_ = NormalizeDCATAPDE(s)
		_ = FieldLabel(s, "de")
	})
}

// FuzzValidate puts hostile strings into every kind of field: the
// validator must not panic, and a value it accepts as URL or e-mail must
// be writable as an IRI.
func FuzzValidate(f *testing.F) {
	f.Add("https://example.org/a", "a@b.de", "+49 1", "2020", "ab")
	f.Add("", "", "", "", "")
	f.Add("http://[::1", "a@@b", "tel:", "x", "\xff")
	f.Fuzz(func(t *testing.T, u, mail, tel, text, code string) {
		d := &catalog.Dataset{Title: text, Description: text, Keywords: []string{text},
			Themes: []string{code}, Publisher: &catalog.Agent{Name: text, Email: mail, Homepage: u, Type: code, IRI: u},
			ContactPoint:   &catalog.ContactPoint{Email: mail, URL: u, Telephone: tel},
			ContributorIDs: []string{u}, PoliticalGeocodingURIs: []string{u}, PoliticalGeocodingLevel: code,
			Spatial: []catalog.Location{{IRI: u, Geometry: text}}, LandingPage: u, Languages: []string{code},
			AccrualPeriodicity: code, AccessRights: code, References: []string{u},
			Distributions: []catalog.Distribution{{AccessURL: u, DownloadURL: u, License: code, Format: code,
				MediaType: code, Checksum: code, Status: code, Availability: code, Page: u}}}
		for _, fd := range NewValidator().ValidateDataset(d) {
			if fd.Field == "" || fd.Code == "" || fd.DE == "" || fd.EN == "" {
				t.Fatalf("incomplete finding %+v", fd)
			}
		}
		if isHTTPURL(u) && !isIRI(u) || isEmail(mail) && !isIRI("mailto:"+strings.TrimPrefix(mail, "mailto:")) ||
			isTelephone(tel) && !isIRI("tel:"+strings.ReplaceAll(strings.TrimPrefix(tel, "tel:"), " ", "")) {
			t.Fatalf("accepted value is not an IRI: %q %q %q", u, mail, tel)
		}
	})
}

package dcat_test

import (
	"strings"
	"testing"

	"github.com/datenportal/datenportal/catalog/dcat"
	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

// TestDecodeTolerance feeds the defects real catalogues have and checks
// each is repaired (or skipped) with a warning, never losing the dataset.
func TestDecodeTolerance(t *testing.T) {
	const head = `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix old: <http://dcat-ap.de/def/dcatde/1_0/> . @prefix old2: <http://dcat-ap.de/def/dcatde/1.0.1/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
<http://x/ds> a dcat:Dataset ; dct:title "T"@de, "T en"@en ; `
	cases := []struct {
		name, ttl string
		check     func(t *testing.T, d dcat.Decoded)
		warnings  int
	}{
		{"legacy namespace 1_0", `old:contributorID <http://dcat-ap.de/def/contributors/x> ; old:legalbasisText "§1" .`, func(t *testing.T, d dcat.Decoded) {
			if len(d.Dataset.ContributorIDs) != 1 || len(d.Dataset.LegalBasis) != 1 || d.Dataset.LegalBasis[0] != "§1" {
				t.Errorf("%+v", d.Dataset)
			}
		}, 0},
		{"legacy namespace 1.0.1", `old2:politicalGeocodingURI <http://dcat-ap.de/def/politicalGeocoding/stateKey/02> .`, func(t *testing.T, d dcat.Decoded) {
			if len(d.Dataset.PoliticalGeocodingURIs) != 1 {
				t.Errorf("%+v", d.Dataset.PoliticalGeocodingURIs)
			}
		}, 0},
		{"https www IRIs", `<https://www.dcat-ap.de/def/dcatde/contributorID> <https://www.dcat-ap.de/def/contributors/openDataHRO> ; dcat:distribution [ dct:license <https://www.dcat-ap.de/def/licenses/cc-zero> ; dcat:accessURL <http://x/a> ] .`, func(t *testing.T, d dcat.Decoded) {
			if d.Dataset.ContributorIDs[0] != "http://dcat-ap.de/def/contributors/openDataHRO" || d.Dataset.Distributions[0].License != "http://dcat-ap.de/def/licenses/cc-zero" {
				t.Errorf("%+v", d.Dataset)
			}
		}, 2},
		{"language GER and literal", `dct:language <http://publications.europa.eu/resource/authority/language/GER>, "de" .`, func(t *testing.T, d dcat.Decoded) {
			if strings.Join(d.Dataset.Languages, " ") != "http://publications.europa.eu/resource/authority/language/DEU http://publications.europa.eu/resource/authority/language/DEU" {
				t.Errorf("%v", d.Dataset.Languages)
			}
		}, 2},
		{"broken date skipped", `dct:modified "gestern" ; dct:issued "2020-02-30x" .`, func(t *testing.T, d dcat.Decoded) {
			if d.Dataset.Modified != nil || d.Dataset.Issued != nil || d.Dataset.Title != "T" {
				t.Errorf("%+v", d.Dataset)
			}
		}, 2},
		{"german date", `dct:modified "01.03.2025" .`, func(t *testing.T, d dcat.Decoded) {
			if d.Dataset.Modified == nil || d.Dataset.Modified.String() != "2025-03-01" {
				t.Errorf("%v", d.Dataset.Modified)
			}
		}, 0},
		{"literal where IRI expected", `dcat:landingPage "https://x/seite" ; dcat:theme "not an iri" .`, func(t *testing.T, d dcat.Decoded) {
			if d.Dataset.LandingPage != "https://x/seite" || len(d.Dataset.Themes) != 0 {
				t.Errorf("%+v", d.Dataset)
			}
		}, 2},
		{"IRI where literal expected", `dcat:keyword <http://x/kw> .`, func(t *testing.T, d dcat.Decoded) {
			if len(d.Dataset.Keywords) != 1 || d.Dataset.Keywords[0] != "http://x/kw" {
				t.Errorf("%v", d.Dataset.Keywords)
			}
		}, 0},
		{"html description kept", `dct:description "<p>Hallo &amp; <b>Welt</b></p>" .`, func(t *testing.T, d dcat.Decoded) {
			if d.Dataset.Description != "<p>Hallo &amp; <b>Welt</b></p>" {
				t.Errorf("%q", d.Dataset.Description)
			}
		}, 0},
		{"e-mail as name", `dct:publisher [ foaf:name "info@stadt.de" ] ; dcat:contactPoint [ vcard:fn "Amt" ; vcard:hasEmail "amt@stadt.de" ] .`, func(t *testing.T, d dcat.Decoded) {
			if d.Dataset.Publisher.Email != "info@stadt.de" || d.Dataset.ContactPoint.Email != "amt@stadt.de" {
				t.Errorf("%+v %+v", d.Dataset.Publisher, d.Dataset.ContactPoint)
			}
		}, 0},
		{"decimal byte size and format literal", `dcat:distribution [ dcat:byteSize "1024.0" ; dct:format "csv" ; dcat:accessURL <http://x/a> ] .`, func(t *testing.T, d dcat.Decoded) {
			x := d.Dataset.Distributions[0]
			if x.ByteSize == nil || *x.ByteSize != 1024 || x.Format != "http://publications.europa.eu/resource/authority/file-type/CSV" {
				t.Errorf("%+v", x)
			}
		}, 1},
		{"title preference German", `.`, func(t *testing.T, d dcat.Decoded) {
			if d.Dataset.Title != "T" {
				t.Errorf("%q", d.Dataset.Title)
			}
		}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ttl := head + c.ttl
			if c.ttl == "." {
				ttl = strings.TrimSuffix(strings.TrimSpace(head), ";") + " ."
			}
			g, err := graph.Read(strings.NewReader(ttl), graph.Turtle, "", graph.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			ds, err := dcat.Decode(g, dcat.DecodeOptions{})
			if err != nil || len(ds) != 1 {
				t.Fatalf("%v %d", err, len(ds))
			}
			c.check(t, ds[0])
			if len(ds[0].Warnings) != c.warnings {
				t.Errorf("%d warnings, want %d: %+v", len(ds[0].Warnings), c.warnings, ds[0].Warnings)
			}
		})
	}
}

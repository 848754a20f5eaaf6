package web_test

import (
	"strings"
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

func TestBrowse(t *testing.T) {
	e := newEnv(t)
	e.dataset(catalog.Dataset{Name: "haushaltsplan-2025", Title: "Haushaltsplan 2025", Keywords: []string{"Haushalt", "Finanzen"},
		Themes: []string{themeGOVE}, ContactPoint: &catalog.ContactPoint{Name: "Kämmerei", Email: "kaemmerei@musterstadt.example"},
		Distributions: []catalog.Distribution{{Title: "Haushalt als CSV", AccessURL: "https://musterstadt.example/haushalt.csv", Format: formatCSV}}})
	e.dataset(catalog.Dataset{Name: "baumkataster", Title: "Baumkataster der Stadt", Description: "Alle Straßenbäume mit Art und Pflanzjahr."})
	e.dataset(catalog.Dataset{Name: "geheime-liste", Title: "Interne Liste", Private: true})
	e.dataset(catalog.Dataset{Name: "xss", Title: `<script>alert("x")</script> Titel`, Keywords: []string{`<img src=x onerror=alert(1)>`}})

	tests := []struct {
		name, path string
		status     int
		want, not  []string
	}{
		{"home", "/", 200, []string{`lang="de"`, "Themen", "Regierung und öffentlicher Sektor", "Haushaltsplan 2025", "Stadt Musterstadt", `href="#main"`}, []string{"Interne Liste"}},
		{"home english", "/?lang=en", 200, []string{`lang="en"`, "Themes", "Government and public sector"}, nil},
		{"search all", "/dataset", 200, []string{"3 Datensätze gefunden", "Haushaltsplan 2025", "Baumkataster", "Kategorie", "Lizenz", "Format"}, []string{"Interne Liste"}},
		{"search words", "/dataset?q=Stra%C3%9Fenbaeume", 200, []string{"1 Datensatz gefunden", "Baumkataster der Stadt"}, []string{"Haushaltsplan 2025"}},
		{"search facet", "/dataset?groups=gove", 200, []string{"1 Datensatz gefunden", "Haushaltsplan 2025", "Filter Kategorie: Regierung und öffentlicher Sektor entfernen"}, nil},
		{"search format", "/dataset?res_format=CSV", 200, []string{"Haushaltsplan 2025"}, []string{"Baumkataster der Stadt"}},
		{"search syntax error", "/dataset?q=B%C3%A4ume+%28Stadt", 200, []string{"Sonderzeichen", "Baumkataster"}, nil},
		{"search sort", "/dataset?sort=title", 200, []string{`<span aria-current="true">Titel A–Z</span>`}, nil},
		{"dataset", "/dataset/haushaltsplan-2025", 200, []string{"Haushaltsplan 2025", "Kämmerei", "mailto:kaemmerei@musterstadt.example",
			"/api/3/action/package_show?id=haushaltsplan-2025", "/dataset/haushaltsplan-2025.ttl", "/dataset/haushaltsplan-2025.rdf",
			"/dataset/haushaltsplan-2025.jsonld", "Datenlizenz Deutschland", "https://musterstadt.example/haushalt.csv", "application/ld+json", "Veröffentlichende Stelle"}, nil},
		{"private for anonymous", "/dataset/geheime-liste", 403, []string{"Kein Zugriff", "Anmelden"}, []string{"Interne Liste"}},
		{"unknown dataset", "/dataset/gibt-es-nicht", 404, []string{"Nicht gefunden"}, nil},
		{"escaping", "/dataset/xss", 200, []string{"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Titel", "&lt;img src=x onerror=alert(1)&gt;"}, []string{`<script>alert("x")`, "<img src=x"}},
		{"escaping in lists", "/dataset?q=Titel", 200, []string{"&lt;script&gt;"}, []string{`<script>alert`}},
		{"organisations", "/organization", 200, []string{"Stadt Musterstadt", "Gemeinde Nachbarort"}, nil},
		{"organisation", "/organization/musterstadt", 200, []string{"Stadt Musterstadt", "Haushaltsplan 2025", "Als Excel exportieren"}, []string{"Interne Liste", "Excel-Vorlage"}},
		{"unknown page", "/gibt/es/nicht", 404, []string{"Nicht gefunden"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := e.browser().get(tc.path)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, tc.status, snippet(body))
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("missing %q\n%s", w, snippet(body))
				}
			}
			for _, n := range tc.not {
				if strings.Contains(body, n) {
					t.Errorf("unexpected %q", n)
				}
			}
			if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
				t.Errorf("CSP %q", csp)
			}
		})
	}
}

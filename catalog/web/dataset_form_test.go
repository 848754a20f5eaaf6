package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

func TestDatasetCreateAndEdit(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(e.editor)

	// The form offers only the editor's organisation and the vocabularies.
	_, body := b.get("/dataset/new?organization=musterstadt")
	for _, want := range []string{"Stadt Musterstadt", "Regierung und öffentlicher Sektor", "jährlich", "Kommune", `data-slug-from="f-title"`, `name="csrf_token"`} {
		if !strings.Contains(body, want) {
			t.Errorf("form misses %q", want)
		}
	}
	if strings.Contains(body, "Gemeinde Nachbarort") {
		t.Error("form offers an organisation the user may not publish for")
	}
	tok := csrfRE.FindStringSubmatch(body)[1]
	base := url.Values{"csrf_token": {tok}, "organization": {e.org.ID}, "state": {"active"}}
	with := func(kv ...string) url.Values {
		v := url.Values{}
		for k, x := range base {
			v[k] = x
		}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return v
	}
	tests := []struct {
		name   string
		form   url.Values
		status int
		want   []string
	}{
		{"missing description", with("title", "Ohne Beschreibung"), 422, []string{"Bitte korrigieren Sie", `href="#f-description"`, `aria-invalid="true"`, `value="Ohne Beschreibung"`}},
		{"bad date", with("title", "Datum", "description", "x", "issued", "31.02.2025"), 422, []string{"Kein gültiges Datum", `href="#f-issued"`}},
		{"bad email", with("title", "Mail", "description", "x", "contact_email", "kein-at-zeichen"), 422, []string{`href="#f-contact_email"`}},
		{"bad name", with("title", "Name", "description", "x", "name", "Groß Buchstaben"), 422, []string{`href="#f-name"`}},
		{"foreign organisation", with("title", "Fremd", "description", "x", "organization", "nachbarort"), 403, nil},
		{"ok", with("title", "Spielplätze <2025>", "description", "Alle Spielplätze.\n\nZweiter Absatz.", "keywords", "Spielplatz, Kinder; Freizeit",
			"themes", "http://publications.europa.eu/resource/authority/data-theme/SOCI", "issued", "01.03.2025", "temporal_start", "2024",
			"frequency", "http://publications.europa.eu/resource/authority/frequency/ANNUAL", "contact_name", "Grünflächenamt",
			"contact_email", "gruen@musterstadt.example"), 200,
			[]string{"Gespeichert.", "Spielplätze &lt;2025&gt;", "<p>Zweiter Absatz.</p>", "Bevölkerung und Gesellschaft", "01.03.2025", "jährlich", "Qualität der Metadaten"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "foreign organisation" {
				tc.form.Set("organization", e.other.ID)
			}
			resp, body := b.post("/dataset/new", tc.form)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, tc.status, snippet(body))
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("missing %q\n%s", w, snippet(body))
				}
			}
		})
	}
	d, err := e.svc.Dataset(e.as(e.editor), "spielplaetze-2025")
	if err != nil {
		t.Fatal(err)
	}
	if d.Publisher == nil || d.Publisher.Name != "Stadt Musterstadt" || len(d.ContributorIDs) != 1 || len(d.Keywords) != 3 ||
		d.Issued.String() != "2025-03-01" || d.Temporal[0].Start.String() != "2024" {
		t.Errorf("stored dataset: %+v", d)
	}

	// Edit: the form shows the stored values; fields the form lacks survive.
	d.HVDCategories = []string{"http://data.europa.eu/bna/c_ac64a52d"}
	d, _, err = e.svc.UpdateDataset(e.as(e.editor), d, d.ModifiedAt)
	if err != nil {
		t.Fatal(err)
	}
	_, body = b.get("/dataset/spielplaetze-2025/edit")
	if !strings.Contains(body, `value="01.03.2025"`) || !strings.Contains(body, `value="2024"`) || !strings.Contains(body, "Spielplatz, Kinder, Freizeit") {
		t.Fatalf("edit form does not show stored values\n%s", snippet(body))
	}
	form := formValues(t, body)
	form.Set("title", "Spielplätze 2025")
	form.Set("state", "draft")
	resp, body := b.post("/dataset/spielplaetze-2025/edit", form)
	if resp.StatusCode != 200 || !strings.Contains(body, "Entwurf") {
		t.Fatalf("edit: %d\n%s", resp.StatusCode, snippet(body))
	}
	d2, _ := e.svc.Dataset(e.as(e.editor), d.ID)
	if d2.Title != "Spielplätze 2025" || d2.State != catalog.StateDraft || len(d2.HVDCategories) != 1 || d2.Issued.String() != "2025-03-01" {
		t.Errorf("after edit: %+v", d2)
	}
	// Saving the stale form again is a conflict, not a silent overwrite.
	resp, body = b.post("/dataset/spielplaetze-2025/edit", form)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "inzwischen") {
		t.Errorf("stale form: %d\n%s", resp.StatusCode, snippet(body))
	}
	// Someone from another organisation cannot open the form.
	o := e.browser()
	o.login(e.reader)
	if resp, _ := o.get("/dataset/spielplaetze-2025/edit"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("reader opened the edit form: %d", resp.StatusCode)
	}
}

// TestDatasetFormMoreFields covers spatial coverage, conforms-to,
// creator and maintainer, legal basis and HVD categories: German labels,
// inline messages, storage, and an edit that keeps what the form does not
// show.
func TestDatasetFormMoreFields(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(e.editor)
	_, body := b.get("/dataset/new?organization=musterstadt")
	for _, want := range []string{"Ort (IRI)", "Begrenzungsrahmen", "West (Länge)", "Nord (Breite)", "Konform zu Standard",
		"Name (Autor)", "E-Mail-Adresse (Verwalter)", "Rechtsgrundlage", "HVD-Kategorie", "Zeitraum", "Webseite", "Version"} {
		if !strings.Contains(body, want) {
			t.Errorf("form misses %q", want)
		}
	}
	tok := csrfRE.FindStringSubmatch(body)[1]
	form := func(kv ...string) url.Values {
		v := url.Values{"csrf_token": {tok}, "organization": {e.org.ID}, "state": {"active"}, "title": {"Stadtgebiet"}, "description": {"Grenzen."}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	box := func(w, s, e, n string) []string {
		return []string{"bbox_west", w, "bbox_south", s, "bbox_east", e, "bbox_north", n}
	}
	tests := []struct {
		name   string
		form   url.Values
		status int
		want   []string
	}{
		{"box incomplete", form(box("6,77", "50,83", "", "")...), 422, []string{`href="#f-bbox"`, "Bitte alle vier Werte", `value="6,77"`}},
		{"box not a number", form(box("6,77", "Köln", "7,16", "51,08")...), 422, []string{`href="#f-bbox_south"`, "Keine gültige Zahl."}},
		{"box out of order", form(box("7,16", "50,83", "6,77", "51,08")...), 422, []string{`href="#f-bbox"`, "Ungültiger Begrenzungsrahmen"}},
		{"conforms-to not an IRI", form("conforms_to", "kein-standard"), 422, []string{`href="#f-conforms_to"`, "keine gültige IRI"}},
		{"creator e-mail", form("creator_name", "Vermessungsamt", "creator_email", "kein-at"), 422, []string{`href="#f-creator_email"`, "keine gültige E-Mail-Adresse"}},
		{"maintainer without name", form("maintainer_email", "it@musterstadt.example"), 422, []string{`href="#f-maintainer_name"`}},
		{"place not an IRI", form("spatial_iri", "Köln Innenstadt"), 422, []string{`href="#f-spatial_iri"`}},
		{"ok", form(append(box("6.77", "50,83", "7,16", "51.08"), "spatial_iri", "https://www.wikidata.org/entity/Q365",
			"conforms_to", "https://www.xrepository.de/details/urn:xoev-de:xplan:standard:xplangml\nhttps://inspire.ec.europa.eu/id/document/tg/au",
			"creator_name", "Vermessungsamt", "creator_email", "vermessung@musterstadt.example", "maintainer_name", "Amt für IT",
			"legal_basis", "§ 12a Abs. 1, 2 EGovG\nOpen-Data-Satzung Musterstadt", "hvd_categories", "http://data.europa.eu/bna/c_ac64a52d",
			"version", "2.1", "temporal_start", "2020", "landing_page", "https://musterstadt.example/gebiet")...), 200,
			[]string{"Gespeichert.", "Rechtsgrundlage", "§ 12a Abs. 1, 2 EGovG", "Vermessungsamt"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := b.post("/dataset/new", tc.form)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, tc.status, snippet(body))
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("missing %q\n%s", w, snippet(body))
				}
			}
			if tc.status == 422 && !strings.Contains(body, "Bitte korrigieren Sie") {
				t.Error("no error summary")
			}
		})
	}
	d, err := e.svc.Dataset(e.as(e.editor), "stadtgebiet")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Spatial) != 1 || d.Spatial[0].BBox == nil || *d.Spatial[0].BBox != [4]float64{6.77, 50.83, 7.16, 51.08} ||
		d.Spatial[0].IRI != "https://www.wikidata.org/entity/Q365" || len(d.ConformsTo) != 2 ||
		d.Creator == nil || d.Creator.Email != "vermessung@musterstadt.example" || d.Maintainer == nil || d.Maintainer.Name != "Amt für IT" ||
		len(d.LegalBasis) != 2 || d.LegalBasis[0] != "§ 12a Abs. 1, 2 EGovG" || len(d.HVDCategories) != 1 || d.Version != "2.1" {
		t.Fatalf("stored dataset: %+v", d)
	}
	// What the form does not show survives an edit: the place's name and
	// geometry, the creator's homepage, further locations.
	d.Spatial[0].Name = "Köln"
	d.Spatial[0].Geometry = "POINT(6.95 50.94)"
	d.Spatial = append(d.Spatial, catalog.Location{IRI: "http://dcat-ap.de/def/politicalGeocoding/stateKey/05"})
	d.Creator.Homepage = "https://musterstadt.example/vermessung"
	if d, _, err = e.svc.UpdateDataset(e.as(e.editor), d, d.ModifiedAt); err != nil {
		t.Fatal(err)
	}
	_, body = b.get("/dataset/stadtgebiet/edit")
	for _, want := range []string{`value="6.77"`, `value="51.08"`, `value="https://www.wikidata.org/entity/Q365"`, "Open-Data-Satzung Musterstadt"} {
		if !strings.Contains(body, want) {
			t.Errorf("edit form misses %q", want)
		}
	}
	f := formValues(t, body)
	f.Set("bbox_east", "7,2")
	f.Set("creator_name", "Amt für Vermessung")
	f.Set("hvd_categories", "")
	if resp, body := b.post("/dataset/stadtgebiet/edit", f); resp.StatusCode != 200 {
		t.Fatalf("edit: %d\n%s", resp.StatusCode, snippet(body))
	}
	d2, _ := e.svc.Dataset(e.as(e.editor), d.ID)
	if len(d2.Spatial) != 2 || d2.Spatial[0].Name != "Köln" || d2.Spatial[0].Geometry == "" || d2.Spatial[0].BBox[2] != 7.2 ||
		d2.Creator.Homepage == "" || d2.Creator.Name != "Amt für Vermessung" || len(d2.HVDCategories) != 0 || len(d2.LegalBasis) != 2 {
		t.Errorf("after edit: %+v %+v", d2.Spatial, d2.Creator)
	}
	// Clearing place and box removes the location only when nothing else
	// is left in it; here the name and geometry remain.
	for _, k := range []string{"spatial_iri", "bbox_west", "bbox_south", "bbox_east", "bbox_north"} {
		f.Set(k, "")
	}
	_, body = b.get("/dataset/stadtgebiet/edit")
	f.Set("modified_at", formValues(t, body).Get("modified_at"))
	if resp, body := b.post("/dataset/stadtgebiet/edit", f); resp.StatusCode != 200 {
		t.Fatalf("clear: %d\n%s", resp.StatusCode, snippet(body))
	}
	d3, _ := e.svc.Dataset(e.as(e.editor), d.ID)
	if len(d3.Spatial) != 2 || d3.Spatial[0].BBox != nil || d3.Spatial[0].IRI != "" || d3.Spatial[0].Name != "Köln" {
		t.Errorf("after clearing: %+v", d3.Spatial)
	}
}

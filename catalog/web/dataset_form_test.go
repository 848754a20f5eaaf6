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

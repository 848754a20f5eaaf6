package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

const (
	contributorAugsburg = "http://dcat-ap.de/def/contributors/stadtAugsburg"
	localAuthority      = "http://purl.org/adms/publishertype/LocalAuthority"
	levelMunicipal      = "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
)

func TestOrganizationEdit(t *testing.T) {
	e := newEnv(t)
	admin := e.browser()
	admin.login(e.admin)
	resp, body := admin.get("/organization/musterstadt/edit")
	if resp.StatusCode != 200 {
		t.Fatalf("form: %d\n%s", resp.StatusCode, snippet(body))
	}
	for _, want := range []string{`value="Stadt Musterstadt"`, "Datenbereitsteller-ID", "Kommunale Behörde", "Kommune",
		"Datenlizenz Deutschland", `value="http://dcat-ap.de/def/contributors/musterstadt"`, `name="csrf_token"`} {
		if !strings.Contains(body, want) {
			t.Errorf("form misses %q", want)
		}
	}
	base := formValues(t, body)
	with := func(kv ...string) url.Values {
		v := url.Values{}
		for k, x := range base {
			v[k] = append([]string(nil), x...)
		}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	tests := []struct {
		name   string
		form   url.Values
		status int
		want   []string
	}{
		{"missing title", with("title", ""), 422, []string{"Bitte korrigieren Sie", `href="#f-title"`, `id="f-title-error"`, "Bitte ausfüllen."}},
		{"bad homepage and e-mail", with("homepage", "musterstadt.example", "email", "kein-at"), 422,
			[]string{`href="#f-homepage"`, "Bitte eine vollständige Adresse mit http:// oder https:// angeben."}},
		{"bad e-mail (Service)", with("email", "kein-at"), 422, []string{`href="#f-email"`, "Ungültige E-Mail-Adresse."}},
		{"free contributor not an IRI", with("contributor_other", "stadtMusterstadt"), 422, []string{`href="#f-contributor_other"`, "Bitte eine IRI"}},
		{"bad area key", with("geo_uri", "123"), 422, []string{`href="#f-geo_uri"`, "8-stelligen Gemeindeschlüssel"}},
		{"value outside the list", with("publisher_type", "http://example.org/amt"), 422, []string{`href="#f-publisher_type"`, "aus der Liste"}},
		{"ok", with("title", "Stadt Musterstadt <Amt 15>", "description", "Die Stadtverwaltung.", "homepage", "https://musterstadt.example/",
			"contributor_id", contributorAugsburg, "contributor_other", "", "publisher_type", localAuthority, "geo_level", levelMunicipal,
			"geo_uri", "05315000"), 200, []string{"Gespeichert.", `value="Stadt Musterstadt &lt;Amt 15&gt;"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := admin.post("/organization/musterstadt/edit", tc.form)
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
	o, err := e.svc.Organization(e.as(e.admin), "musterstadt")
	if err != nil {
		t.Fatal(err)
	}
	if o.Title != "Stadt Musterstadt <Amt 15>" || o.ContributorID != contributorAugsburg || o.PublisherType != localAuthority ||
		o.PoliticalGeocodingURI != "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05315000" ||
		o.PoliticalGeocodingLevel != levelMunicipal || o.DefaultLicense != licenseDLBY || o.Name != "musterstadt" {
		t.Errorf("stored organisation %+v", o)
	}
	// A free IRI wins over the list.
	_, body = admin.get("/organization/musterstadt/edit")
	form := formValues(t, body)
	form.Set("contributor_other", "https://opendata.musterstadt.example/contributor")
	if resp, body := admin.post("/organization/musterstadt/edit", form); resp.StatusCode != 200 {
		t.Fatalf("free contributor: %d\n%s", resp.StatusCode, snippet(body))
	}
	if o, _ := e.svc.Organization(e.as(e.admin), "musterstadt"); o.ContributorID != "https://opendata.musterstadt.example/contributor" {
		t.Errorf("contributor %q", o.ContributorID)
	}
}

func TestOrganizationEditAuthorisation(t *testing.T) {
	e := newEnv(t)
	anon := e.browser()
	nr := &http.Client{Jar: anon.c.Jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := nr.Get(e.srv.URL + "/organization/musterstadt/edit")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?next=%2Forganization%2Fmusterstadt%2Fedit" {
		t.Errorf("anonymous: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	tests := []struct {
		name   string
		b      func() *browser
		status int
	}{
		{"editor", func() *browser { b := e.browser(); b.login(e.editor); return b }, http.StatusForbidden},
		{"outsider", func() *browser { b := e.browser(); b.login(e.reader); return b }, http.StatusForbidden},
		{"sysadmin", func() *browser { b := e.browser(); b.login(e.sysadmin); return b }, http.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.b()
			if resp, _ := b.get("/organization/musterstadt/edit"); resp.StatusCode != tc.status {
				t.Errorf("GET: %d, want %d", resp.StatusCode, tc.status)
			}
			tok := b.csrf("/dashboard")
			resp, body := b.post("/organization/musterstadt/edit", url.Values{"csrf_token": {tok}, "title": {"Übernommen von " + tc.name}})
			if resp.StatusCode != tc.status {
				t.Errorf("POST: %d, want %d\n%s", resp.StatusCode, tc.status, snippet(body))
			}
		})
	}
	// The admin without the token is refused; the title stays.
	b := e.browser()
	b.login(e.admin)
	b.csrf("/dashboard")
	if resp, _ := b.post("/organization/musterstadt/edit", url.Values{"title": {"Ohne Token"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("without CSRF token: %d", resp.StatusCode)
	}
	if o, _ := e.svc.Organization(e.as(e.admin), "musterstadt"); o.Title != "Übernommen von sysadmin" {
		t.Errorf("title %q", o.Title)
	}
	// Admins find the settings on the organisation page and the dashboard.
	for _, p := range []string{"/organization/musterstadt", "/dashboard"} {
		if _, body := b.get(p); !strings.Contains(body, `href="/organization/musterstadt/edit"`) {
			t.Errorf("%s does not link the settings", p)
		}
	}
}

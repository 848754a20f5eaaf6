package web_test

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strings"
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

func TestPrivateDatasetVisibleToMembers(t *testing.T) {
	e := newEnv(t)
	e.dataset(catalog.Dataset{Name: "geheime-liste", Title: "Interne Liste", Private: true})
	for _, tc := range []struct {
		name   string
		user   func() *catalog.User
		status int
	}{
		{"editor", func() *catalog.User { return e.editor }, 200},
		{"no member", func() *catalog.User { return e.reader }, 403},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := e.browser()
			b.login(tc.user())
			resp, body := b.get("/dataset/geheime-liste")
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			_, search := b.get("/dataset?q=Liste")
			if got := strings.Contains(search, "Interne Liste"); got != (tc.status == 200) {
				t.Errorf("private dataset in search results: %v", got)
			}
			if tc.status == 200 && resp.Header.Get("Cache-Control") != "private, no-store" {
				t.Errorf("Cache-Control %q", resp.Header.Get("Cache-Control"))
			}
			_ = body
		})
	}
}

func TestDiscovery(t *testing.T) {
	e := newEnv(t)
	e.dataset(catalog.Dataset{Name: "oeffentlich", Title: "Öffentlicher Datensatz & mehr"})
	e.dataset(catalog.Dataset{Name: "privat", Title: "Privater Datensatz", Private: true})
	e.dataset(catalog.Dataset{Name: "entwurf", Title: "Entwurf", State: catalog.StateDraft})
	b := e.browser()
	b.login(e.editor) // a logged-in reader must not change what feeds show

	resp, body := b.get("/sitemap.xml")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("sitemap: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(body), &sm); err != nil {
		t.Fatalf("sitemap does not parse: %v", err)
	}
	var locs []string
	for _, u := range sm.URLs {
		locs = append(locs, u.Loc)
	}
	all := strings.Join(locs, " ")
	if !strings.Contains(all, "http://portal.test/dataset/oeffentlich") || !strings.Contains(all, "http://portal.test/organization/musterstadt") {
		t.Errorf("sitemap misses public pages: %v", locs)
	}
	if strings.Contains(all, "privat") || strings.Contains(all, "entwurf") {
		t.Errorf("sitemap lists non-public datasets: %v", locs)
	}

	resp, body = b.get("/feeds/datasets.atom")
	if resp.StatusCode != 200 {
		t.Fatalf("feed: %d", resp.StatusCode)
	}
	var feed struct {
		Entries []struct {
			Title string `xml:"title"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(body), &feed); err != nil {
		t.Fatalf("feed does not parse: %v", err)
	}
	if len(feed.Entries) != 1 || feed.Entries[0].Title != "Öffentlicher Datensatz & mehr" {
		t.Errorf("feed entries: %+v", feed.Entries)
	}

	resp, body = b.get("/suggest?q=oeff")
	var sg struct {
		Suggestions []catalog.Suggestion `json:"suggestions"`
	}
	if err := json.Unmarshal([]byte(body), &sg); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("suggest: %d %v %s", resp.StatusCode, err, body)
	}
	if len(sg.Suggestions) == 0 {
		t.Errorf("no suggestions for oeff: %s", body)
	}
	_, body = b.get("/suggest?q=Priv")
	if strings.Contains(body, "Privater") {
		t.Errorf("suggest reveals a private dataset: %s", body)
	}
}

// TestSessionScope: the browser session authorises downloads of private
// files (GET), but never the API, where a cookie without a CSRF token
// would let other sites write in the user's name.
func TestSessionScope(t *testing.T) {
	e := newEnv(t)
	d := e.dataset(catalog.Dataset{Name: "intern", Title: "Intern", Private: true})
	_, r, err := e.svc.AddDistribution(e.as(e.editor), d.ID, catalog.Distribution{},
		&catalog.Upload{Reader: strings.NewReader("geheim;1\n"), FileName: "geheim.csv", Size: 9, ContentType: "text/csv"})
	if err != nil {
		t.Fatal(err)
	}
	path := "/dataset/" + d.ID + "/resource/" + r.ID + "/download/geheim.csv"
	b := e.browser()
	if resp, _ := b.get(path); resp.StatusCode != http.StatusForbidden {
		t.Errorf("anonymous download: %d", resp.StatusCode)
	}
	b.login(e.editor)
	if resp, body := b.get(path); resp.StatusCode != 200 || body != "geheim;1\n" {
		t.Errorf("member download: %d %q", resp.StatusCode, body)
	}
	resp, body := b.get("/api/3/action/package_show?id=intern")
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("API read with only a session cookie: %d %s", resp.StatusCode, body)
	}
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/3/action/package_create",
		strings.NewReader(`{"name":"per-cookie","title":"x","owner_org":"musterstadt"}`))
	req.Header.Set("Content-Type", "application/json")
	if resp, _ := b.do(req); resp.StatusCode != http.StatusForbidden {
		t.Errorf("API write with only a session cookie: %d", resp.StatusCode)
	}
	if resp, _ := b.get("/dataset/intern", "Accept", "text/html"); resp.StatusCode != 200 {
		t.Errorf("HTML page for member: %d", resp.StatusCode)
	}
}

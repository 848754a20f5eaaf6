package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

// brokenID is the fixture record the test server serves without title
// and name: the harvest must reject it and report why.
const brokenID = "9c3036b8-f6ac-4a4e-9036-5a3cc90c3900"

// ckanServer answers package_search like CKAN 2.10 with the three
// packages of harvest/ckan/testdata/demo-ckan-package_search-rows3.json,
// sorted by id and paged by start and rows.
func ckanServer(t *testing.T) *httptest.Server {
	t.Helper()
	raw, err := os.ReadFile("../../harvest/ckan/testdata/demo-ckan-package_search-rows3.json")
	if err != nil {
		t.Fatal(err)
	}
	var page struct {
		Result struct {
			Results []map[string]any `json:"results"`
		} `json:"result"`
	}
	if err := json.Unmarshal(raw, &page); err != nil {
		t.Fatal(err)
	}
	pkgs := page.Result.Results
	sort.Slice(pkgs, func(i, j int) bool { return pkgs[i]["id"].(string) < pkgs[j]["id"].(string) })
	for _, p := range pkgs {
		if p["id"] == brokenID {
			p["title"], p["name"] = "", ""
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/3/action/package_search" {
			http.NotFound(w, r)
			return
		}
		q := r.URL.Query()
		start, _ := strconv.Atoi(q.Get("start"))
		rows, _ := strconv.Atoi(q.Get("rows"))
		results := []map[string]any{}
		for i := start; i >= 0 && i < len(pkgs) && i < start+rows; i++ {
			p := pkgs[i]
			if q.Get("fl") != "" {
				p = map[string]any{"id": p["id"], "metadata_modified": p["metadata_modified"]}
			}
			results = append(results, p)
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"success": true,
			"result": map[string]any{"count": len(pkgs), "sort": "id asc", "results": results}})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// addSource adds a CKAN source of the test organisation through the
// harvester (as the CLI does).
func (e *env) addSource(name, siteURL string) *harvest.SourceConfig {
	e.t.Helper()
	src, err := e.harvester.AddSource(e.ctx, &harvest.SourceConfig{Name: name, Kind: harvest.KindCKAN,
		URL: siteURL, OrganizationID: e.org.Name})
	if err != nil {
		e.t.Fatal(err)
	}
	return src
}

// waitJob waits until the source's newest job has ended.
func (e *env) waitJob(sourceID string) *harvest.Job {
	e.t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		jobs, err := e.hstore.Jobs(e.ctx, sourceID, 1)
		if err != nil {
			e.t.Fatal(err)
		}
		if len(jobs) == 1 && !harvest.Active(jobs[0].State) {
			return jobs[0]
		}
	}
	e.t.Fatal("the harvest job did not end within 30 s")
	return nil
}

// TestHarvestRunAndReport adds a source through the form, runs it with
// "run now" against a CKAN server, and reads the list, the source page
// and the report with its per-record error in both languages.
func TestHarvestRunAndReport(t *testing.T) {
	e := newHarvestEnv(t, false)
	ckanSrv := ckanServer(t)
	admin := e.browser()
	admin.login(e.admin)

	tok := admin.csrf("/harvest/new")
	resp, body := admin.post("/harvest/new", url.Values{"csrf_token": {tok}, "name": {"nachbar-ckan"}, "kind": {"ckan"},
		"url": {ckanSrv.URL}, "organization": {e.org.ID}, "schedule": {"@daily"}, "default_license": {licenseDLBY}})
	if resp.StatusCode != 200 || !strings.Contains(body, "Die Quelle wurde angelegt.") || !strings.Contains(body, "täglich") {
		t.Fatalf("add source: %d\n%s", resp.StatusCode, snippet(body))
	}
	src, err := e.hstore.Source(e.ctx, "nachbar-ckan")
	if err != nil || src.OrganizationID != e.org.ID || !strings.Contains(string(src.Config), licenseDLBY) {
		t.Fatalf("stored source %+v, %v", src, err)
	}

	start := time.Now()
	resp, body = admin.post("/harvest/nachbar-ckan/run", url.Values{"csrf_token": {tok}})
	if resp.StatusCode != 200 || !strings.Contains(body, "Der Lauf wurde gestartet") {
		t.Fatalf("run now: %d\n%s", resp.StatusCode, snippet(body))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("run now answered after %s: it must not wait for the harvest", d)
	}
	job := e.waitJob(src.ID)
	if job.State != harvest.JobDone || job.Counts.Created != 2 || job.Counts.Failed != 1 || job.Trigger != harvest.TriggerManual {
		t.Fatalf("job %+v", job)
	}
	rep, err := harvest.LoadReport(e.ctx, e.hstore, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	var failed *harvest.RecordError
	for i, x := range rep.Entries {
		if x.Severity == harvest.SeverityError && x.OriginalID == brokenID {
			failed = &rep.Entries[i]
		}
	}
	if failed == nil {
		t.Fatalf("no error entry for %s in %+v", brokenID, rep.Entries)
	}

	tests := []struct {
		name string
		path string
		want []string
		not  []string
	}{
		{"list", "/harvest", []string{"nachbar-ckan", "CKAN", "Stadt Musterstadt", "täglich (0 Uhr UTC)", "Abgeschlossen",
			`<span class="count-label">Neu</span> <span class="count-value">2</span>`,
			`<span class="count-label">Fehlgeschlagen</span> <span class="count-value">1</span>`,
			`href="/harvest/job/` + job.ID + `"`, "Quelle hinzufügen", `href="/harvest" aria-current="page"`}, nil},
		{"source", "/harvest/nachbar-ckan", []string{"Ernte-Quelle „nachbar-ckan“", ckanSrv.URL, "Jetzt ernten", "von Hand",
			"Datenlizenz Deutschland", `href="/harvest/job/` + job.ID + `"`}, nil},
		{"report in German", "/harvest/job/" + job.ID, []string{"Bericht: nachbar-ckan", "Abgeschlossen", brokenID, "Übernahme",
			"Fehler (1)", "Titel", html.EscapeString(failed.DE)}, nil},
		{"report in English", "/harvest/job/" + job.ID + "?lang=en", []string{"Report: nachbar-ckan", "Done", brokenID, "Import",
			"Errors (1)", html.EscapeString(failed.EN)}, nil},
		{"errors only", "/harvest/job/" + job.ID + "?severity=error&lang=de", []string{brokenID, `aria-current="page">Fehler (1)`},
			[]string{`<td>Hinweis</td>`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := admin.get(tc.path)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d\n%s", resp.StatusCode, snippet(body))
			}
			if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
				t.Errorf("CSP %q", csp)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("missing %q\n%s", w, snippet(body))
				}
			}
			for _, w := range tc.not {
				if strings.Contains(body, w) {
					t.Errorf("unexpected %q", w)
				}
			}
		})
	}
	// The harvested datasets are in the catalogue, owned by the source's
	// organisation.
	n, err := e.svc.CountDatasets(e.as(e.admin), catalog.ListFilter{OrganizationID: e.org.ID})
	if err != nil || n != 2 {
		t.Errorf("%d harvested datasets, %v", n, err)
	}
}

// TestHarvestAuthorisation: anonymous visitors are sent to the login,
// editors and outsiders get 403 on every harvest page and action, org
// admins and sysadmins get through; posts need the CSRF token.
func TestHarvestAuthorisation(t *testing.T) {
	e := newHarvestEnv(t, true)
	src := e.addSource("quelle", "https://ckan.nachbarort.example/")
	job, err := e.harvester.Store().Jobs(e.ctx, src.ID, 1)
	if err != nil || len(job) != 0 {
		t.Fatalf("jobs before any run: %v %v", job, err)
	}
	anon := e.browser()
	nr := &http.Client{Jar: anon.c.Jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, p := range []string{"/harvest", "/harvest/quelle", "/harvest/new", "/harvest/job/x"} {
		resp, err := nr.Get(e.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
			t.Errorf("anonymous %s: %d %s", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	users := []struct {
		name   string
		u      *catalog.User
		status int
	}{
		{"editor", e.editor, http.StatusForbidden},
		{"outsider", e.reader, http.StatusForbidden},
		{"org admin", e.admin, http.StatusOK},
		{"sysadmin", e.sysadmin, http.StatusOK},
	}
	for _, tc := range users {
		t.Run(tc.name, func(t *testing.T) {
			b := e.browser()
			b.login(tc.u)
			tok := b.csrf("/dashboard")
			for _, p := range []string{"/harvest", "/harvest/quelle", "/harvest/new"} {
				if resp, body := b.get(p); resp.StatusCode != tc.status {
					t.Errorf("GET %s: %d, want %d\n%s", p, resp.StatusCode, tc.status, snippet(body))
				}
			}
			_, dash := b.get("/dashboard")
			if got := strings.Contains(dash, `href="/harvest"`); got != (tc.status == 200) {
				t.Errorf("dashboard links the harvest pages: %v", got)
			}
			form := url.Values{"csrf_token": {tok}, "name": {"neu-" + strings.ReplaceAll(tc.name, " ", "-")}, "kind": {"ckan"},
				"url": {"https://ckan.example/"}, "organization": {e.org.ID}, "schedule": {""}}
			if resp, body := b.post("/harvest/new", form); resp.StatusCode != tc.status {
				t.Errorf("add: %d, want %d\n%s", resp.StatusCode, tc.status, snippet(body))
			}
			if resp, body := b.post("/harvest/quelle/run", url.Values{"csrf_token": {tok}}); resp.StatusCode != tc.status {
				t.Errorf("run: %d, want %d\n%s", resp.StatusCode, tc.status, snippet(body))
			}
		})
	}
	// The admins' runs were queued once (no Background): one active job.
	jobs, err := e.hstore.Jobs(e.ctx, src.ID, 0)
	if err != nil || len(jobs) != 1 || jobs[0].State != harvest.JobQueued || jobs[0].Trigger != harvest.TriggerManual {
		t.Fatalf("jobs after the runs: %+v %v", jobs, err)
	}
	b := e.browser()
	b.login(e.admin)
	tok := b.csrf("/harvest/quelle")
	if _, body := b.post("/harvest/quelle/run", url.Values{"csrf_token": {tok}}); !strings.Contains(body, "bereits ein Lauf") {
		t.Errorf("second run not refused\n%s", snippet(body))
	}
	if resp, _ := b.post("/harvest/quelle/run", url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("run without CSRF token: %d", resp.StatusCode)
	}
	if resp, _ := b.post("/harvest/new", url.Values{"name": {"ohne-token"}, "kind": {"ckan"}, "url": {"https://x.example/"},
		"organization": {e.org.ID}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("add without CSRF token: %d", resp.StatusCode)
	}
	if _, err := e.hstore.Source(e.ctx, "ohne-token"); catalog.ErrorCode(err) != catalog.ENOTFOUND {
		t.Errorf("source added without CSRF token: %v", err)
	}
	// An admin of another organisation cannot add sources for this one.
	sys := catalog.WithActor(e.ctx, catalog.System)
	if err := e.svc.SetMember(sys, e.other.Name, e.reader.Name, catalog.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	o := e.browser()
	o.login(e.reader)
	otok := o.csrf("/harvest/new")
	resp, body := o.post("/harvest/new", url.Values{"csrf_token": {otok}, "name": {"fremd"}, "kind": {"ckan"},
		"url": {"https://x.example/"}, "organization": {e.org.ID}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Organisation wählen, die Sie verwalten") {
		t.Errorf("foreign organisation: %d\n%s", resp.StatusCode, snippet(body))
	}
	if resp, _ := o.get("/harvest/quelle"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("admin of another organisation sees the source: %d", resp.StatusCode)
	}
}

// TestHarvestAddValidation shows the add form's errors inline, in German,
// each linked from the summary.
func TestHarvestAddValidation(t *testing.T) {
	e := newHarvestEnv(t, true)
	e.addSource("vergeben", "https://ckan.example/")
	b := e.browser()
	b.login(e.admin)
	tok := b.csrf("/harvest/new")
	tests := []struct {
		name string
		form url.Values
		want []string
	}{
		{"empty", url.Values{}, []string{`href="#f-name"`, `href="#f-url"`, `href="#f-kind"`, "Bitte ausfüllen.",
			"Bitte eine Art der Quelle wählen."}},
		{"bad name and URL", url.Values{"name": {"Groß und Klein"}, "kind": {"ckan"}, "url": {"ftp://ckan.example/"}},
			[]string{`id="f-name-error"`, `id="f-url-error"`, "nur http- und https-URLs sind erlaubt", `aria-invalid="true"`}},
		{"unknown schedule and licence", url.Values{"name": {"ok-name"}, "kind": {"ckan"}, "url": {"https://ckan.example/"},
			"schedule": {"1m"}, "default_license": {"http://example.org/lizenz"}}, []string{`href="#f-schedule"`, `href="#f-default_license"`}},
		{"reserved name", url.Values{"name": {"new"}, "kind": {"ckan"}, "url": {"https://ckan.example/"}},
			[]string{`href="#f-name"`, "reserviert"}},
		{"name taken", url.Values{"name": {"vergeben"}, "kind": {"ckan"}, "url": {"https://ckan.example/"}},
			[]string{`href="#f-name"`, "bereits vergeben"}},
		{"kind the harvester lacks", url.Values{"name": {"csw-quelle"}, "kind": {"csw"}, "url": {"https://csw.example/"}},
			[]string{"unbekannte Quellenart"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.form.Set("csrf_token", tok)
			if tc.form.Get("organization") == "" {
				tc.form.Set("organization", e.org.ID)
			}
			resp, body := b.post("/harvest/new", tc.form)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d\n%s", resp.StatusCode, snippet(body))
			}
			for _, w := range append(tc.want, "Bitte korrigieren Sie") {
				if !strings.Contains(body, w) {
					t.Errorf("missing %q\n%s", w, snippet(body))
				}
			}
		})
	}
}

// TestHarvestPagesUnmounted: without Options.Harvest the pages do not
// exist and the navigation does not offer them.
func TestHarvestPagesUnmounted(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(e.admin)
	if resp, _ := b.get("/harvest"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/harvest without harvesting: %d", resp.StatusCode)
	}
	if _, body := b.get("/dashboard"); strings.Contains(body, `href="/harvest"`) {
		t.Error("dashboard links the missing harvest pages")
	}
}

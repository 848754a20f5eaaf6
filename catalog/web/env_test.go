package web_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/ckanapi"
	"github.com/datenportal/datenportal/catalog/server"
	"github.com/datenportal/datenportal/catalog/web"
	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/harvest/ckan"
	hdcat "github.com/datenportal/datenportal/harvest/dcat"
	"github.com/datenportal/datenportal/schemas"
	"github.com/datenportal/datenportal/search"
	"github.com/datenportal/datenportal/storage/sqlite"
	"github.com/datenportal/datenportal/storage/testenv"
)

const (
	testPassword = "geheim-passwort-1"
	licenseDLBY  = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
	themeGOVE    = "http://publications.europa.eu/resource/authority/data-theme/GOVE"
	formatCSV    = "http://publications.europa.eu/resource/authority/file-type/CSV"
)

// env is a running portal on the real SQLite store, the real Bleve index
// (in memory) with its indexer, the local file store and the DCAT-AP.de
// validator, the way cmd/datenportal wires them.
type env struct {
	t      *testing.T
	ctx    context.Context // ends when the test does
	svc    *catalog.Service
	web    *web.Web
	srv    *httptest.Server
	org    *catalog.Organization
	other  *catalog.Organization
	editor *catalog.User
	admin  *catalog.User
	reader *catalog.User // logged-in user without memberships
	// With harvesting (newHarvestEnv): the harvest store, the harvester
	// and a sysadmin.
	hstore    harvest.Store
	harvester *harvest.Harvester
	sysadmin  *catalog.User
}

// envOptions vary the portal under test.
type envOptions struct {
	// harvest wires the harvest pages on a SQLite store (the harvest
	// store is SQLite only), as cmd/datenportal does.
	harvest bool
	// queueOnly leaves Options.Background unset: "run now" only queues.
	queueOnly bool
	// tus mounts the resumable upload endpoint (see tusEnv).
	tus *tusEnv
}

func newEnv(t *testing.T) *env { return newEnvWith(t, envOptions{}) }

// newHarvestEnv is newEnv with the harvest pages, on SQLite.
func newHarvestEnv(t *testing.T, queueOnly bool) *env {
	return newEnvWith(t, envOptions{harvest: true, queueOnly: queueOnly})
}

func newEnvWith(t *testing.T, opt envOptions) *env {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var st catalog.Store
	if opt.harvest {
		sq, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "portal.db"))
		if err != nil {
			t.Fatal(err)
		}
		st = sq
	} else {
		st = testenv.Store(t) // SQLite, or PostgreSQL in CI's scale-out pass
	}
	fs := testenv.FileStore(t) // local directory, or S3 in CI's scale-out pass
	if opt.tus != nil {
		fs = opt.tus.fileStore(t)
	}
	ix, err := search.NewMemOnly()
	if err != nil {
		t.Fatal(err)
	}
	indexer := search.NewIndexer(ix, st, search.IndexerOptions{Poll: 20 * time.Millisecond})
	if err := indexer.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = indexer.Run(ctx); close(done) }()

	svc := catalog.NewService(st)
	svc.Files, svc.Search, svc.Index = fs, ix, indexer
	svc.Validator = schemas.NewValidator()
	svc.MaxUploadBytes = 1 << 20
	if opt.tus != nil {
		svc.MaxUploadBytes = opt.tus.maxUpload
	}

	wopt := web.Options{BaseURL: "http://portal.test", SiteTitle: "Testportal",
		SessionKey: []byte(strings.Repeat("k", 32)), MaxImportRows: 50,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	var hs harvest.Store
	var h *harvest.Harvester
	if opt.harvest {
		hs = st.(harvest.Store)
		// Wired as cmd/datenportal wires it, with private addresses
		// allowed so that the harvest reaches an httptest server.
		h = harvest.New(harvest.Config{Store: hs, Catalog: svc, SpoolDir: t.TempDir(),
			Kinds:  harvest.Kinds{harvest.KindCKAN: ckan.New, harvest.KindDCAT: hdcat.New},
			Client: harvest.ClientOptions{AllowPrivate: true}})
		wopt.Harvest, wopt.Harvester = &harvest.Service{Store: hs}, h
		if !opt.queueOnly {
			wopt.Background = ctx
		}
	}
	if opt.tus != nil {
		opt.tus.webOptions(&wopt)
	}
	w, err := web.New(svc, wopt)
	if err != nil {
		t.Fatal(err)
	}
	var extra func(*gin.Engine)
	if opt.tus != nil {
		extra = opt.tus.mount(t, svc, w)
	}
	// Mounted in the real server, as cmd/datenportal mounts it, so that
	// route conflicts, the session on downloads and the API show here.
	api := ckanapi.New(svc, ckanapi.Options{SiteURL: "http://portal.test"})
	s := server.New(server.Config{Addr: "127.0.0.1:0", BaseURL: "http://portal.test",
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Auth: w.WithSession(ckanapi.AuthMiddleware(svc))},
		svc, server.Handlers{
			CKAN:  server.CKANHandlers{Action: api.Action, Version: api.Version},
			Web:   server.WebHandlers{Dataset: w.DatasetPage, Register: w.Register},
			Extra: extra,
		})
	srv := httptest.NewServer(s.Handler())

	env := &env{t: t, ctx: ctx, svc: svc, web: w, srv: srv, hstore: hs, harvester: h}
	t.Cleanup(func() {
		srv.Close()
		cancel()
		<-done
		ix.Close()
		st.Close()
	})
	sys := catalog.WithActor(ctx, catalog.System)
	env.org = must(svc.CreateOrganization(sys, &catalog.Organization{Name: "musterstadt", Title: "Stadt Musterstadt",
		Email: "opendata@musterstadt.example", DefaultLicense: licenseDLBY,
		ContributorID: "http://dcat-ap.de/def/contributors/musterstadt"}))
	env.other = must(svc.CreateOrganization(sys, &catalog.Organization{Name: "nachbarort", Title: "Gemeinde Nachbarort"}))
	env.editor = must(svc.CreateUser(sys, &catalog.User{Name: "redakteurin", FullName: "Rita Redakteurin"}, testPassword))
	env.admin = must(svc.CreateUser(sys, &catalog.User{Name: "orgadmin"}, testPassword))
	env.reader = must(svc.CreateUser(sys, &catalog.User{Name: "leser"}, testPassword))
	env.sysadmin = must(svc.CreateUser(sys, &catalog.User{Name: "betrieb", Sysadmin: true}, testPassword))
	for _, m := range []struct {
		u    *catalog.User
		role string
	}{{env.editor, catalog.RoleEditor}, {env.admin, catalog.RoleAdmin}} {
		if err := svc.SetMember(sys, env.org.Name, m.u.Name, m.role); err != nil {
			t.Fatal(err)
		}
	}
	return env
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// as returns a context acting as u.
func (e *env) as(u *catalog.User) context.Context {
	a, err := e.svc.ActorFor(context.Background(), u)
	if err != nil {
		e.t.Fatal(err)
	}
	return catalog.WithActor(context.Background(), a)
}

// dataset creates a dataset in the test organisation as the editor.
func (e *env) dataset(d catalog.Dataset) *catalog.Dataset {
	e.t.Helper()
	if d.OrganizationID == "" {
		d.OrganizationID = e.org.ID
	}
	if d.Description == "" {
		d.Description = "Beschreibung von " + d.Title
	}
	out, _, err := e.svc.CreateDataset(e.as(e.editor), &d)
	if err != nil {
		e.t.Fatalf("creating %s: %v", d.Name, err)
	}
	return out
}

// browser is an HTTP client with cookies, like a visitor's browser.
type browser struct {
	e    *env
	c    *http.Client
	last string // body of the last response
}

func newJar() (http.CookieJar, error) { return cookiejar.New(nil) }

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, c: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

func (b *browser) do(req *http.Request) (*http.Response, string) {
	b.e.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	b.last = string(body)
	return resp, b.last
}

func (b *browser) get(path string, header ...string) (*http.Response, string) {
	b.e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.e.srv.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) (*http.Response, string) {
	b.e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// csrf fetches path and returns the CSRF token of its first form.
func (b *browser) csrf(path string) string {
	b.e.t.Helper()
	_, body := b.get(path)
	m := csrfRE.FindStringSubmatch(body)
	if m == nil {
		b.e.t.Fatalf("no CSRF token on %s", path)
	}
	return m[1]
}

// login logs in through the form.
func (b *browser) login(u *catalog.User) {
	b.e.t.Helper()
	tok := b.csrf("/login")
	resp, body := b.post("/login", url.Values{"csrf_token": {tok}, "name": {u.Name}, "password": {testPassword}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Abmelden") {
		b.e.t.Fatalf("login as %s: %d %s", u.Name, resp.StatusCode, snippet(body))
	}
}

func snippet(s string) string {
	if i := strings.Index(s, `<main`); i >= 0 {
		s = s[i:]
	}
	if len(s) > 1500 {
		s = s[:1500]
	}
	return s
}

var (
	inputRE    = regexp.MustCompile(`<input[^>]*>`)
	textareaRE = regexp.MustCompile(`(?s)<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`)
	selectRE   = regexp.MustCompile(`(?s)<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>`)
	selOptRE   = regexp.MustCompile(`<option value="([^"]*)"[^>]*selected`)
	attrRE     = regexp.MustCompile(`(\w+)="([^"]*)"`)
)

// formValues reads the first form's current values from a page, as a
// browser would submit them (checked boxes, selected options).
func formValues(t *testing.T, body string) url.Values {
	t.Helper()
	v := url.Values{}
	for _, in := range inputRE.FindAllString(body, -1) {
		a := map[string]string{}
		for _, m := range attrRE.FindAllStringSubmatch(in, -1) {
			a[m[1]] = html.UnescapeString(m[2])
		}
		if a["name"] == "" || a["name"] == "q" {
			continue
		}
		if (a["type"] == "checkbox" || a["type"] == "radio") && !strings.Contains(in, " checked") {
			continue
		}
		if a["type"] == "checkbox" && a["value"] == "" {
			a["value"] = "on"
		}
		v.Add(a["name"], a["value"])
	}
	for _, m := range textareaRE.FindAllStringSubmatch(body, -1) {
		v.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range selectRE.FindAllStringSubmatch(body, -1) {
		for _, o := range selOptRE.FindAllStringSubmatch(m[2], -1) {
			v.Add(m[1], html.UnescapeString(o[1]))
		}
	}
	return v
}

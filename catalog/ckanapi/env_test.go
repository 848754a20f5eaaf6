package ckanapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/ckanapi"
	"github.com/datenportal/datenportal/catalog/download"
	"github.com/datenportal/datenportal/schemas"
	"github.com/datenportal/datenportal/search"
	"github.com/datenportal/datenportal/storage/testenv"
	"github.com/gin-gonic/gin"
)

// env is a running API on real components: SQLite store, Bleve index with
// its indexer, local file store and the DCAT-AP.de validator.
type env struct {
	t     testing.TB
	srv   *httptest.Server
	svc   *catalog.Service
	store catalog.Store
	site  string

	sysToken, editorToken, memberToken, otherToken string
	org, org2                                      *catalog.Organization
}

const (
	contributorHRO = "http://dcat-ap.de/def/contributors/openDataHRO"
	geocodingHRO   = "http://dcat-ap.de/def/politicalGeocoding/regionalKey/130030000000"
	levelMuni      = "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
)

func newEnv(t testing.TB) *env {
	t.Helper()
	gin.SetMode(gin.TestMode)
	ctx, cancel := context.WithCancel(context.Background())
	st := testenv.Store(t) // SQLite, or PostgreSQL in CI's scale-out pass
	ix, err := search.NewMemOnly()
	if err != nil {
		t.Fatal(err)
	}
	x := search.NewIndexer(ix, st, search.IndexerOptions{Poll: 20 * time.Millisecond})
	if err := x.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { defer close(done); _ = x.Run(ctx) }()
	fs := testenv.FileStore(t) // local directory, or S3 in CI's scale-out pass
	svc := catalog.NewService(st)
	svc.Validator = schemas.NewValidator()
	svc.Search, svc.Index, svc.Files = ix, x, fs
	svc.MaxUploadBytes = 64 << 10

	e := &env{t: t, svc: svc, store: st}
	r := gin.New()
	e.srv = httptest.NewServer(r)
	e.site = e.srv.URL
	api := ckanapi.New(svc, ckanapi.Options{SiteURL: e.site + "/", SiteTitle: "Open Data Rostock",
		SiteDescription: "Offene Daten der Hanse- und Universitätsstadt", MaxBodyBytes: 256 << 10,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	mount(r, svc, api)
	t.Cleanup(func() {
		e.srv.Close()
		cancel()
		<-done
		ix.Close()
		st.Close()
	})
	e.seed()
	return e
}

// mount is how catalog/server mounts the API, plus the download route the
// upload test follows.
func mount(r *gin.Engine, svc *catalog.Service, api *ckanapi.API) {
	r.Use(ckanapi.AuthMiddleware(svc))
	r.GET("/api", api.Version)
	r.GET("/api/:ver", api.Version)
	for _, p := range []string{"/api/3/action/:name", "/api/action/:name"} {
		r.GET(p, api.Action)
		r.POST(p, api.Action)
	}
	r.GET("/dataset/:id/resource/:rid/download/:filename", func(c *gin.Context) {
		_, d, f, err := svc.OpenFile(c.Request.Context(), c.Param("id"), c.Param("rid"))
		if err != nil {
			c.Status(http.StatusNotFound)
			return
		}
		if f == nil {
			c.Redirect(http.StatusFound, d.AccessURL)
			return
		}
		defer f.Close()
		download.Serve(c.Writer, c.Request, f, download.Options{Filename: d.FileName, ContentType: d.MediaType})
	})
}

// seed creates users, tokens and two organisations: editor edits org,
// member reads it, other edits org2.
func (e *env) seed() {
	ctx := catalog.WithActor(context.Background(), catalog.System)
	must := func(err error) {
		e.t.Helper()
		if err != nil {
			e.t.Fatal(err)
		}
	}
	for _, u := range []*catalog.User{{Name: "admin", Sysadmin: true, Email: "admin@example.org"},
		{Name: "editor", Email: "editor@example.org"}, {Name: "member"}, {Name: "other"}} {
		_, err := e.svc.CreateUser(ctx, u, "")
		must(err)
	}
	var err error
	e.org, err = e.svc.CreateOrganization(ctx, &catalog.Organization{Name: "hansestadt-rostock",
		Title: "Hanse- und Universitätsstadt Rostock", ContributorID: contributorHRO,
		PublisherType: "http://purl.org/adms/publishertype/LocalAuthority"})
	must(err)
	e.org2, err = e.svc.CreateOrganization(ctx, &catalog.Organization{Name: "landkreis-rostock", Title: "Landkreis Rostock"})
	must(err)
	must(e.svc.SetMember(ctx, e.org.Name, "editor", catalog.RoleEditor))
	must(e.svc.SetMember(ctx, e.org.Name, "member", catalog.RoleMember))
	must(e.svc.SetMember(ctx, e.org2.Name, "other", catalog.RoleEditor))
	tok := func(user string) string {
		s, _, err := e.svc.CreateToken(ctx, user, "test")
		must(err)
		return s
	}
	e.sysToken, e.editorToken, e.memberToken, e.otherToken = tok("admin"), tok("editor"), tok("member"), tok("other")
}

// resp is a decoded API response.
type resp struct {
	Status int
	Header http.Header
	Raw    []byte
	Body   any
}

func (r *resp) obj() map[string]any {
	m, _ := r.Body.(map[string]any)
	return m
}

func (r *resp) result() any { return r.obj()["result"] }

func (r *resp) resultMap() map[string]any {
	m, _ := r.result().(map[string]any)
	return m
}

func (r *resp) errorMap() map[string]any {
	m, _ := r.obj()["error"].(map[string]any)
	return m
}

func (e *env) do(req *http.Request, token string) *resp {
	e.t.Helper()
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	r := &resp{Status: res.StatusCode, Header: res.Header, Raw: raw}
	_ = json.Unmarshal(raw, &r.Body)
	return r
}

// post sends body as JSON (a string is sent as is).
func (e *env) post(action, token string, body any) *resp {
	e.t.Helper()
	var b []byte
	switch x := body.(type) {
	case string:
		b = []byte(x)
	case []byte:
		b = x
	case nil:
	default:
		var err error
		if b, err = json.Marshal(x); err != nil {
			e.t.Fatal(err)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, e.site+"/api/3/action/"+action, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	return e.do(req, token)
}

// get sends a GET with query parameters.
func (e *env) get(action, token string, q url.Values) *resp {
	e.t.Helper()
	u := e.site + "/api/3/action/" + action
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	return e.do(req, token)
}

// multipart posts fields and an optional file, in the given order.
type part struct{ name, value, file string }

func (e *env) multipart(action, token string, parts ...part) *resp {
	e.t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for _, p := range parts {
		if p.file != "" {
			fw, _ := w.CreateFormFile(p.name, p.file)
			fw.Write([]byte(p.value))
		} else {
			w.WriteField(p.name, p.value)
		}
	}
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, e.site+"/api/action/"+action, &b)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return e.do(req, token)
}

// ok fails unless r is a 200 success envelope.
func (e *env) ok(r *resp) *resp {
	e.t.Helper()
	if r.Status != http.StatusOK || r.obj()["success"] != true {
		e.t.Fatalf("status %d: %s", r.Status, r.Raw)
	}
	return r
}

// validPackage is a dataset dict that passes DCAT-AP.de validation.
func validPackage(name string) map[string]any {
	return map[string]any{
		"name": name, "title": "Haushaltsplan " + name, "notes": "Der Haushaltsplan der Hansestadt.",
		"owner_org": "hansestadt-rostock", "license_id": "dl-by-de/2.0",
		"maintainer": "Amt für Finanzen", "maintainer_email": "finanzen@rostock.de",
		"tags":   []any{map[string]any{"name": "haushalt"}, map[string]any{"name": "finanzen"}},
		"groups": []any{map[string]any{"name": "gove"}},
		"extras": []any{
			map[string]any{"key": "contributorID", "value": `["` + contributorHRO + `"]`},
			map[string]any{"key": "politicalGeocodingURI", "value": `["` + geocodingHRO + `"]`},
			map[string]any{"key": "politicalGeocodingLevelURI", "value": levelMuni},
		},
		"resources": []any{map[string]any{"name": "Haushalt als CSV", "url": "https://rostock.de/haushalt.csv",
			"format": "CSV", "licenseAttributionByText": "Hanse- und Universitätsstadt Rostock"}},
	}
}

// create makes a dataset with the editor's token and returns its dict.
func (e *env) create(pkg map[string]any) map[string]any {
	e.t.Helper()
	return e.ok(e.post("package_create", e.editorToken, pkg)).resultMap()
}

// names lists package_list's result.
func (e *env) names() []string {
	e.t.Helper()
	var out []string
	for _, n := range e.ok(e.get("package_list", "", nil)).result().([]any) {
		out = append(out, n.(string))
	}
	return out
}

// fileCount counts objects in the file store.
func (e *env) fileCount() int {
	e.t.Helper()
	n := 0
	err := e.svc.Files.Walk(context.Background(), func(catalog.FileInfo) error { n++; return nil })
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// storedCount counts datasets in the store in any state.
func (e *env) storedCount() int {
	e.t.Helper()
	n, err := e.store.CountDatasets(context.Background(), catalog.DatasetFilter{
		States: []string{catalog.StateActive, catalog.StateDraft, catalog.StateDeleted}, Visibility: catalog.Visibility{AllPrivate: true}})
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

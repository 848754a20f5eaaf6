package server_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/server"
	"github.com/datenportal/datenportal/storage/testenv"
)

type env struct {
	svc  *catalog.Service
	srv  *httptest.Server
	pub  *catalog.Dataset
	priv *catalog.Dataset
	file *catalog.Distribution
	link *catalog.Distribution
	bad  *catalog.Distribution
}

func newEnv(t *testing.T, presign bool, ready map[string]server.Pinger) *env {
	t.Helper()
	svc := catalog.NewService(testenv.Store(t))
	svc.Files = testenv.FileStore(t)
	ctx := catalog.WithActor(context.Background(), catalog.System)
	org, err := svc.CreateOrganization(ctx, &catalog.Organization{Name: "stadt", Title: "Stadt"})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{svc: svc}
	mk := func(name string, private bool) *catalog.Dataset {
		d, _, err := svc.CreateDataset(ctx, &catalog.Dataset{Name: name, Title: name, OrganizationID: org.ID, Private: private,
			Distributions: []catalog.Distribution{
				{Title: "extern", AccessURL: "https://example.org/daten.csv"},
				{Title: "böse", AccessURL: "javascript:alert(1)"},
			}})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	e.pub, e.priv = mk("oeffentlich", false), mk("intern", true)
	e.link, e.bad = &e.pub.Distributions[0], &e.pub.Distributions[1]
	_, r, err := svc.AddDistribution(ctx, e.pub.ID, catalog.Distribution{Title: "Datei", MediaType: "text/csv"},
		&catalog.Upload{Reader: strings.NewReader("a;b\n1;2\n"), FileName: "größen übersicht.csv", Size: -1, ContentType: "text/csv"})
	if err != nil {
		t.Fatal(err)
	}
	e.file = r
	s := server.New(server.Config{Addr: "127.0.0.1:0", BaseURL: "http://example.org", Ready: ready, PresignDownloads: presign,
		Auth: func(c *gin.Context) {
			if c.GetHeader("X-Test-Sysadmin") != "" {
				c.Request = c.Request.WithContext(catalog.WithActor(c.Request.Context(), catalog.System))
			}
		}}, svc, server.Handlers{})
	e.srv = httptest.NewServer(s.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

func (e *env) get(t *testing.T, path string, header ...string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

func TestDownloads(t *testing.T) {
	e := newEnv(t, false, nil)
	base := "/dataset/" + e.pub.ID + "/resource/"
	cases := []struct {
		name, path string
		header     []string
		status     int
		body       string
		location   string
	}{
		{"file", base + e.file.ID + "/download/" + e.file.FileName, nil, 200, "a;b\n1;2\n", ""},
		{"file without name", base + e.file.ID + "/download", nil, 200, "a;b\n1;2\n", ""},
		{"by dataset name", "/dataset/oeffentlich/resource/" + e.file.ID + "/download", nil, 200, "a;b\n1;2\n", ""},
		{"range", base + e.file.ID + "/download", []string{"Range", "bytes=2-4"}, 206, "b\n1", ""},
		{"bad range", base + e.file.ID + "/download", []string{"Range", "bytes=100-200"}, 416, "", ""},
		{"etag", base + e.file.ID + "/download", []string{"If-None-Match", `"` + e.file.Checksum + `"`}, 304, "", ""},
		{"link redirects", base + e.link.ID + "/download", nil, 302, "", "https://example.org/daten.csv"},
		{"javascript url is not followed", base + e.bad.ID + "/download", nil, 404, "", ""},
		{"wrong dataset", "/dataset/intern/resource/" + e.file.ID + "/download", nil, 404, "", ""},
		{"unknown resource", base + "nope/download", nil, 404, "", ""},
		{"private link anonymous", "/dataset/intern/resource/" + e.priv.Distributions[0].ID + "/download", nil, 403, "", ""},
		{"private link sysadmin", "/dataset/intern/resource/" + e.priv.Distributions[0].ID + "/download", []string{"X-Test-Sysadmin", "1"}, 302, "", "https://example.org/daten.csv"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := e.get(t, c.path, c.header...)
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != c.status {
				t.Fatalf("status %d, want %d (%s)", res.StatusCode, c.status, b)
			}
			if c.body != "" && string(b) != c.body {
				t.Errorf("body %q, want %q", b, c.body)
			}
			if c.location != "" && res.Header.Get("Location") != c.location {
				t.Errorf("Location %q, want %q", res.Header.Get("Location"), c.location)
			}
		})
	}
	res := e.get(t, base+e.file.ID+"/download")
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, "filename*=UTF-8''") {
		t.Errorf("Content-Disposition %q lacks the RFC 5987 name", cd)
	}
	if res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("downloads must send nosniff")
	}
	// Download counts reach the store on flush, not per request.
	if err := e.svc.Downloads.Flush(context.Background(), e.svc.Store); err != nil {
		t.Fatal(err)
	}
	n, err := e.svc.Store.Downloads(context.Background(), []string{e.file.ID})
	if err != nil || n[e.file.ID] < 4 {
		t.Errorf("download count %v, %v; want ≥ 4", n, err)
	}
}

func TestPresignedDownloads(t *testing.T) {
	if !testenv.S3() {
		t.Skip("SKIPPED: presigned downloads need S3 (DATENPORTAL_TEST_FILES=s3, as CI's scale-out pass sets)")
	}
	e := newEnv(t, true, nil)
	res := e.get(t, "/dataset/"+e.pub.ID+"/resource/"+e.file.ID+"/download")
	if res.StatusCode != http.StatusFound || !strings.Contains(res.Header.Get("Location"), "X-Amz-Signature") {
		t.Fatalf("public file: %d %q, want a presigned redirect", res.StatusCode, res.Header.Get("Location"))
	}
	got, err := http.Get(res.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(got.Body)
	got.Body.Close()
	if string(b) != "a;b\n1;2\n" {
		t.Fatalf("presigned URL served %q", b)
	}
}

func TestHealthReadinessMetrics(t *testing.T) {
	down := server.PingFunc(func(context.Context) error { return errors.New("connection refused") })
	up := server.PingFunc(func(context.Context) error { return nil })
	e := newEnv(t, false, map[string]server.Pinger{"database": up, "file_storage": down})
	if res := e.get(t, "/healthz"); res.StatusCode != 200 {
		t.Errorf("healthz %d", res.StatusCode)
	}
	res := e.get(t, "/readyz")
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(b), `"file_storage":{"status":"fail"`) {
		t.Errorf("readyz with a dependency down: %d %s", res.StatusCode, b)
	}
	e.get(t, "/dataset/"+e.pub.ID+"/resource/"+e.file.ID+"/download")
	res = e.get(t, "/metrics")
	b, _ = io.ReadAll(res.Body)
	for _, want := range []string{
		`datenportal_http_requests_total{method="GET",route="/readyz",status="503"} 1`,
		`datenportal_http_request_duration_seconds_count{route="/dataset/:id/resource/:rid/download"} 1`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("metrics lack %q:\n%s", want, b)
		}
	}
}

func TestDatasetDispatch(t *testing.T) {
	var got []string
	svc := catalog.NewService(testenv.Store(t))
	h := server.Handlers{
		DCAT: server.DCATHandlers{
			Catalog:   func(c *gin.Context, f string) { got = append(got, "catalog:"+f) },
			Dataset:   func(c *gin.Context, id, f string) { got = append(got, "rdf:"+id+":"+f) },
			Negotiate: func(a string) (string, bool) { return "ttl", a == "text/turtle" },
		},
		Web: server.WebHandlers{Dataset: func(c *gin.Context) { got = append(got, "html:"+c.Param("id")) }},
	}
	srv := httptest.NewServer(server.New(server.Config{}, svc, h).Handler())
	defer srv.Close()
	for _, c := range []struct{ path, accept, want string }{
		{"/dataset/abc.ttl", "", "rdf:abc:ttl"},
		{"/dataset/abc.jsonld", "", "rdf:abc:jsonld"},
		{"/dataset/abc", "text/turtle", "rdf:abc:ttl"},
		{"/dataset/abc", "text/html", "html:abc"},
		{"/dataset/a.b.c", "", "html:a.b.c"},
		{"/catalog.rdf", "", "catalog:rdf"},
		{"/catalog", "", "catalog:"},
	} {
		got = nil
		req, _ := http.NewRequest(http.MethodGet, srv.URL+c.path, nil)
		req.Header.Set("Accept", c.accept)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("%s (Accept %q) → %v, want %s", c.path, c.accept, got, c.want)
		}
	}
}

func TestPanicsBecomeEnvelopes(t *testing.T) {
	svc := catalog.NewService(testenv.Store(t))
	h := server.Handlers{CKAN: server.CKANHandlers{
		Action:  func(c *gin.Context) { panic("bug") },
		Version: func(c *gin.Context) {},
	}}
	srv := httptest.NewServer(server.New(server.Config{}, svc, h).Handler())
	defer srv.Close()
	res, err := http.Get(srv.URL + "/api/3/action/package_show")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 500 || !strings.Contains(string(b), `"__type":"Internal Server Error"`) || strings.Contains(string(b), "bug") {
		t.Fatalf("panic answered %d %s", res.StatusCode, b)
	}
}

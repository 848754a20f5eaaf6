package tus_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/ckanapi"
	"github.com/datenportal/datenportal/catalog/download"
	"github.com/datenportal/datenportal/catalog/tus"
	"github.com/datenportal/datenportal/schemas"
	"github.com/datenportal/datenportal/storage/files"
	"github.com/datenportal/datenportal/storage/files/tusstore"
	"github.com/datenportal/datenportal/storage/testenv"
)

// env is the tus endpoint on real components: the metadata store and file
// store testenv selects (SQLite and a local directory, or PostgreSQL and
// S3), the DCAT-AP.de validator, and the CKAN token middleware.
type env struct {
	t       testing.TB
	svc     *catalog.Service
	store   *faultyStore
	fs      catalog.FileStore
	opt     tus.Options
	h       *tus.Handler
	srv     *httptest.Server
	clock   *clock
	dataset *catalog.Dataset
	public  string // the URL clients use, if not the server's own (a proxy)

	editor, other, member string // tokens
	editorName            string
}

// clock lets tests move time forward to expire uploads.
type clock struct{ skew atomic.Int64 }

func (c *clock) Now() time.Time          { return time.Now().Add(time.Duration(c.skew.Load())) }
func (c *clock) Advance(d time.Duration) { c.skew.Add(int64(d)) }

// faultyStore fails dataset updates on demand: a record write that fails
// after the file was stored.
type faultyStore struct {
	catalog.Store
	fail atomic.Bool
}

func (s *faultyStore) UpdateDataset(ctx context.Context, d *catalog.Dataset, ifModifiedAt time.Time) (int64, error) {
	if s.fail.Load() {
		return 0, catalog.Unavailable("database", errors.New("injected failure"))
	}
	return s.Store.UpdateDataset(ctx, d, ifModifiedAt)
}

func newEnv(t testing.TB, maxUpload int64) *env {
	t.Helper()
	gin.SetMode(gin.TestMode)
	e := &env{t: t, clock: &clock{}}
	e.store = &faultyStore{Store: testenv.Store(t)}
	dataDir := t.TempDir()
	// 5 MiB parts (S3's minimum) so that a few MiB exercise parts and tails.
	e.opt = tus.Options{DataDir: dataDir, Store: tusstore.Config{Now: e.clock.Now, PartSize: 5 << 20}}
	if testenv.S3() {
		e.opt.StorageURL, e.opt.Files = testenv.S3URL(t)
		e.fs = testenv.FileStore(t)
	} else {
		fs, err := files.Open(context.Background(), "", dataDir, files.Options{})
		if err != nil {
			t.Fatal(err)
		}
		e.fs = fs
	}
	e.svc = catalog.NewService(e.store)
	e.svc.Validator = schemas.NewValidator()
	e.svc.Files = e.fs
	e.svc.MaxUploadBytes = maxUpload
	e.seed()
	e.start()
	t.Cleanup(func() { e.sweepAll(t) })
	return e
}

// start (re)builds the handler on the same data, as a restarted server
// would, and serves it on a fresh port.
func (e *env) start() {
	e.t.Helper()
	if e.srv != nil {
		e.srv.CloseClientConnections()
		e.srv.Close()
	}
	r := gin.New()
	r.Use(ckanapi.AuthMiddleware(e.svc))
	srv := httptest.NewUnstartedServer(r)
	srv.Start()
	e.srv = srv
	opt := e.opt
	opt.BaseURL = srv.URL
	if e.public != "" {
		opt.BaseURL = e.public
	}
	h, err := tus.Open(context.Background(), e.svc, opt)
	if err != nil {
		e.t.Fatal(err)
	}
	e.h = h
	h.Register(r)
	r.GET("/dataset/:id/resource/:rid/download/:filename", func(c *gin.Context) {
		_, d, f, err := e.svc.OpenFile(c.Request.Context(), c.Param("id"), c.Param("rid"))
		if err != nil || f == nil {
			c.Status(http.StatusNotFound)
			return
		}
		defer f.Close()
		download.Serve(c.Writer, c.Request, f, download.Options{Filename: d.FileName, ContentType: d.MediaType})
	})
	e.t.Cleanup(srv.Close)
}

func (e *env) seed() {
	t := e.t
	ctx := catalog.WithActor(context.Background(), catalog.System)
	for _, u := range []string{"editor", "other", "member"} {
		if _, err := e.svc.CreateUser(ctx, &catalog.User{Name: u, Email: u + "@example.org"}, ""); err != nil {
			t.Fatal(err)
		}
	}
	org, err := e.svc.CreateOrganization(ctx, &catalog.Organization{Name: "hansestadt-rostock", Title: "Hansestadt Rostock",
		ContributorID: "http://dcat-ap.de/def/contributors/openDataHRO", PublisherType: "http://purl.org/adms/publishertype/LocalAuthority"})
	if err != nil {
		t.Fatal(err)
	}
	org2, err := e.svc.CreateOrganization(ctx, &catalog.Organization{Name: "landkreis-rostock", Title: "Landkreis Rostock"})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range [][3]string{{org.Name, "editor", catalog.RoleEditor}, {org.Name, "member", catalog.RoleMember}, {org2.Name, "other", catalog.RoleEditor}} {
		if err := e.svc.SetMember(ctx, m[0], m[1], m[2]); err != nil {
			t.Fatal(err)
		}
	}
	tok := func(u string) string {
		s, _, err := e.svc.CreateToken(ctx, u, "test")
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	e.editor, e.other, e.member, e.editorName = tok("editor"), tok("other"), tok("member"), "editor"
	d, _, err := e.svc.CreateDataset(ctx, &catalog.Dataset{Name: "baumkataster", Title: "Baumkataster",
		Description: "Alle Stadtbäume.", OrganizationID: org.ID,
		Distributions: []catalog.Distribution{{AccessURL: "https://example.org/b.csv",
			Format:  "http://publications.europa.eu/resource/authority/file-type/CSV",
			License: "http://dcat-ap.de/def/licenses/dl-by-de/2.0"}}})
	if err != nil {
		t.Fatal(err)
	}
	e.dataset = d
}

// sweepAll expires and sweeps everything the test left, so that no
// partial upload outlives it (the S3 prefix cleanup only knows objects).
// It reports to the test that made the env: e.t may be a finished subtest.
func (e *env) sweepAll(t testing.TB) {
	e.clock.Advance(60 * 24 * time.Hour)
	if _, err := e.h.Sweep(context.Background()); err != nil {
		t.Errorf("final sweep: %v", err)
	}
}

// meta encodes Upload-Metadata.
func meta(kv ...string) string {
	var parts []string
	for i := 0; i+1 < len(kv); i += 2 {
		parts = append(parts, kv[i]+" "+base64.StdEncoding.EncodeToString([]byte(kv[i+1])))
	}
	return strings.Join(parts, ",")
}

// do sends a tus request; hdr alternates names and values.
func (e *env) do(method, target, token string, body []byte, hdr ...string) *http.Response {
	e.t.Helper()
	if !strings.HasPrefix(target, "http") {
		target = e.srv.URL + target
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, target, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Tus-Resumable", "1.0.0")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/offset+octet-stream")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i+1] == "" {
			req.Header.Del(hdr[i])
		} else {
			req.Header.Set(hdr[i], hdr[i+1])
		}
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	res.Body = io.NopCloser(bytes.NewReader(b))
	return res
}

func body(res *http.Response) string {
	b, _ := io.ReadAll(res.Body)
	return strings.TrimSpace(string(b))
}

// create starts an upload into the test dataset and returns its URL.
func (e *env) create(token string, size int64, kv ...string) string {
	e.t.Helper()
	if len(kv) == 0 {
		kv = []string{"package_id", e.dataset.Name, "filename", "Bäume 2024.csv"}
	}
	res := e.do(http.MethodPost, tus.BasePath, token, nil, "Upload-Length", strconv.FormatInt(size, 10), "Upload-Metadata", meta(kv...))
	if res.StatusCode != http.StatusCreated {
		e.t.Fatalf("create: %d %s", res.StatusCode, body(res))
	}
	loc := res.Header.Get("Location")
	if !strings.HasPrefix(loc, e.srv.URL+tus.BasePath) {
		e.t.Fatalf("Location %q", loc)
	}
	if res.Header.Get("Upload-Expires") == "" {
		e.t.Fatal("no Upload-Expires on creation")
	}
	return loc
}

func (e *env) patch(loc, token string, offset int64, chunk []byte, hdr ...string) *http.Response {
	e.t.Helper()
	return e.do(http.MethodPatch, loc, token, chunk, append([]string{"Upload-Offset", strconv.FormatInt(offset, 10)}, hdr...)...)
}

func (e *env) offset(loc, token string) int64 {
	e.t.Helper()
	res := e.do(http.MethodHead, loc, token, nil)
	if res.StatusCode != http.StatusOK {
		e.t.Fatalf("HEAD: %d", res.StatusCode)
	}
	n, err := strconv.ParseInt(res.Header.Get("Upload-Offset"), 10, 64)
	if err != nil {
		e.t.Fatalf("HEAD Upload-Offset %q", res.Header.Get("Upload-Offset"))
	}
	return n
}

// upload sends data in chunks of chunk bytes starting at from and returns
// the final response.
func (e *env) upload(loc, token string, data []byte, from int64, chunk int) *http.Response {
	e.t.Helper()
	var res *http.Response
	for off := from; off < int64(len(data)); {
		end := min(off+int64(chunk), int64(len(data)))
		res = e.patch(loc, token, off, data[off:end])
		if res.StatusCode != http.StatusNoContent {
			e.t.Fatalf("PATCH at %d: %d %s", off, res.StatusCode, body(res))
		}
		if got := res.Header.Get("Upload-Offset"); got != strconv.FormatInt(end, 10) {
			e.t.Fatalf("PATCH at %d: Upload-Offset %s, want %d", off, got, end)
		}
		off = end
	}
	return res
}

// resource returns the distribution the upload became.
func (e *env) resource(res *http.Response) (*catalog.Dataset, *catalog.Distribution) {
	e.t.Helper()
	rid := res.Header.Get("Datenportal-Resource-Id")
	if rid == "" {
		e.t.Fatalf("final PATCH names no resource: %v", res.Header)
	}
	d, x, err := e.svc.Distribution(catalog.WithActor(context.Background(), catalog.System), rid)
	if err != nil {
		e.t.Fatal(err)
	}
	return d, x
}

// checkStored asserts that x holds exactly data, by record and download.
func (e *env) checkStored(x *catalog.Distribution, resURL string, data []byte) {
	e.t.Helper()
	sum := sha256.Sum256(data)
	if x.ByteSize == nil || *x.ByteSize != int64(len(data)) || x.Checksum != hex.EncodeToString(sum[:]) {
		e.t.Fatalf("record: size %v checksum %s, want %d %x", x.ByteSize, x.Checksum, len(data), sum)
	}
	if files.ValidateKey(x.StorageKey) != nil {
		e.t.Fatalf("storage key %q", x.StorageKey)
	}
	res, err := http.Get(resURL)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	h := sha256.New()
	n, _ := io.Copy(h, res.Body)
	if res.StatusCode != http.StatusOK || n != int64(len(data)) || !bytes.Equal(h.Sum(nil), sum[:]) {
		e.t.Fatalf("download %s: %d, %d bytes, sha256 %x", resURL, res.StatusCode, n, h.Sum(nil))
	}
}

// objects lists the file store's objects.
func (e *env) objects() []string {
	e.t.Helper()
	var keys []string
	if err := e.fs.Walk(context.Background(), func(fi catalog.FileInfo) error {
		keys = append(keys, fi.Key)
		return nil
	}); err != nil {
		e.t.Fatal(err)
	}
	sort.Strings(keys)
	return keys
}

// debris lists what partial uploads left: local chunk files (not the
// small infos of finished uploads unless withInfos), or on S3 objects
// under .tus/ and incomplete multipart uploads.
func (e *env) debris(withInfos bool) []string {
	e.t.Helper()
	var out []string
	if !testenv.S3() {
		entries, _ := os.ReadDir(filepath.Join(e.opt.DataDir, "files", ".tus"))
		for _, x := range entries {
			if withInfos || !strings.HasSuffix(x.Name(), ".info") {
				out = append(out, x.Name())
			}
		}
		return out
	}
	c, bucket, prefix := e.s3()
	ctx := context.Background()
	for oi := range c.ListObjects(ctx, bucket, minio.ListObjectsOptions{Prefix: prefix + ".tus/", Recursive: true}) {
		if oi.Err != nil {
			e.t.Fatal(oi.Err)
		}
		if withInfos || !strings.HasSuffix(oi.Key, ".info") {
			out = append(out, oi.Key)
		}
	}
	for u := range c.ListIncompleteUploads(ctx, bucket, prefix, true) {
		if u.Err != nil {
			e.t.Fatal(u.Err)
		}
		out = append(out, "multipart:"+u.Key)
	}
	return out
}

var s3Clients sync.Map

func (e *env) s3() (*minio.Client, string, string) {
	u, err := url.Parse(e.opt.StorageURL)
	if err != nil {
		e.t.Fatal(err)
	}
	key := u.Query().Get("endpoint")
	c, ok := s3Clients.Load(key)
	if !ok {
		mc, err := minio.New(key, &minio.Options{Creds: credentials.NewStaticV4(e.opt.Files.AccessKey, e.opt.Files.SecretKey, ""), Secure: false})
		if err != nil {
			e.t.Fatal(err)
		}
		c, _ = s3Clients.LoadOrStore(key, mc)
	}
	return c.(*minio.Client), u.Host, strings.Trim(u.Path, "/") + "/"
}

func randomData(n int, seed byte) []byte {
	b := make([]byte, n)
	x := uint32(seed) + 1
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}

package files_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/download"
	"github.com/datenportal/datenportal/storage/files"
	"github.com/datenportal/datenportal/storage/files/filestest"
)

// serveOnce stores data, then answers one download request for it through
// download.Serve, the way the portal's handler does.
func serveOnce(t *testing.T, s catalog.FileStore, key, rangeHdr string) *http.Response {
	t.Helper()
	f, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := httptest.NewRequest("GET", "/download/x.csv", nil)
	if rangeHdr != "" {
		r.Header.Set("Range", rangeHdr)
	}
	w := httptest.NewRecorder()
	download.Serve(w, r, f, download.Options{Filename: "x.csv", ContentType: "text/csv"})
	return w.Result()
}

func checkServe(t *testing.T, s catalog.FileStore) {
	data := filestest.Data(9, 3<<20)
	key := files.NewKey()
	if _, err := s.Put(context.Background(), key, strings.NewReader(string(data)), -1, "text/csv"); err != nil {
		t.Fatal(err)
	}
	defer s.Delete(context.Background(), key)
	for _, tc := range []struct {
		rng        string
		status     int
		start, end int
	}{
		{"", 200, 0, len(data)},
		{"bytes=1000-1999", 206, 1000, 2000},
		{"bytes=-10", 206, len(data) - 10, len(data)},
	} {
		resp := serveOnce(t, s, key, tc.rng)
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != tc.status || string(b) != string(data[tc.start:tc.end]) {
			t.Fatalf("Range %q: status %d, %d bytes", tc.rng, resp.StatusCode, len(b))
		}
	}
}

func TestServeFromLocal(t *testing.T) { checkServe(t, openLocal(t, t.TempDir())) }

// countingS3 opens the test S3 store through a reverse proxy that counts
// GETs of objects and all other requests.
func countingS3(t *testing.T) (s catalog.FileStore, gets, others *atomic.Int32) {
	rawURL, opts := s3Env(t)
	u, _ := url.Parse(rawURL)
	target := &url.URL{Scheme: "http", Host: u.Query().Get("endpoint")}
	gets, others = new(atomic.Int32), new(atomic.Int32)
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "GET" && !r.URL.Query().Has("location") {
			gets.Add(1)
		} else {
			others.Add(1)
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	q := u.Query()
	q.Set("endpoint", strings.TrimPrefix(srv.URL, "http://"))
	u.RawQuery = q.Encode()
	return openS3(t, u.String(), opts), gets, others
}

// Through a counting proxy: a full download is exactly one GET (Info and
// ServeContent's size probe cost nothing), a range one more.
func TestServeFromS3(t *testing.T) {
	s, gets, others := countingS3(t)
	checkServe(t, s)

	key := files.NewKey()
	s.Put(context.Background(), key, strings.NewReader("0123456789"), 10, "text/csv")
	defer s.Delete(context.Background(), key)
	for _, tc := range []struct {
		rng  string
		gets int32
	}{{"", 1}, {"bytes=2-4", 2}} {
		gets.Store(0)
		others.Store(0)
		resp := serveOnce(t, s, key, tc.rng)
		io.ReadAll(resp.Body)
		if gets.Load() != tc.gets || others.Load() != 0 {
			t.Errorf("Range %q: %d GETs and %d other requests, want %d and 0", tc.rng, gets.Load(), others.Load(), tc.gets)
		}
	}
}

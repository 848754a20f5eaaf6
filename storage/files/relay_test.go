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

// serveHTTP answers every request with key's file through download.Serve
// on a real HTTP server, so that the response writes to a TCP connection
// and the kernel paths (sendfile, splice) are open to it.
func serveHTTP(t *testing.T, s catalog.FileStore, key string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := s.Open(r.Context(), key)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer f.Close()
		download.Serve(w, r, f, download.Options{Filename: "gross.csv", ContentType: "text/csv"})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, u, rng string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	if rng != "" {
		req.Header.Set("Range", rng)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("Range %q: %v after %d bytes", rng, err, len(b))
	}
	return resp.StatusCode, b
}

// kernelCases are downloads of a 3 MiB + 123 byte file: whole, a range
// past the relay threshold in the middle, a suffix below it.
var kernelCases = []struct {
	rng        string
	status     int
	start, end int
	relayed    bool // S3 takes a connection of its own (≥ 1 MiB left)
}{
	{"", 200, 0, 3<<20 + 123, true},
	{"bytes=1048576-", 206, 1 << 20, 3<<20 + 123, true},
	{"bytes=100-2999999", 206, 100, 3000000, true},
	{"bytes=-10", 206, 3<<20 + 113, 3<<20 + 123, false},
}

func checkKernelServe(t *testing.T, s catalog.FileStore, gets *atomic.Int32) {
	data := filestest.Data(11, 3<<20+123)
	key := files.NewKey()
	if _, err := s.Put(context.Background(), key, strings.NewReader(string(data)), -1, "text/csv"); err != nil {
		t.Fatal(err)
	}
	defer s.Delete(context.Background(), key)
	srv := serveHTTP(t, s, key)
	for _, tc := range kernelCases {
		if gets != nil {
			gets.Store(0)
		}
		status, b := get(t, srv.URL, tc.rng)
		if status != tc.status || string(b) != string(data[tc.start:tc.end]) {
			t.Fatalf("Range %q: status %d, %d bytes, want %d and bytes %d..%d", tc.rng, status, len(b), tc.status, tc.start, tc.end)
		}
		if gets == nil {
			continue
		}
		// Open's GET, the relay's GET; a small remainder is read from
		// Open's stream (plus one ranged GET when not at the start).
		want := int32(1)
		if tc.relayed || tc.start > 0 {
			want = 2
		}
		if got := gets.Load(); got != want {
			t.Errorf("Range %q: %d GETs, want %d (relay %v)", tc.rng, got, want, tc.relayed)
		}
	}
}

func TestKernelServeLocal(t *testing.T) { checkKernelServe(t, openLocal(t, t.TempDir()), nil) }

func TestKernelServeS3(t *testing.T) {
	s, gets, _ := countingS3(t)
	checkKernelServe(t, s, gets)
}

// A relay must never splice a replaced object into a download that began
// with the old one: If-Match makes the relay GET fail, and the file stays
// readable the ordinary way.
func TestS3RelayRefusesReplacedObject(t *testing.T) {
	rawURL, opts := s3Env(t)
	s := openS3(t, rawURL, opts)
	ctx := context.Background()
	key := files.NewKey()
	old := filestest.Data(12, 2<<20)
	if _, err := s.Put(ctx, key, strings.NewReader(string(old)), -1, "text/csv"); err != nil {
		t.Fatal(err)
	}
	defer s.Delete(ctx, key)
	f, err := s.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := s.Put(ctx, key, strings.NewReader(string(filestest.Data(13, 2<<20))), -1, "text/csv"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.(download.KernelCopier).KernelReader(2 << 20); err == nil {
		t.Fatal("relay of a replaced object succeeded")
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(f)
	if err == nil && string(b) != string(old) {
		t.Fatalf("read %d bytes that are not the object that was opened", len(b))
	}
}

// After a relay the file belongs to the relay: reading it is an error, and
// Close ends the relay connection.
func TestS3RelayThenRead(t *testing.T) {
	rawURL, opts := s3Env(t)
	s := openS3(t, rawURL, opts)
	ctx := context.Background()
	key := files.NewKey()
	data := filestest.Data(14, 2<<20+7)
	if _, err := s.Put(ctx, key, strings.NewReader(string(data)), -1, "text/csv"); err != nil {
		t.Fatal(err)
	}
	defer s.Delete(ctx, key)
	f, err := s.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	kc := f.(download.KernelCopier)
	if _, _, err := kc.KernelReader(1<<20 - 1); err == nil {
		t.Error("relay of less than 1 MiB accepted")
	}
	if _, _, err := kc.KernelReader(int64(len(data)) + 1); err == nil {
		t.Error("relay beyond the end accepted")
	}
	f.Seek(5, io.SeekStart)
	prefix, rest, err := kc.KernelReader(int64(len(data)) - 5)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Read(make([]byte, 10)); err == nil {
		t.Error("Read after KernelReader succeeded")
	}
	b, err := io.ReadAll(io.MultiReader(prefix, rest))
	if err != nil || string(b) != string(data[5:]) {
		t.Fatalf("relayed %d bytes (%v), want %d", len(b), err, len(data)-5)
	}
	f.Close()
	rest.N = 1
	if n, err := rest.R.Read(make([]byte, 1)); n != 0 || err == nil {
		t.Errorf("relay connection still open after Close: %d, %v", n, err)
	}
}

func TestPartSizeFor(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct{ max, want int64 }{
		{0, 8 * mib},
		{5 << 30, 8 * mib},
		{10000 * 8 * mib, 8 * mib},
		{10000*8*mib + 1, 9 * mib},
		{1 << 40, 105 * mib},
		{1 << 62, 5 << 30},
	} {
		if got := files.PartSizeFor(tc.max); got != tc.want {
			t.Errorf("PartSizeFor(%d) = %d, want %d", tc.max, got, tc.want)
		}
	}
}

// A relay connection that breaks mid-body must end the download with an
// error the client sees (a short body under a full Content-Length), never
// with a silently truncated file.
func TestS3RelayCutMidBody(t *testing.T) {
	rawURL, opts := s3Env(t)
	u, _ := url.Parse(rawURL)
	target := &url.URL{Scheme: "http", Host: u.Query().Get("endpoint")}
	proxy := httputil.NewSingleHostReverseProxy(target)
	var cut atomic.Bool
	var cuts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if cut.Load() && r.Method == "GET" && r.Header.Get("If-Match") != "" && r.Header.Get("Range") != "" {
			// The relay GET: pass headers and 1 MiB, then drop the connection.
			cuts.Add(1)
			rec := httptest.NewRecorder()
			proxy.ServeHTTP(rec, r)
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			w.Write(rec.Body.Bytes()[:1<<20])
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer srv.Close()
	q := u.Query()
	q.Set("endpoint", strings.TrimPrefix(srv.URL, "http://"))
	u.RawQuery = q.Encode()
	s := openS3(t, u.String(), opts)

	data := filestest.Data(15, 3<<20)
	key := files.NewKey()
	if _, err := s.Put(context.Background(), key, strings.NewReader(string(data)), -1, "text/csv"); err != nil {
		t.Fatal(err)
	}
	defer s.Delete(context.Background(), key)
	cut.Store(true)
	resp, err := http.Get(serveHTTP(t, s, key).URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if cuts.Load() != 1 {
		t.Fatalf("%d relay GETs cut, want 1", cuts.Load())
	}
	if err == nil {
		t.Fatalf("download of a cut relay ended without error after %d of %d bytes", len(b), len(data))
	}
	if string(b) != string(data[:len(b)]) {
		t.Fatalf("the %d bytes received are not the file's first bytes", len(b))
	}
}

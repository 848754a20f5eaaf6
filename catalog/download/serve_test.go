package download_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/download"
)

type memFile struct {
	*bytes.Reader
	info catalog.FileInfo
}

func (f *memFile) Info() catalog.FileInfo { return f.info }
func (f *memFile) Close() error           { return nil }

var (
	body    = []byte("name;einwohner\nMünster;316403\nBielefeld;334002\n")
	modTime = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	sumHex  = func() string { h := sha256.Sum256(body); return hex.EncodeToString(h[:]) }()
)

func serve(t *testing.T, method string, hdr map[string]string, opt download.Options) *http.Response {
	t.Helper()
	r := httptest.NewRequest(method, "/dataset/x/resource/y/download/daten.csv", nil)
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	f := &memFile{Reader: bytes.NewReader(body), info: catalog.FileInfo{Size: int64(len(body)), ModTime: modTime}}
	download.Serve(w, r, f, opt)
	return w.Result()
}

func csvOptions() download.Options {
	return download.Options{Filename: "daten.csv", ContentType: "text/csv", SHA256: sumHex, ModTime: modTime}
}

func read(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestServeFullGET(t *testing.T) {
	resp := serve(t, "GET", nil, csvOptions())
	want := map[string]string{
		"Content-Type":           "text/csv",
		"Content-Length":         fmt.Sprint(len(body)),
		"Etag":                   `"` + sumHex + `"`,
		"Last-Modified":          modTime.Format(http.TimeFormat),
		"Content-Disposition":    `inline; filename="daten.csv"`,
		"X-Content-Type-Options": "nosniff",
		"Cache-Control":          "public, no-cache",
		"Accept-Ranges":          "bytes",
	}
	if resp.StatusCode != 200 || read(t, resp) != string(body) {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for k, v := range want {
		if got := resp.Header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "sandbox") {
		t.Errorf("Content-Security-Policy = %q", csp)
	}
}

func TestServeHEAD(t *testing.T) {
	resp := serve(t, "HEAD", nil, csvOptions())
	if resp.StatusCode != 200 || read(t, resp) != "" || resp.Header.Get("Content-Length") != fmt.Sprint(len(body)) {
		t.Fatalf("HEAD: %d, length %q", resp.StatusCode, resp.Header.Get("Content-Length"))
	}
}

func TestServeConditionalAndRanges(t *testing.T) {
	n := len(body)
	etag := `"` + sumHex + `"`
	tests := []struct {
		name         string
		hdr          map[string]string
		status       int
		body         string
		contentRange string
	}{
		{"single range", map[string]string{"Range": "bytes=0-3"}, 206, "name", fmt.Sprintf("bytes 0-3/%d", n)},
		{"open range", map[string]string{"Range": fmt.Sprintf("bytes=%d-", n-3)}, 206, string(body[n-3:]), fmt.Sprintf("bytes %d-%d/%d", n-3, n-1, n)},
		{"suffix range", map[string]string{"Range": "bytes=-7"}, 206, string(body[n-7:]), fmt.Sprintf("bytes %d-%d/%d", n-7, n-1, n)},
		{"range past end", map[string]string{"Range": fmt.Sprintf("bytes=%d-", n+10)}, 416, "", fmt.Sprintf("bytes */%d", n)},
		{"malformed range", map[string]string{"Range": "bytes=9-3"}, 416, "", ""},
		{"too many ranges", map[string]string{"Range": "bytes=" + strings.Repeat("0-0,", 20) + "1-1"}, 200, string(body), ""},
		{"if-none-match hit", map[string]string{"If-None-Match": etag}, 304, "", ""},
		{"if-none-match list", map[string]string{"If-None-Match": `"other", ` + etag}, 304, "", ""},
		{"if-none-match miss", map[string]string{"If-None-Match": `"other"`}, 200, string(body), ""},
		{"if-modified-since same", map[string]string{"If-Modified-Since": modTime.Format(http.TimeFormat)}, 304, "", ""},
		{"if-modified-since older", map[string]string{"If-Modified-Since": modTime.Add(-time.Hour).Format(http.TimeFormat)}, 200, string(body), ""},
		{"if-range match", map[string]string{"Range": "bytes=0-3", "If-Range": etag}, 206, "name", fmt.Sprintf("bytes 0-3/%d", n)},
		{"if-range stale", map[string]string{"Range": "bytes=0-3", "If-Range": `"old"`}, 200, string(body), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := serve(t, "GET", tc.hdr, csvOptions())
			got := read(t, resp)
			if resp.StatusCode != tc.status || (tc.status != 416 && got != tc.body) || resp.Header.Get("Content-Range") != tc.contentRange {
				t.Fatalf("status %d body %q Content-Range %q; want %d %q %q", resp.StatusCode, got, resp.Header.Get("Content-Range"), tc.status, tc.body, tc.contentRange)
			}
		})
	}
}

func TestServeMultiRange(t *testing.T) {
	resp := serve(t, "GET", map[string]string{"Range": "bytes=0-3,5-8"}, csvOptions())
	mt, params, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if resp.StatusCode != 206 || err != nil || mt != "multipart/byteranges" {
		t.Fatalf("status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	mr := multipart.NewReader(resp.Body, params["boundary"])
	for _, want := range []string{"name", "einw"} {
		p, err := mr.NextPart()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		if string(b) != want || p.Header.Get("Content-Type") != "text/csv" {
			t.Fatalf("part %q (%q), want %q", b, p.Header.Get("Content-Type"), want)
		}
	}
	if _, err := mr.NextPart(); err != io.EOF {
		t.Fatalf("extra part: %v", err)
	}
}

func TestServeSafety(t *testing.T) {
	tests := []struct {
		name        string
		opt         download.Options
		contentType string
		disposition string
		etag        bool
		cache       string
	}{
		{"html is attachment", download.Options{Filename: "seite.html", ContentType: "text/html; charset=utf-8"}, "text/html; charset=utf-8", "attachment", false, "public, no-cache"},
		{"svg is attachment", download.Options{Filename: "karte.svg", ContentType: "image/svg+xml"}, "image/svg+xml", "attachment", false, "public, no-cache"},
		{"xhtml is attachment", download.Options{Filename: "x.xhtml", ContentType: "application/xhtml+xml"}, "application/xhtml+xml", "attachment", false, "public, no-cache"},
		{"xml is attachment", download.Options{Filename: "x.xml", ContentType: "application/xml"}, "application/xml", "attachment", false, "public, no-cache"},
		{"js is attachment", download.Options{Filename: "x.js", ContentType: "text/javascript"}, "text/javascript", "attachment", false, "public, no-cache"},
		{"pdf is attachment", download.Options{Filename: "x.pdf", ContentType: "application/pdf"}, "application/pdf", "attachment", false, "public, no-cache"},
		{"png inline", download.Options{Filename: "x.png", ContentType: "image/png"}, "image/png", "inline", false, "public, no-cache"},
		{"forced attachment", download.Options{Filename: "x.csv", ContentType: "text/csv", Attachment: true}, "text/csv", "attachment", false, "public, no-cache"},
		{"garbage type", download.Options{Filename: "x", ContentType: "text/html\r\nX-Evil: 1"}, "application/octet-stream", "attachment", false, "public, no-cache"},
		{"no type", download.Options{Filename: "x"}, "application/octet-stream", "attachment", false, "public, no-cache"},
		{"bad hash no etag", download.Options{Filename: "x.csv", ContentType: "text/csv", SHA256: `abc"` + "\r\n"}, "text/csv", "inline", false, "public, no-cache"},
		{"upper-case hash", download.Options{Filename: "x.csv", ContentType: "text/csv", SHA256: strings.ToUpper(sumHex)}, "text/csv", "inline", true, "public, no-cache"},
		{"private dataset", download.Options{Filename: "x.csv", ContentType: "text/csv", Private: true}, "text/csv", "inline", false, "private, no-cache"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := serve(t, "GET", nil, tc.opt)
			h := resp.Header
			if h.Get("Content-Type") != tc.contentType || !strings.HasPrefix(h.Get("Content-Disposition"), tc.disposition+";") ||
				h.Get("X-Content-Type-Options") != "nosniff" || (h.Get("Etag") != "") != tc.etag || h.Get("Cache-Control") != tc.cache {
				t.Fatalf("headers %v", h)
			}
			if tc.etag && h.Get("Etag") != `"`+sumHex+`"` {
				t.Fatalf("ETag %q", h.Get("Etag"))
			}
			if !strings.HasPrefix(h.Get("Content-Security-Policy"), "sandbox") {
				t.Fatalf("CSP %q", h.Get("Content-Security-Policy"))
			}
		})
	}
}

func TestServeModTimeFallsBackToFile(t *testing.T) {
	resp := serve(t, "GET", nil, download.Options{Filename: "x.csv"})
	if resp.Header.Get("Last-Modified") != modTime.Format(http.TimeFormat) {
		t.Fatalf("Last-Modified %q", resp.Header.Get("Last-Modified"))
	}
}

func FuzzServe(f *testing.F) {
	f.Add("bytes=0-3", "", "x.csv")
	f.Add("bytes=-0", `"x"`, "ä.html")
	f.Add("bytes=0-1,2-3,1-2", "Mon, 02 Jan 2006 15:04:05 GMT", "")
	f.Fuzz(func(t *testing.T, rng, ifRange, name string) {
		r := httptest.NewRequest("GET", "/d", nil)
		r.Header["Range"] = []string{rng}
		r.Header["If-Range"] = []string{ifRange}
		w := httptest.NewRecorder()
		f := &memFile{Reader: bytes.NewReader(body), info: catalog.FileInfo{Size: int64(len(body)), ModTime: modTime}}
		download.Serve(w, r, f, download.Options{Filename: name, ContentType: "text/csv", SHA256: sumHex})
		if c := w.Code; c != 200 && c != 206 && c != 416 {
			t.Fatalf("Range %q: status %d", rng, c)
		}
		if w.Code == 200 && !bytes.Equal(w.Body.Bytes(), body) {
			t.Fatalf("Range %q: 200 with partial body", rng)
		}
	})
}

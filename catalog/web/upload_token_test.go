package web_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/tus"
)

var tusTokenRE = regexp.MustCompile(`data-tus-token="([^"]+)"`)

func newTusEnv(t *testing.T) (*env, *tusEnv) {
	t.Helper()
	te := &tusEnv{threshold: 1 << 20, chunk: 256 << 10, maxUpload: 64 << 20}
	return newEnvWith(t, envOptions{tus: te}), te
}

// uploadToken reads the upload token of the form at path.
func (b *browser) uploadToken(path string) string {
	b.e.t.Helper()
	_, body := b.get(path)
	m := tusTokenRE.FindStringSubmatch(body)
	if m == nil {
		b.e.t.Fatalf("no upload token on %s: %s", path, snippet(body))
	}
	return m[1]
}

// tusRequest sends a tus request with the browser's cookies and the
// given Authorization.
func (b *browser) tusRequest(method, path, auth string, header map[string]string, body []byte) (*http.Response, string) {
	b.e.t.Helper()
	req, _ := http.NewRequest(method, b.e.srv.URL+path, bytes.NewReader(body))
	req.Header.Set("Tus-Resumable", "1.0.0")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return b.do(req)
}

func tusMeta(kv ...string) string {
	var parts []string
	for i := 0; i+1 < len(kv); i += 2 {
		parts = append(parts, kv[i]+" "+base64.StdEncoding.EncodeToString([]byte(kv[i+1])))
	}
	return strings.Join(parts, ",")
}

// retarget rewrites the token's dataset and keeps its signature: a
// forgery the MAC must catch.
func retarget(t *testing.T, tok, datasetID string) string {
	t.Helper()
	rest := strings.TrimPrefix(tok, "dpup1.")
	p, sig, _ := strings.Cut(rest, ".")
	b, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil {
		t.Fatal(err)
	}
	var cl map[string]any
	if err := json.Unmarshal(b, &cl); err != nil {
		t.Fatal(err)
	}
	cl["d"] = datasetID
	b, _ = json.Marshal(cl)
	return "dpup1." + base64.RawURLEncoding.EncodeToString(b) + "." + sig
}

// TestUploadTokenAuth: the portal's upload token opens the tus endpoint
// for its user's session and its dataset only.
func TestUploadTokenAuth(t *testing.T) {
	e, te := newTusEnv(t)
	mine := e.dataset(catalog.Dataset{Name: "baeume", Title: "Bäume",
		Distributions: []catalog.Distribution{{Title: "Liste", AccessURL: "https://musterstadt.example/b.csv", Format: formatCSV}}})
	other := e.dataset(catalog.Dataset{Name: "parks", Title: "Parks",
		Distributions: []catalog.Distribution{{Title: "Liste", AccessURL: "https://musterstadt.example/p.csv", Format: formatCSV}}})
	ed := e.browser()
	ed.login(e.editor)
	tok := "Bearer " + ed.uploadToken("/dataset/baeume/resource/new")
	tokEdit := "Bearer " + ed.uploadToken("/dataset/baeume/resource/"+mine.Distributions[0].ID+"/edit")
	admin := e.browser()
	admin.login(e.admin) // may edit both datasets, but the token is not theirs
	anon := e.browser()
	apiKey, _, err := e.svc.CreateToken(catalog.WithActor(e.ctx, catalog.System), e.editor.Name, "test")
	if err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name   string
		b      *browser
		auth   string
		meta   string
		skew   time.Duration
		status int
		body   string
	}{
		{"valid", ed, tok, tusMeta("package_id", mine.ID, "filename", "a.csv"), 0, http.StatusCreated, ""},
		{"valid, dataset by name", ed, tok, tusMeta("package_id", "baeume", "filename", "a.csv"), 0, http.StatusCreated, ""},
		{"valid, a distribution of the dataset", ed, tokEdit, tusMeta("resource_id", mine.Distributions[0].ID, "filename", "a.csv"), 0, http.StatusCreated, ""},
		{"still valid after 11 h", ed, tok, tusMeta("package_id", mine.ID, "filename", "a.csv"), 11 * time.Hour, http.StatusCreated, ""},
		{"expired", ed, tok, tusMeta("package_id", mine.ID, "filename", "a.csv"), 13 * time.Hour, http.StatusForbidden, "expired"},
		{"other dataset", ed, tok, tusMeta("package_id", other.ID, "filename", "a.csv"), 0, http.StatusForbidden, "another dataset"},
		{"distribution of another dataset", ed, tok, tusMeta("resource_id", other.Distributions[0].ID, "filename", "a.csv"), 0, http.StatusForbidden, "another dataset"},
		{"another user's session", admin, tok, tusMeta("package_id", mine.ID, "filename", "a.csv"), 0, http.StatusForbidden, "invalid"},
		{"without the session cookie", anon, tok, tusMeta("package_id", mine.ID, "filename", "a.csv"), 0, http.StatusForbidden, "invalid"},
		{"tampered dataset", ed, "Bearer " + retarget(t, strings.TrimPrefix(tok, "Bearer "), other.ID), tusMeta("package_id", other.ID, "filename", "a.csv"), 0, http.StatusForbidden, "invalid"},
		{"tampered signature", ed, tok[:len(tok)-3] + "AAA", tusMeta("package_id", mine.ID, "filename", "a.csv"), 0, http.StatusForbidden, "invalid"},
		{"no token, cookie only", ed, "", tusMeta("package_id", mine.ID, "filename", "a.csv"), 0, http.StatusForbidden, "API token"},
		{"API token, unscoped", anon, "Bearer " + apiKey, tusMeta("package_id", other.ID, "filename", "a.csv"), 0, http.StatusCreated, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			te.skew.Store(int64(tc.skew))
			defer te.skew.Store(0)
			resp, body := tc.b.tusRequest(http.MethodPost, tus.BasePath, tc.auth,
				map[string]string{"Upload-Length": "10", "Upload-Metadata": tc.meta}, nil)
			if resp.StatusCode != tc.status || !strings.Contains(body, tc.body) {
				t.Fatalf("status %d %q, want %d with %q", resp.StatusCode, body, tc.status, tc.body)
			}
		})
	}

	// An upload into the other dataset, made with the API key, is out of
	// the token's reach even though the same user owns it.
	resp, _ := anon.tusRequest(http.MethodPost, tus.BasePath, "Bearer "+apiKey,
		map[string]string{"Upload-Length": "10", "Upload-Metadata": tusMeta("package_id", other.ID, "filename", "a.csv")}, nil)
	loc := resp.Header.Get("Location")
	for _, m := range []string{http.MethodHead, http.MethodPatch, http.MethodGet} {
		path := strings.TrimPrefix(loc, e.srv.URL)
		if m == http.MethodGet {
			path += "/resource"
		}
		resp, body := ed.tusRequest(m, path, tok, map[string]string{"Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"}, []byte("0123456789"))
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s of another dataset's upload with the token: %d %s", m, resp.StatusCode, body)
		}
	}
}

// TestUploadTokenCompletes sends a file in two PATCHes with the token and
// finds it attached to the dataset with its size and SHA-256.
func TestUploadTokenCompletes(t *testing.T) {
	e, _ := newTusEnv(t)
	d := e.dataset(catalog.Dataset{Name: "baeume", Title: "Bäume"})
	ed := e.browser()
	ed.login(e.editor)
	tok := "Bearer " + ed.uploadToken("/dataset/baeume/resource/new")
	data := bytes.Repeat([]byte("Linde;1912\n"), 1000)
	resp, body := ed.tusRequest(http.MethodPost, tus.BasePath, tok, map[string]string{
		"Upload-Length": strconv.Itoa(len(data)), "Upload-Metadata": tusMeta("package_id", d.ID, "filename", "bäume.csv", "name", "Bäume (CSV)")}, nil)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	path := strings.TrimPrefix(resp.Header.Get("Location"), e.srv.URL)
	half := len(data) / 2
	for _, part := range [][2]int{{0, half}, {half, len(data)}} {
		resp, body = ed.tusRequest(http.MethodPatch, path, tok, map[string]string{"Upload-Offset": strconv.Itoa(part[0]),
			"Content-Type": "application/offset+octet-stream"}, data[part[0]:part[1]])
		if resp.StatusCode != http.StatusNoContent {
			t.Fatalf("patch at %d: %d %s", part[0], resp.StatusCode, body)
		}
	}
	rid := resp.Header.Get("Datenportal-Resource-Id")
	checkUploaded(t, e, d.ID, rid, data)
}

// checkUploaded finds distribution rid of dataset id holding exactly data.
func checkUploaded(t *testing.T, e *env, id, rid string, data []byte) {
	t.Helper()
	sum := sha256.Sum256(data)
	_, x, f, err := e.svc.OpenFile(e.as(e.editor), id, rid)
	if err != nil || f == nil {
		t.Fatalf("opening %s/%s: %v", id, rid, err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(len(data)) || !bytes.Equal(h.Sum(nil), sum[:]) {
		t.Errorf("stored %d bytes, sha256 %x; want %d, %x", n, h.Sum(nil), len(data), sum)
	}
	if x.ByteSize == nil || *x.ByteSize != int64(len(data)) || x.Checksum != hex.EncodeToString(sum[:]) {
		t.Errorf("record: size %v checksum %q", x.ByteSize, x.Checksum)
	}
}

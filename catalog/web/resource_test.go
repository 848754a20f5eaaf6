package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

type part struct {
	name, fileName, value string
}

func (b *browser) multipart(path string, parts []part, header ...string) (*http.Response, string) {
	b.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		if p.fileName != "" || p.name == "file" {
			fw, _ := mw.CreateFormFile(p.name, p.fileName)
			fw.Write([]byte(p.value))
		} else {
			mw.WriteField(p.name, p.value)
		}
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.e.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return b.do(req)
}

func (e *env) storedFiles() int {
	n := 0
	_ = e.svc.Files.Walk(context.Background(), func(catalog.FileInfo) error { n++; return nil })
	return n
}

func TestResourceUpload(t *testing.T) {
	e := newEnv(t)
	e.dataset(catalog.Dataset{Name: "haushalt", Title: "Haushalt"})
	b := e.browser()
	b.login(e.editor)
	_, body := b.get("/dataset/haushalt/resource/new")
	if !strings.Contains(body, `enctype="multipart/form-data"`) || !strings.Contains(body, `data-upload`) || !strings.Contains(body, "<progress") {
		t.Fatalf("upload form\n%s", snippet(body))
	}
	// The organisation's default licence is preselected.
	if !strings.Contains(body, `value="`+licenseDLBY+`" selected`) {
		t.Errorf("default licence not preselected")
	}
	tok := csrfRE.FindStringSubmatch(body)[1]
	csvData := "Jahr;Betrag\n2025;100\n"
	big := strings.Repeat("x", 1<<20+10)
	tests := []struct {
		name   string
		parts  []part
		header []string
		status int
		want   string
		files  int // files in the store afterwards
	}{
		{"file before token is refused unread", []part{{"file", "a.csv", csvData}, {"csrf_token", "", tok}}, nil, 403, "abgelaufen", 0},
		{"no token", []part{{"title", "", "x"}, {"file", "a.csv", csvData}}, nil, 403, "abgelaufen", 0},
		{"neither file nor link", []part{{"csrf_token", "", tok}, {"title", "", "Leer"}, {"file", "", ""}}, nil, 422, "Bitte wählen Sie eine Datei", 0},
		{"too large", []part{{"csrf_token", "", tok}, {"file", "gross.csv", big}}, nil, 413, "zu groß", 0},
		{"empty file", []part{{"csrf_token", "", tok}, {"file", "leer.csv", ""}}, nil, 422, "Die Datei ist leer", 0},
		{"bad licence", []part{{"csrf_token", "", tok}, {"license", "", "frei"}, {"file", "a.csv", csvData}}, nil, 422, "Unbekannte Lizenz", 0},
		{"upload", []part{{"csrf_token", "", tok}, {"title", "", "Haushalt 2025"}, {"license", "", licenseDLBY}, {"file", "../../etc/Haushalt 2025.csv", csvData}}, nil, 200, "Gespeichert.", 1},
		{"token in header (script upload)", []part{{"file", "b.csv", csvData}}, []string{"X-CSRF-Token", tok}, 200, "Gespeichert.", 2},
		{"link", []part{{"csrf_token", "", tok}, {"url", "", "https://example.org/daten.json"}, {"file", "", ""}}, nil, 200, "Gespeichert.", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := b.multipart("/dataset/haushalt/resource/new", tc.parts, tc.header...)
			if resp.StatusCode != tc.status || !strings.Contains(body, tc.want) {
				t.Fatalf("status %d (want %d), %q missing\n%s", resp.StatusCode, tc.status, tc.want, snippet(body))
			}
			if n := e.storedFiles(); n != tc.files {
				t.Errorf("%d files stored, want %d", n, tc.files)
			}
		})
	}
	d, _ := e.svc.Dataset(e.as(e.editor), "haushalt")
	if len(d.Distributions) != 3 {
		t.Fatalf("%d distributions", len(d.Distributions))
	}
	up := d.Distributions[0]
	if up.FileName != "Haushalt 2025.csv" || up.MediaType != "text/csv" || !strings.HasSuffix(up.Format, "/CSV") || *up.ByteSize != int64(len(csvData)) {
		t.Errorf("uploaded distribution: %+v", up)
	}
	if link := d.Distributions[2]; link.AccessURL != "https://example.org/daten.json" || !strings.HasSuffix(link.Format, "/JSON") {
		t.Errorf("link distribution: %+v", link)
	}

	// Edit: replace the file; the old one is removed after the commit.
	_, body = b.get("/dataset/haushalt/resource/" + up.ID + "/edit")
	if !strings.Contains(body, "Aktuelle Datei: Haushalt 2025.csv") {
		t.Fatalf("edit form\n%s", snippet(body))
	}
	resp, body := b.multipart("/dataset/haushalt/resource/"+up.ID+"/edit", []part{{"csrf_token", "", tok}, {"title", "", "Haushalt neu"},
		{"license", "", licenseDLBY}, {"file", "neu.xlsx", "PK fake"}})
	if resp.StatusCode != 200 {
		t.Fatalf("replace: %d\n%s", resp.StatusCode, snippet(body))
	}
	d, _ = e.svc.Dataset(e.as(e.editor), "haushalt")
	if r := d.Distributions[0]; r.FileName != "neu.xlsx" || r.Title != "Haushalt neu" || !strings.HasSuffix(r.Format, "/XLSX") {
		t.Errorf("after replace: %+v", r)
	}
	if n := e.storedFiles(); n != 2 {
		t.Errorf("%d files after replace, want 2", n)
	}

	// Delete: confirmation page, then POST.
	_, body = b.get("/dataset/haushalt/resource/" + up.ID + "/delete")
	if !strings.Contains(body, "Soll „Haushalt neu“ aus dem Datensatz entfernt werden?") {
		t.Fatalf("confirm page\n%s", snippet(body))
	}
	resp, _ = b.post("/dataset/haushalt/resource/"+up.ID+"/delete", url.Values{"csrf_token": {tok}})
	if resp.StatusCode != 200 {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	if n := e.storedFiles(); n != 1 {
		t.Errorf("%d files after delete, want 1", n)
	}

	// Someone outside the organisation cannot upload.
	o := e.browser()
	o.login(e.reader)
	otok := o.csrf("/dashboard")
	resp, _ = o.multipart("/dataset/haushalt/resource/new", []part{{"csrf_token", "", otok}, {"file", "x.csv", csvData}})
	if resp.StatusCode != http.StatusForbidden || e.storedFiles() != 1 {
		t.Errorf("outsider upload: %d, %d files", resp.StatusCode, e.storedFiles())
	}
}

func TestDatasetDelete(t *testing.T) {
	e := newEnv(t)
	e.dataset(catalog.Dataset{Name: "weg", Title: "Wird gelöscht"})
	b := e.browser()
	b.login(e.editor)
	_, body := b.get("/dataset/weg/delete")
	if !strings.Contains(body, "Soll der Datensatz „Wird gelöscht“ gelöscht werden?") {
		t.Fatalf("confirm\n%s", snippet(body))
	}
	tok := csrfRE.FindStringSubmatch(body)[1]
	if resp, _ := b.get("/dataset/weg/delete?csrf_token=" + tok); resp.StatusCode != 200 {
		t.Fatal("GET must only ask")
	}
	resp, _ := b.post("/dataset/weg/delete", url.Values{"csrf_token": {tok}})
	if resp.StatusCode != 200 {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	if resp, _ := e.browser().get("/dataset/weg"); resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusForbidden {
		t.Errorf("deleted dataset still public: %d", resp.StatusCode)
	}
	if _, body := e.browser().get("/dataset?q=gelöscht"); strings.Contains(body, "Wird gelöscht") {
		t.Error("deleted dataset still in search")
	}
}

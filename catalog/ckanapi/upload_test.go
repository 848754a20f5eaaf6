package ckanapi_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// §E item 12: multipart uploads, downloads and re-uploads.
func TestUpload(t *testing.T) {
	e := newEnv(t)
	pkg := e.create(validPackage("mit-datei"))
	pid := pkg["id"].(string)
	content := "jahr;betrag\n2024;1000\n2025;1200\n"

	r := e.ok(e.multipart("resource_create", e.editorToken,
		part{name: "package_id", value: pid}, part{name: "name", value: "Haushalt"},
		part{name: "upload", value: content, file: "Test File.CSV"}))
	res := r.resultMap()
	rid := res["id"].(string)
	wantURL := e.site + "/dataset/" + pid + "/resource/" + rid + "/download/test-file.csv"
	if res["url_type"] != "upload" || res["url"] != wantURL || res["size"] != float64(len(content)) ||
		res["format"] != "CSV" || res["mimetype"] != "text/csv" || res["name"] != "Haushalt" {
		t.Fatalf("resource = %s", r.Raw)
	}
	if h, _ := res["hash"].(string); len(h) != 64 {
		t.Errorf("hash = %v", res["hash"])
	}
	if res["license"] != "http://dcat-ap.de/def/licenses/dl-by-de/2.0" {
		t.Errorf("the dataset licence was not inherited: %v", res["license"])
	}
	if got := httpGet(t, wantURL); got != content {
		t.Errorf("download = %q", got)
	}

	// A linked resource's download URL redirects to its url.
	linked := e.ok(e.get("package_show", "", url.Values{"id": {pid}})).resultMap()["resources"].([]any)[0].(map[string]any)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	lr, err := client.Get(e.site + "/dataset/" + pid + "/resource/" + linked["id"].(string) + "/download/x")
	if err != nil {
		t.Fatal(err)
	}
	lr.Body.Close()
	if lr.StatusCode != http.StatusFound || lr.Header.Get("Location") != linked["url"] {
		t.Errorf("linked download: %d %s", lr.StatusCode, lr.Header.Get("Location"))
	}

	// ckanapi re-uploads with resource_patch {id, upload}.
	newContent := "jahr;betrag\n2026;1300\n"
	r = e.ok(e.multipart("resource_patch", e.editorToken, part{name: "id", value: rid},
		part{name: "upload", value: newContent, file: "Test File.CSV"}))
	if r.resultMap()["size"] != float64(len(newContent)) || r.resultMap()["name"] != "Haushalt" {
		t.Errorf("after re-upload: %s", r.Raw)
	}
	if got := httpGet(t, wantURL); got != newContent {
		t.Errorf("download after re-upload = %q", got)
	}

	// A file sent before the fields is staged and still lands.
	r = e.ok(e.multipart("resource_create", e.editorToken,
		part{name: "upload", value: "a,b\n1,2\n", file: "zuerst.csv"}, part{name: "package_id", value: pid}))
	if r.resultMap()["url_type"] != "upload" || !strings.HasSuffix(r.resultMap()["url"].(string), "/zuerst.csv") {
		t.Errorf("staged upload: %s", r.Raw)
	}

	// A package_update with the dict as shown keeps the uploaded files.
	show := e.ok(e.get("package_show", "", url.Values{"id": {pid}})).resultMap()
	upd := e.ok(e.post("package_update", e.editorToken, show)).resultMap()
	if stripTimes(upd["resources"]) != stripTimes(show["resources"]) {
		t.Errorf("package_update changed resources:\n%s\n%s", stripTimes(show["resources"]), stripTimes(upd["resources"]))
	}
	if got := httpGet(t, wantURL); got != newContent {
		t.Errorf("download after package_update = %q", got)
	}
}

func TestUploadRefused(t *testing.T) {
	e := newEnv(t)
	pid := e.create(validPackage("ohne-datei"))["id"].(string)
	big := strings.Repeat("x", 70<<10) // the test service allows 64 KiB
	cases := []struct {
		name   string
		token  string
		parts  []part
		status int
		check  func(r *resp) string
	}{
		{"too large", e.editorToken, []part{{name: "package_id", value: pid}, {name: "upload", value: big, file: "gross.csv"}}, 409,
			func(r *resp) string {
				if jsonString(r.errorMap()["upload"]) != `["File upload too large"]` {
					return string(r.Raw)
				}
				return ""
			}},
		{"too large, staged", e.editorToken, []part{{name: "upload", value: big, file: "gross.csv"}, {name: "package_id", value: pid}}, 409, nil},
		{"anonymous", "", []part{{name: "package_id", value: pid}, {name: "upload", value: "a", file: "a.csv"}}, 403, nil},
		{"anonymous, staged", "", []part{{name: "upload", value: "a", file: "a.csv"}, {name: "package_id", value: pid}}, 403, nil},
		{"other organisation", e.otherToken, []part{{name: "package_id", value: pid}, {name: "upload", value: "a", file: "a.csv"}}, 403, nil},
		{"field after a streamed file", e.editorToken, []part{{name: "package_id", value: pid}, {name: "upload", value: "a", file: "a.csv"}, {name: "name", value: "spät"}}, 400,
			func(r *resp) string {
				if s, _ := r.Body.(string); !strings.Contains(s, "name") {
					return string(r.Raw)
				}
				return ""
			}},
		{"file in another field", e.editorToken, []part{{name: "package_id", value: pid}, {name: "datei", value: "a", file: "a.csv"}}, 409, nil},
		{"two files", e.editorToken, []part{{name: "upload", value: "a", file: "a.csv"}, {name: "upload", value: "b", file: "b.csv"}, {name: "package_id", value: pid}}, 409, nil},
		{"file for package_create", e.editorToken, []part{{name: "name", value: "x-upload"}, {name: "upload", value: "a", file: "a.csv"}}, 409, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			action := "resource_create"
			if tc.name == "file for package_create" {
				action = "package_create"
			}
			r := e.multipart(action, tc.token, tc.parts...)
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.Status, tc.status, r.Raw)
			}
			if tc.check != nil {
				if msg := tc.check(r); msg != "" {
					t.Error(msg)
				}
			}
			show := e.ok(e.get("package_show", e.editorToken, url.Values{"id": {pid}})).resultMap()
			if n := show["num_resources"]; n != float64(1) {
				t.Errorf("a refused upload changed the dataset: %v resources", n)
			}
			if n := e.fileCount(); n != 0 {
				t.Errorf("a refused upload left %d files", n)
			}
		})
	}
}

func httpGet(t *testing.T, u string) string {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	io.Copy(&b, res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", u, res.StatusCode, b.String())
	}
	return b.String()
}

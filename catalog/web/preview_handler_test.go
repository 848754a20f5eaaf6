package web_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/datenportal/datenportal/catalog"
)

func TestPreviewPage(t *testing.T) {
	e := newEnv(t)
	d := e.dataset(catalog.Dataset{Name: "baeume", Title: "Bäume"})
	csvBytes, err := os.ReadFile("testdata/baeume-win1252-semikolon.csv")
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Spalte A", "Spalte B"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"<b>fett</b>", 42})
	f.NewSheet("Blatt 2")
	f.SetSheetRow("Blatt 2", "A1", &[]any{"Nur hier"})
	var xbuf bytes.Buffer
	if err := f.Write(&xbuf); err != nil {
		t.Fatal(err)
	}
	add := func(name, ctype string, b []byte) *catalog.Distribution {
		_, r, err := e.svc.AddDistribution(e.as(e.editor), d.ID, catalog.Distribution{Title: name},
			&catalog.Upload{Reader: bytes.NewReader(b), FileName: name, Size: int64(len(b)), ContentType: ctype})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	csvDist := add("baeume.csv", "text/csv", csvBytes)
	xlsxDist := add("tabelle.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xbuf.Bytes())
	_, link, err := e.svc.AddDistribution(e.as(e.editor), d.ID, catalog.Distribution{Title: "Link", AccessURL: "https://example.org/x.csv", Format: formatCSV}, nil)
	if err != nil {
		t.Fatal(err)
	}
	base := "/dataset/baeume/resource/"
	tests := []struct {
		name, path string
		status     int
		want, not  []string
	}{
		{"dataset page links previews", "/dataset/baeume", 200, []string{base + csvDist.ID + "/preview", base + xlsxDist.ID + "/preview"}, []string{base + link.ID + "/preview"}},
		{"csv", base + csvDist.ID + "/preview", 200, []string{"Königstraße", "Stammumfang (cm)", "gesund; gepflegt", "Windows-1252", `<th scope="col">Straße</th>`, `role="region"`}, nil},
		{"xlsx", base + xlsxDist.ID + "/preview", 200, []string{"Spalte A", "&lt;b&gt;fett&lt;/b&gt;", "Blatt 2"}, []string{"<b>fett</b>", "Nur hier"}},
		{"xlsx sheet", base + xlsxDist.ID + "/preview?sheet=Blatt+2", 200, []string{"Nur hier"}, []string{"Spalte A"}},
		{"link", base + link.ID + "/preview", 200, []string{"Für verlinkte Dateien gibt es keine Vorschau"}, nil},
		{"wrong dataset", "/dataset/anderer/resource/" + csvDist.ID + "/preview", 404, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := e.browser().get(tc.path)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, tc.status, snippet(body))
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("missing %q\n%s", w, snippet(body))
				}
			}
			for _, n := range tc.not {
				if strings.Contains(body, n) {
					t.Errorf("unexpected %q", n)
				}
			}
		})
	}
}

package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/datenportal/datenportal/catalog"
)

var planRE = regexp.MustCompile(`name="plan" value="([^"]+)"`)

// uploadList posts a workbook to the import form.
func (b *browser) uploadList(org string, book []byte, fileName string) (*http.Response, string) {
	b.e.t.Helper()
	tok := b.csrf("/organization/" + org + "/import")
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf_token", tok)
	fw, _ := mw.CreateFormFile("file", fileName)
	fw.Write(book)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.e.srv.URL+"/organization/"+org+"/import", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

func openBook(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	return f
}

func bookBytes(t *testing.T, f *excelize.File) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestExcelTemplate(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(e.editor)
	resp, body := b.get("/organization/musterstadt/xlsx-template")
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "musterstadt-vorlage.xlsx") {
		t.Fatalf("template: %d %v", resp.StatusCode, resp.Header)
	}
	f := openBook(t, []byte(body))
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "Datensätze,Listen,Erläuterungen" {
		t.Errorf("sheets %s", got)
	}
	head, _ := f.GetRows("Datensätze")
	if len(head) != 1 || head[0][1] != "Titel" || head[0][2] != "Beschreibung" {
		t.Errorf("header %q", head)
	}
	dvs, err := f.GetDataValidations("Datensätze")
	if err != nil || len(dvs) < 5 {
		t.Fatalf("data validations: %d %v", len(dvs), err)
	}
	lists := map[string]bool{}
	for _, dv := range dvs {
		lists[dv.Formula1] = true
	}
	for _, want := range []string{"$A$2", "$B$2", "$C$2"} { // licences, themes, frequencies
		found := false
		for l := range lists {
			if strings.Contains(l, want) && strings.Contains(l, "Listen") {
				found = true
			}
		}
		if !found {
			t.Errorf("no drop-down from Listen!%s: %v", want, lists)
		}
	}
	docs, _ := f.GetRows("Erläuterungen")
	if len(docs) < len(head[0]) || !strings.Contains(strings.Join(docs[2], " "), "Pflichtfeld") {
		t.Errorf("docs sheet: %q", docs)
	}
	// Anonymous visitors get no template, and only public data in exports.
	if resp, _ := e.browser().get("/organization/musterstadt/xlsx-template"); resp.Request.URL.Path != "/login" {
		t.Errorf("anonymous template: %s", resp.Request.URL)
	}
}

func TestExcelImport(t *testing.T) {
	e := newEnv(t)
	existing := e.dataset(catalog.Dataset{Name: "baumkataster", Title: "Baumkataster", Keywords: []string{"Bäume"},
		Distributions: []catalog.Distribution{{AccessURL: "https://musterstadt.example/baeume.csv", Format: formatCSV, License: licenseDLBY}}})
	if _, _, err := e.svc.CreateDataset(catalog.WithActor(t.Context(), catalog.System), &catalog.Dataset{Name: "fremd",
		Title: "Fremder Datensatz", OrganizationID: e.other.ID, Description: "x"}); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.login(e.editor)
	_, tmpl := b.get("/organization/musterstadt/xlsx-template")
	f := openBook(t, []byte(tmpl))
	rows := [][]any{
		{"", "Spielplätze", "Alle Spielplätze.", "Kinder; Freizeit", "Bevölkerung und Gesellschaft", "", "jährlich", 45717, "", "2020", "", "Jugendamt", "jugend@musterstadt.example", "", "Kommune", "5315000", "https://musterstadt.example/spielplaetze.geojson", "", "nein", ""},
		{}, // blank row
		{"baumkataster", "Baumkataster der Stadt", "Alle Straßenbäume.", "Bäume; Stadtgrün", "Umwelt", "Creative Commons Namensnennung – 4.0 International (CC BY 4.0)", "", "01.03.2025"},
		{"", "Ohne Beschreibung", "", "", "Quatsch-Kategorie"},
		{"fremd", "Übernahme", "Versuch."},
		{"", "Entwurf ohne Beschreibung", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "ja"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		f.SetSheetRow("Datensätze", cell, &r)
	}
	book := bookBytes(t, f)
	f.Close()

	resp, body := b.uploadList("musterstadt", book, "liste.xlsx")
	if resp.StatusCode != 200 {
		t.Fatalf("preview: %d\n%s", resp.StatusCode, snippet(body))
	}
	for _, want := range []string{"Neu: 2 · Geändert: 1 · Unverändert: 0 · Mit Fehlern (werden übersprungen): 2",
		"spielplaetze", "wird angelegt", "wird geändert", "<del>Baumkataster</del> → Baumkataster der Stadt",
		"Unbekannte Kategorie „Quatsch-Kategorie“", "gehört zu einem Datensatz einer anderen Organisation", "Zeile"} {
		if !strings.Contains(body, want) {
			t.Errorf("preview misses %q", want)
		}
	}
	// Nothing was written by the preview.
	if d, _ := e.svc.Dataset(e.as(e.editor), "baumkataster"); d.Title != "Baumkataster" {
		t.Fatal("the preview changed a dataset")
	}
	plan := planRE.FindStringSubmatch(body)
	if plan == nil {
		t.Fatal("no plan")
	}
	tok := csrfRE.FindStringSubmatch(body)[1]

	// A changed plan is refused, and so is one posted from another session.
	tampered := plan[1][:len(plan[1])-3] + "AAA"
	if resp, _ := b.post("/organization/musterstadt/import/apply", url.Values{"csrf_token": {tok}, "plan": {tampered}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("tampered plan: %d", resp.StatusCode)
	}
	other := e.browser()
	other.login(e.editor)
	otok := other.csrf("/dashboard")
	if resp, _ := other.post("/organization/musterstadt/import/apply", url.Values{"csrf_token": {otok}, "plan": {plan[1]}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("plan from another session: %d", resp.StatusCode)
	}

	resp, body = b.post("/organization/musterstadt/import/apply", url.Values{"csrf_token": {tok}, "plan": {plan[1]}})
	if resp.StatusCode != 200 || !strings.Contains(body, "Angelegt: 2 · Aktualisiert: 1 · Unverändert: 0 · Fehlgeschlagen: 2") {
		t.Fatalf("apply: %d\n%s", resp.StatusCode, snippet(body))
	}
	sp, err := e.svc.Dataset(e.as(e.editor), "spielplaetze")
	if err != nil {
		t.Fatal(err)
	}
	if sp.Issued.String() != "2025-03-01" || sp.Temporal[0].Start.String() != "2020" || sp.PoliticalGeocodingURIs[0] != "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05315000" ||
		len(sp.Distributions) != 1 || !strings.HasSuffix(sp.Distributions[0].Format, "/GEOJSON") || sp.Distributions[0].License != licenseDLBY ||
		sp.ContactPoint.Email != "jugend@musterstadt.example" || len(sp.Themes) != 1 {
		t.Errorf("created: %+v", sp)
	}
	if d, _ := e.svc.Dataset(e.as(e.editor), "entwurf-ohne-beschreibung"); d == nil || d.State != catalog.StateDraft {
		t.Errorf("draft row: %+v", d)
	}
	bk, _ := e.svc.Dataset(e.as(e.editor), existing.ID)
	if bk.Title != "Baumkataster der Stadt" || bk.Issued.String() != "2025-03-01" || len(bk.Distributions) != 1 ||
		bk.Distributions[0].License != "http://dcat-ap.de/def/licenses/cc-by/4.0" || len(bk.Keywords) != 2 {
		t.Errorf("updated: %+v", bk)
	}
	if d, _ := e.svc.Dataset(e.as(e.admin), "fremd"); d != nil && d.Title != "Fremder Datensatz" {
		t.Error("another organisation's dataset was changed")
	}

	// Round trip: the export, uploaded unchanged, changes nothing, even for
	// a dataset with an uploaded file and differing licences.
	if _, _, err := e.svc.AddDistribution(e.as(e.editor), existing.ID, catalog.Distribution{License: "http://dcat-ap.de/def/licenses/dl-zero-de/2.0"},
		&catalog.Upload{Reader: strings.NewReader("a;b\n"), FileName: "b.csv", Size: 4, ContentType: "text/csv"}); err != nil {
		t.Fatal(err)
	}
	resp, exp := b.get("/organization/musterstadt/export.xlsx")
	if resp.StatusCode != 200 {
		t.Fatalf("export: %d", resp.StatusCode)
	}
	ef := openBook(t, []byte(exp))
	exported, _ := ef.GetRows("Datensätze")
	ef.Close()
	if !strings.Contains(strings.Join(exported[1], "|")+strings.Join(exported[2], "|"), "https://musterstadt.example/baeume.csv") {
		t.Errorf("export lacks the link: %q", exported)
	}
	_, body = b.uploadList("musterstadt", []byte(exp), "export.xlsx")
	if !strings.Contains(body, "Neu: 0 · Geändert: 0 · Unverändert: 3 · Mit Fehlern (werden übersprungen): 0") {
		t.Errorf("re-import of the export is not a no-op\n%s", snippet(body))
	}
}

func TestExcelImportRejects(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(e.editor)
	tests := []struct {
		name   string
		book   []byte
		file   string
		status int
		want   string
	}{
		{"csv", []byte("Titel;Beschreibung\n"), "liste.csv", 422, "im Format .xlsx"},
		{"broken", []byte("PK\x03\x04kaputt"), "liste.xlsx", 422, "keine lesbare Excel-Arbeitsmappe"},
		{"no header", func() []byte {
			f := excelize.NewFile()
			f.SetCellValue("Sheet1", "A1", "irgendwas")
			return bookBytes(t, f)
		}(), "liste.xlsx", 422, "keine Kopfzeile"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := b.uploadList("musterstadt", tc.book, tc.file)
			if resp.StatusCode != tc.status || !strings.Contains(body, tc.want) {
				t.Fatalf("%d, %q missing\n%s", resp.StatusCode, tc.want, snippet(body))
			}
		})
	}
	// Someone who is not an editor of the organisation cannot import.
	o := e.browser()
	o.login(e.reader)
	if resp, _ := o.get("/organization/musterstadt/import"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("reader import page: %d", resp.StatusCode)
	}
}

func TestExcelExportVisibility(t *testing.T) {
	e := newEnv(t)
	e.dataset(catalog.Dataset{Name: "offen", Title: "Offen"})
	e.dataset(catalog.Dataset{Name: "intern", Title: "Intern", Private: true})
	for _, tc := range []struct {
		name string
		user *catalog.User
		want int
	}{{"anonymous", nil, 1}, {"editor", e.editor, 2}} {
		t.Run(tc.name, func(t *testing.T) {
			b := e.browser()
			if tc.user != nil {
				b.login(tc.user)
			}
			_, body := b.get("/organization/musterstadt/export.xlsx")
			f := openBook(t, []byte(body))
			defer f.Close()
			rows, _ := f.GetRows("Datensätze")
			if len(rows)-1 != tc.want {
				t.Errorf("%d rows, want %d", len(rows)-1, tc.want)
			}
		})
	}
}

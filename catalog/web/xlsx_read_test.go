package web

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

var testImportLimits = importLimits{MaxBytes: 10 << 20, MaxRows: 50, MaxCols: 100, MaxCellRunes: 32767, UnzipSize: 64 << 20, UnzipXML: 4 << 20}

// messyList is what a town hall's hand-kept list looks like: a title line,
// a blank row, a group header merged over two columns, a header merged
// over two rows, spelling variants, an unknown column, blank rows between
// the data, Excel dates and German text dates.
func messyList(t testing.TB) []byte {
	return workbook(t, func(f *excelize.File) {
		s := "Tabelle1"
		f.SetSheetName("Sheet1", s)
		f.SetCellValue(s, "A1", "Metadatenliste Stadt Musterstadt, Stand März 2025")
		f.MergeCell(s, "A1", "H1")
		// Row 2 blank. Rows 3–4: two-line header.
		f.SetSheetRow(s, "A3", &[]any{" BEZEICHNUNG ", "Beschreibung\n(Pflicht)", "Schlagworte", "Veröffentlichungsdatum", "Kontakt", "", "Bemerkung", "Lizenz"})
		f.MergeCell(s, "E3", "F3")
		f.MergeCell(s, "A3", "A4")
		f.SetSheetRow(s, "B4", &[]any{"", "", "", "Name", "E-Mail"})
		f.SetSheetRow(s, "A5", &[]any{"Baumkataster", "Alle Straßenbäume.", "Bäume, Umwelt", 45717, "Grünflächenamt", "gruen@musterstadt.example", "intern prüfen", "dl-de/by-2-0"})
		// Row 6 blank, row 7 only a note in an unknown column.
		f.SetCellValue(s, "G7", "nur eine Notiz")
		f.SetSheetRow(s, "A8", &[]any{"Haushaltsplan", "Der Haushalt.", "", "01.03.2025", "", "", "", ""})
		f.SetSheetRow(s, "A9", &[]any{"Wahlergebnisse", "Ergebnisse.", "", "2024"})
	})
}

func TestReadImportSheet(t *testing.T) {
	s, err := readImportSheet(bytes.NewReader(messyList(t)), testImportLimits)
	if err != nil {
		t.Fatal(err)
	}
	if s.HeaderLine != 4 {
		t.Errorf("header line %d, want 4", s.HeaderLine)
	}
	wantKeys := "title description keywords issued contact_name contact_email license"
	if got := strings.Join(s.Keys, " "); got != wantKeys {
		t.Errorf("keys %q, want %q", got, wantKeys)
	}
	if strings.Join(s.Unknown, "|") != "Bemerkung" {
		t.Errorf("unknown %q", s.Unknown)
	}
	if len(s.Rows) != 3 {
		t.Fatalf("%d rows: %+v", len(s.Rows), s.Rows)
	}
	tests := []struct {
		row       int
		line      int
		key, want string
	}{
		{0, 5, "title", "Baumkataster"},
		{0, 5, "issued", "45717"},
		{0, 5, "contact_email", "gruen@musterstadt.example"},
		{1, 8, "issued", "01.03.2025"},
		{2, 9, "issued", "2024"},
	}
	for _, tc := range tests {
		r := s.Rows[tc.row]
		if r.Line != tc.line || r.Cells[tc.key] != tc.want {
			t.Errorf("row %d: line %d %s=%q, want line %d %q", tc.row, r.Line, tc.key, r.Cells[tc.key], tc.line, tc.want)
		}
	}
}

func TestMatchHeader(t *testing.T) {
	tests := map[string]string{
		"Titel": "title", "TITEL (Pflichtfeld)": "title", "Bezeichnung": "title", "Beschreibung*": "description",
		"Schlag-Wörter": "keywords", "Stichworte": "keywords", "Kategorie": "themes", "Thema": "themes",
		"Veröffentlicht am": "issued", "Änderungsdatum": "modified", "Stand": "modified", "E-Mail": "contact_email",
		"Kontakt: E-Mail": "contact_email", "E-Mail Kontakt": "contact_email", "Ansprechpartner": "contact_name",
		"Lizenz": "license", "Nutzungsbedingungen": "license", "Download-URL": "url", "Link": "url", "AGS": "geo_uri",
		"Aktualisierungsintervall": "frequency", "Privat": "private", "Name (URL)": "name", "Bemerkung": "",
	}
	for h, want := range tests {
		got := ""
		if c := matchHeader(h); c != nil {
			got = c.Key
		}
		if got != want {
			t.Errorf("matchHeader(%q) = %q, want %q", h, got, want)
		}
	}
}

func TestParseCellDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"45717", "2025-03-01"}, {"45717.5", "2025-03-01T12:00:00Z"}, {"01.03.2025", "2025-03-01"},
		{"2025-03-01", "2025-03-01"}, {"2024", "2024"}, {"03/2025", "2025-03"}, {"1.3.2025", "2025-03-01"},
	}
	for _, tc := range tests {
		d, e := parseCellDate(tc.in)
		if e != nil || d.String() != tc.want {
			t.Errorf("parseCellDate(%q) = %v %v, want %s", tc.in, d, e, tc.want)
		}
	}
	for _, bad := range []string{"gestern", "32.13.2025", "-5"} {
		if _, e := parseCellDate(bad); e == nil {
			t.Errorf("parseCellDate(%q) accepted", bad)
		}
	}
}

func TestReadImportSheetRejects(t *testing.T) {
	noHeader := workbook(t, func(f *excelize.File) {
		f.SetSheetRow("Sheet1", "A1", &[]any{"Spalte 1", "Spalte 2"})
		f.SetSheetRow("Sheet1", "A2", &[]any{"a", "b"})
	})
	many := workbook(t, func(f *excelize.File) {
		f.SetSheetRow("Sheet1", "A1", &[]any{"Titel", "Beschreibung"})
		for i := 2; i <= 60; i++ {
			cell, _ := excelize.CoordinatesToCellName(1, i)
			f.SetSheetRow("Sheet1", cell, &[]any{"T", "B"})
		}
	})
	// A sheet that unpacks to far more than the limit: ~12 MiB of XML
	// from a small file.
	bomb := workbook(t, func(f *excelize.File) {
		sw, _ := f.NewStreamWriter("Sheet1")
		sw.SetRow("A1", []any{"Titel", "Beschreibung"})
		row := []any{strings.Repeat("A", 2000), strings.Repeat("B", 2000)}
		for i := 2; i < 3000; i++ {
			cell, _ := excelize.CoordinatesToCellName(1, i)
			sw.SetRow(cell, row)
		}
		sw.Flush()
	})
	small := testImportLimits
	small.UnzipSize, small.UnzipXML = 4<<20, 1<<20
	if len(bomb) > 1<<20 {
		t.Fatalf("bomb is %d bytes, not small", len(bomb))
	}
	tests := []struct {
		name string
		in   []byte
		lim  importLimits
		want string
	}{
		{"no header", noHeader, testImportLimits, "keine Kopfzeile"},
		{"too many rows", many, testImportLimits, "mehr als 50"},
		{"zip bomb", bomb, small, "zu groß"},
		{"file too large", noHeader, importLimits{MaxBytes: 100, MaxRows: 5, MaxCols: 5, MaxCellRunes: 5, UnzipSize: 1 << 20, UnzipXML: 1 << 20}, "zu groß"},
		{"not xlsx", []byte("Titel;Beschreibung\n"), testImportLimits, "keine lesbare Excel"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readImportSheet(bytes.NewReader(tc.in), tc.lim)
			var pe *previewError
			if !errors.As(err, &pe) || !strings.Contains(pe.DE, tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func FuzzReadImportSheet(f *testing.F) {
	f.Add(messyList(f))
	f.Add(workbook(f, func(x *excelize.File) { x.SetSheetRow("Sheet1", "A1", &[]any{"Titel", "Beschreibung"}) }))
	f.Add([]byte("PK\x03\x04"))
	lim := testImportLimits
	lim.UnzipSize, lim.UnzipXML = 1<<20, 256<<10
	f.Fuzz(func(t *testing.T, b []byte) {
		start := time.Now()
		s, err := readImportSheet(bytes.NewReader(b), lim)
		if err == nil && len(s.Rows) > lim.MaxRows {
			t.Fatalf("%d rows", len(s.Rows))
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("took %v", time.Since(start))
		}
	})
}

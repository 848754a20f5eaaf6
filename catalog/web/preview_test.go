package web

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func TestCSVPreviewFixtures(t *testing.T) {
	tests := []struct {
		file      string
		encoding  string
		delimiter string
		header    []string
		rows      int
		cell      [3]string // row, col (as text), want
	}{
		{"baeume-win1252-semikolon.csv", "Windows-1252", ";",
			[]string{"Straße", "Hausnummer", "Baumart", "Stammumfang (cm)", "Bemerkung"}, 4,
			[3]string{"0", "4", "gesund; gepflegt"}},
		{"kitas-utf8-bom-komma.csv", "UTF-8 (BOM)", ",",
			[]string{"Kita", "Träger", "Plätze", "Ortsteil"}, 3,
			[3]string{"1", "0", `Kita "Regenbogen", Haus 2`}},
		{"einwohner-tab.tsv", "UTF-8", "Tab",
			[]string{"Jahr", "Einwohner", "Anteil Ü65", "Gemeinde"}, 3,
			[3]string{"2", "2", "22,4"}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			f, err := os.Open("testdata/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			tb, err := readCSVPreview(f, defaultPreviewLimits)
			if err != nil {
				t.Fatal(err)
			}
			if tb.Encoding != tc.encoding || tb.Delimiter != tc.delimiter {
				t.Errorf("encoding %q delimiter %q, want %q %q", tb.Encoding, tb.Delimiter, tc.encoding, tc.delimiter)
			}
			if strings.Join(tb.Header, "|") != strings.Join(tc.header, "|") {
				t.Errorf("header %q, want %q", tb.Header, tc.header)
			}
			if len(tb.Rows) != tc.rows {
				t.Fatalf("%d rows, want %d", len(tb.Rows), tc.rows)
			}
			r, c := int(tc.cell[0][0]-'0'), int(tc.cell[1][0]-'0')
			if got := tb.Rows[r][c]; got != tc.cell[2] {
				t.Errorf("cell %d,%d = %q, want %q", r, c, got, tc.cell[2])
			}
		})
	}
}

func TestCSVPreviewCases(t *testing.T) {
	win := func(s string) []byte { b, _ := charmap.Windows1252.NewEncoder().Bytes([]byte(s)); return b }
	utf16 := func(s string) []byte {
		b, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
		return b
	}
	small := defaultPreviewLimits
	small.Rows, small.Cols, small.CellRunes, small.CSVBytes = 2, 2, 5, 64
	tests := []struct {
		name   string
		in     []byte
		lim    previewLimits
		enc    string
		delim  string
		header string
		rows   []string
		more   bool
	}{
		{"iso-8859-1 umlauts", win("Ort;Größe\nMünchen;1,5\n"), defaultPreviewLimits, "Windows-1252", ";", "Ort|Größe", []string{"München|1,5"}, false},
		{"utf-16 with BOM", utf16("a\tb\r\nä\tö\r\n"), defaultPreviewLimits, "UTF-16LE", "Tab", "a|b", []string{"ä|ö"}, false},
		{"pipe", []byte("a|b|c\n1|2|3\n"), defaultPreviewLimits, "UTF-8", "|", "a|b|c", []string{"1|2|3"}, false},
		{"quoted delimiters do not count", []byte("\"x;y\",b\n\"1;2\",3\n"), defaultPreviewLimits, "UTF-8", ",", "x;y|b", []string{"1;2|3"}, false},
		{"blank lines skipped", []byte("a;b\n\n;\n1;2\n"), defaultPreviewLimits, "UTF-8", ";", "a|b", []string{"1|2"}, false},
		{"ragged rows", []byte("a;b;c\n1\n1;2;3;4\n"), defaultPreviewLimits, "UTF-8", ";", "a|b|c", []string{"1", "1|2|3|4"}, false},
		{"limits", []byte("aaaaaaaa,b,c\n1,2,3\n4,5,6\n7,8,9\n"), small, "UTF-8", ",", "aaaaa…|b", []string{"1|2", "4|5"}, true},
		{"cut in a multibyte char", append(bytes.Repeat([]byte("ä;ö\n"), 12), 0xC3), small, "UTF-8", ";", "ä|ö", []string{"ä|ö", "ä|ö"}, true},
		{"single column", []byte("Name\nAnna\n"), defaultPreviewLimits, "UTF-8", ",", "Name", []string{"Anna"}, false},
		{"empty", nil, defaultPreviewLimits, "UTF-8", ",", "", nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tb, err := readCSVPreview(bytes.NewReader(tc.in), tc.lim)
			if err != nil {
				t.Fatal(err)
			}
			if tb.Encoding != tc.enc || tb.Delimiter != tc.delim {
				t.Errorf("encoding %q delimiter %q, want %q %q", tb.Encoding, tb.Delimiter, tc.enc, tc.delim)
			}
			if got := strings.Join(tb.Header, "|"); got != tc.header {
				t.Errorf("header %q, want %q", got, tc.header)
			}
			var rows []string
			for _, r := range tb.Rows {
				rows = append(rows, strings.Join(r, "|"))
			}
			if strings.Join(rows, "\n") != strings.Join(tc.rows, "\n") {
				t.Errorf("rows %q, want %q", rows, tc.rows)
			}
			if tb.MoreRows != tc.more {
				t.Errorf("MoreRows %v, want %v", tb.MoreRows, tc.more)
			}
		})
	}
}

func TestSniffDelimiter(t *testing.T) {
	tests := []struct {
		in   string
		want rune
	}{
		{"a;b;c\n1;2;3\n", ';'},
		{"a,b,c\n1,2,3\n", ','},
		{"a\tb\tc\n1,5\t2,5\t3,5\n", '\t'},
		{"Name;Wert\nA;1,5\nB;2,75\n", ';'},
		{"A;1,5\nB;2,5\n", ';'}, // tie: German files prefer ';'
		{"a|b\n1|2\n", '|'},
		{"", ','},
		{"\"a,b\";c\n\"d,e\";f\n", ';'},
	}
	for _, tc := range tests {
		if got := sniffDelimiter(tc.in); got != tc.want {
			t.Errorf("sniffDelimiter(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzCSVPreview(f *testing.F) {
	for _, name := range []string{"baeume-win1252-semikolon.csv", "kitas-utf8-bom-komma.csv", "einwohner-tab.tsv"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{0xFF, 0xFE, 0x00})
	f.Add([]byte("\"unterminated;quote\n1;2"))
	lim := defaultPreviewLimits
	lim.CSVBytes = 4096
	f.Fuzz(func(t *testing.T, b []byte) {
		tb, err := readCSVPreview(bytes.NewReader(b), lim)
		if err != nil {
			t.Fatal(err)
		}
		if len(tb.Rows) > lim.Rows || tb.Cols > lim.Cols {
			t.Fatalf("limits exceeded: %d rows, %d cols", len(tb.Rows), tb.Cols)
		}
		for _, r := range append([][]string{tb.Header}, tb.Rows...) {
			for _, c := range r {
				if !utf8Valid(c) {
					t.Fatalf("invalid UTF-8 cell %q", c)
				}
			}
		}
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "") == s }

// workbook builds an XLSX file in memory.
func workbook(t testing.TB, build func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	build(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestXLSXPreview(t *testing.T) {
	book := workbook(t, func(f *excelize.File) {
		f.SetSheetRow("Sheet1", "A1", &[]any{"Bezirk", "Einwohner", "Stand"})
		f.SetSheetRow("Sheet1", "A2", &[]any{"Nord", 1200, "2024"})
		// Row 3 blank, then more data.
		f.SetSheetRow("Sheet1", "A4", &[]any{"Süd", 3400.5, "<script>"})
		f.NewSheet("Zweites Blatt")
		f.SetSheetRow("Zweites Blatt", "B2", &[]any{"x", "y"})
	})
	big := workbook(t, func(f *excelize.File) {
		sw, _ := f.NewStreamWriter("Sheet1")
		row := make([]any, 20)
		for i := range row {
			row[i] = strings.Repeat("Füllwert ", 8)
		}
		for r := 1; r <= 3000; r++ {
			cell, _ := excelize.CoordinatesToCellName(1, r)
			sw.SetRow(cell, row)
		}
		sw.Flush()
	})
	tiny := defaultPreviewLimits
	tiny.UnzipSize, tiny.UnzipXML = 1<<20, 256<<10
	tests := []struct {
		name   string
		in     []byte
		sheet  string
		lim    previewLimits
		header string
		rows   []string
		sheets int
		err    error
	}{
		{"first sheet, blank row skipped", book, "", defaultPreviewLimits, "Bezirk|Einwohner|Stand", []string{"Nord|1200|2024", "Süd|3400.5|<script>"}, 2, nil},
		{"sheet by name", book, "Zweites Blatt", defaultPreviewLimits, "|x|y", nil, 2, nil},
		{"unknown sheet falls back", book, "Gibt es nicht", defaultPreviewLimits, "Bezirk|Einwohner|Stand", nil, 2, nil},
		{"big sheet streams within limits", big, "", defaultPreviewLimits, "", nil, 1, nil},
		{"unzip limit rejects", big, "", tiny, "", nil, 0, errXLSXTooLarge},
		{"not a workbook", []byte("PK\x03\x04 kaputt"), "", defaultPreviewLimits, "", nil, 0, errXLSXInvalid},
		{"csv disguised", []byte("a;b\n1;2\n"), "", defaultPreviewLimits, "", nil, 0, errXLSXInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tb, err := readXLSXPreview(bytes.NewReader(tc.in), tc.sheet, tc.lim)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("error %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(tb.Sheets) != tc.sheets {
				t.Errorf("sheets %q", tb.Sheets)
			}
			if tc.header != "" && strings.Join(tb.Header, "|") != tc.header {
				t.Errorf("header %q, want %q", tb.Header, tc.header)
			}
			if tc.rows != nil {
				var rows []string
				for _, r := range tb.Rows {
					rows = append(rows, strings.Join(r, "|"))
				}
				if strings.Join(rows, "\n") != strings.Join(tc.rows, "\n") {
					t.Errorf("rows %q, want %q", rows, tc.rows)
				}
			}
			if tc.name == "big sheet streams within limits" && (len(tb.Rows) != tc.lim.Rows || !tb.MoreRows || tb.Cols != 20) {
				t.Errorf("big sheet: %d rows, more %v, %d cols", len(tb.Rows), tb.MoreRows, tb.Cols)
			}
		})
	}
}

func TestXLSXPreviewTooLargeFile(t *testing.T) {
	lim := defaultPreviewLimits
	lim.XLSXBytes = 100
	_, err := readXLSXPreview(bytes.NewReader(make([]byte, 101)), "", lim)
	if !errors.Is(err, errXLSXTooLarge) {
		t.Fatalf("error %v", err)
	}
}

func FuzzXLSXPreview(f *testing.F) {
	f.Add(workbook(f, func(x *excelize.File) {
		x.SetSheetRow("Sheet1", "A1", &[]any{"a", "b"})
		x.SetSheetRow("Sheet1", "A3", &[]any{1, "ü"})
		x.NewSheet("Zwei")
	}), "Zwei")
	f.Add([]byte("PK\x03\x04"), "")
	lim := defaultPreviewLimits
	lim.UnzipSize, lim.UnzipXML = 1<<20, 256<<10
	f.Fuzz(func(t *testing.T, b []byte, sheet string) {
		tb, err := readXLSXPreview(bytes.NewReader(b), sheet, lim)
		if err == nil && (len(tb.Rows) > lim.Rows || tb.Cols > lim.Cols) {
			t.Fatalf("limits exceeded: %d rows, %d cols", len(tb.Rows), tb.Cols)
		}
	})
}

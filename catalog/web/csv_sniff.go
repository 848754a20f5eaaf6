package web

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// table is the first rows of a tabular file, ready for an HTML table.
type table struct {
	Header    []string
	Rows      [][]string
	Cols      int  // columns shown
	MoreRows  bool // the file has more rows than shown
	MoreCols  bool // some row has more columns than shown
	Truncated bool // a cell was cut short
	Encoding  string
	Delimiter string
	Sheets    []string
	Sheet     string
}

// previewLimits bound what a preview reads and shows: the file is
// hostile until proven otherwise.
type previewLimits struct {
	Rows, Cols, CellRunes int
	CSVBytes              int64 // bytes read from a CSV file
	XLSXBytes             int64 // largest XLSX file opened
	UnzipSize, UnzipXML   int64 // excelize zip-bomb limits
}

var defaultPreviewLimits = previewLimits{
	Rows: 100, Cols: 50, CellRunes: 500,
	CSVBytes: 1 << 20, XLSXBytes: 20 << 20,
	UnzipSize: 128 << 20, UnzipXML: 4 << 20,
}

// previewError is a reason a file cannot be previewed, for the reader.
type previewError struct{ DE, EN string }

func (e *previewError) Error() string { return e.EN }

// readCSVPreview reads at most lim.CSVBytes of a CSV file, detects its
// encoding and delimiter, and returns the first rows.
func readCSVPreview(r io.Reader, lim previewLimits) (*table, error) {
	buf := make([]byte, lim.CSVBytes+1)
	n, err := io.ReadFull(r, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	truncated := int64(n) > lim.CSVBytes
	buf = buf[:min(int64(n), lim.CSVBytes)]
	text, enc := decodeText(buf, truncated)
	if truncated {
		// Drop the last, probably incomplete line.
		if i := strings.LastIndexByte(text, '\n'); i > 0 {
			text = text[:i+1]
		}
	}
	delim := sniffDelimiter(text)
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma, cr.LazyQuotes, cr.FieldsPerRecord = delim, true, -1
	t := &table{Encoding: enc, Delimiter: delimiterName(delim)}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// A broken line ends the preview; what came before is shown.
			t.MoreRows = true
			break
		}
		if blankRow(rec) {
			continue
		}
		if t.Header != nil && len(t.Rows) == lim.Rows {
			t.MoreRows = true
			break
		}
		t.add(rec, lim)
	}
	if truncated {
		t.MoreRows = true
	}
	return t, nil
}

// add appends a record, cutting columns and cells to the limits.
func (t *table) add(rec []string, lim previewLimits) {
	if len(rec) > lim.Cols {
		rec, t.MoreCols = rec[:lim.Cols], true
	}
	row := make([]string, len(rec))
	for i, c := range rec {
		c = strings.TrimSpace(c)
		if utf8.RuneCountInString(c) > lim.CellRunes {
			c, t.Truncated = truncateRunes(c, lim.CellRunes), true
		}
		row[i] = c
	}
	t.Cols = max(t.Cols, len(row))
	if t.Header == nil {
		t.Header = row
		return
	}
	t.Rows = append(t.Rows, row)
}

// pad makes every row as wide as the widest, so the table is regular.
func (t *table) pad() {
	for len(t.Header) < t.Cols {
		t.Header = append(t.Header, "")
	}
	for i := range t.Rows {
		for len(t.Rows[i]) < t.Cols {
			t.Rows[i] = append(t.Rows[i], "")
		}
	}
}

func blankRow(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// decodeText returns b as UTF-8 and names the encoding it had. German
// CSV files come from Excel as Windows-1252 ("ANSI"), from newer tools as
// UTF-8 with or without BOM, and from Excel's "Unicode text" as UTF-16.
// Windows-1252 is a superset of the printable ISO-8859-1, so it decodes
// both. If b was cut off, an incomplete UTF-8 sequence at its end does not
// count against UTF-8.
func decodeText(b []byte, truncated bool) (string, string) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return strings.ToValidUTF8(string(b[3:]), "\uFFFD"), "UTF-8 (BOM)"
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), b), "UTF-16LE"
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), b), "UTF-16BE"
	}
	check := b
	if truncated {
		// Trim at most 3 bytes of a sequence cut in half.
		for i := 0; i < 3 && len(check) > 0 && !utf8.Valid(check); i++ {
			check = check[:len(check)-1]
		}
	}
	if utf8.Valid(check) {
		return string(check), "UTF-8"
	}
	if looksUTF16LE(b) {
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), b), "UTF-16LE"
	}
	return decodeWith(charmap.Windows1252, b), "Windows-1252"
}

func decodeWith(enc encoding.Encoding, b []byte) string {
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return strings.TrimPrefix(string(out), "\uFEFF")
}

// looksUTF16LE spots UTF-16 without BOM by its many zero bytes at odd
// offsets (ASCII text encoded as UTF-16LE).
func looksUTF16LE(b []byte) bool {
	n := min(len(b), 4096) &^ 1
	if n < 8 {
		return false
	}
	zeros := 0
	for i := 1; i < n; i += 2 {
		if b[i] == 0 {
			zeros++
		}
	}
	return zeros*3 > n
}

// delimiters are tried in this order; ties go to the earlier one, and
// German files use ';' most (',' is the decimal separator).
var delimiters = []rune{';', ',', '\t', '|'}

// sniffDelimiter picks the delimiter that splits the first lines most
// consistently: the share of lines with the most common non-zero count,
// then the count itself (a tab file whose numbers have one decimal comma
// each splits into more columns at tabs), then the order of delimiters.
// Delimiters inside quotes do not count.
func sniffDelimiter(text string) rune {
	lines := logicalLines(text, 30)
	best, bestShare, bestMode := ',', 0.0, 0
	for _, d := range delimiters {
		freq := map[int]int{}
		for _, l := range lines {
			if n := countOutsideQuotes(l, d); n > 0 {
				freq[n]++
			}
		}
		mode, modeLines := 0, 0
		for n, k := range freq {
			if k > modeLines || (k == modeLines && n > mode) {
				mode, modeLines = n, k
			}
		}
		if mode == 0 {
			continue
		}
		share := float64(modeLines) / float64(len(lines))
		better := share > bestShare+1e-9
		if !better && share > bestShare-1e-9 {
			better = mode > bestMode // same consistency: more columns wins
		}
		if better {
			best, bestShare, bestMode = d, share, mode
		}
	}
	return best
}

// logicalLines splits text into at most max non-empty records, keeping
// quoted line breaks inside their record.
func logicalLines(text string, limit int) []string {
	var out []string
	start, inQuote := 0, false
	for i := 0; i < len(text) && len(out) < limit; i++ {
		switch text[i] {
		case '"':
			inQuote = !inQuote
		case '\n':
			if !inQuote {
				if l := strings.TrimRight(text[start:i], "\r"); strings.TrimSpace(l) != "" {
					out = append(out, l)
				}
				start = i + 1
			}
		}
	}
	if len(out) < limit && start < len(text) && strings.TrimSpace(text[start:]) != "" {
		out = append(out, text[start:])
	}
	return out
}

func countOutsideQuotes(line string, d rune) int {
	n, inQuote := 0, false
	for _, r := range line {
		switch {
		case r == '"':
			inQuote = !inQuote
		case r == d && !inQuote:
			n++
		}
	}
	return n
}

func delimiterName(d rune) string {
	switch d {
	case '\t':
		return "Tab"
	case ';', ',', '|':
		return string(d)
	}
	return ""
}

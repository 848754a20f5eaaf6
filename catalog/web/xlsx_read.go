package web

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// importLimits bound an uploaded metadata list.
type importLimits struct {
	MaxBytes            int64
	MaxRows             int // data rows
	MaxCols             int
	MaxCellRunes        int
	UnzipSize, UnzipXML int64
}

func (w *Web) importLimits() importLimits {
	return importLimits{MaxBytes: w.opt.MaxImportBytes, MaxRows: w.opt.MaxImportRows, MaxCols: 100,
		MaxCellRunes: 32767, UnzipSize: 64 << 20, UnzipXML: 4 << 20}
}

// importSheet is the readable part of an uploaded list.
type importSheet struct {
	Sheet      string
	HeaderLine int      // 1-based row number of the header
	Keys       []string // recognised columns, in sheet order
	Unknown    []string // headers that were not recognised
	Rows       []planRow
}

// planRow is one data row: its row number and the recognised cells.
type planRow struct {
	Line  int               `json:"l"`
	Cells map[string]string `json:"c"`
}

// headerScan is how many non-blank rows are searched for the header:
// lists often start with a title, a date and a blank line.
const headerScan = 20

// skippedSheets hold the template's explanations, not datasets.
var skippedSheets = map[string]bool{"erlaeuterungen": true, "listen": true, "hinweise": true, "anleitung": true}

var errNoHeader = &previewError{
	DE: "In der Datei wurde keine Kopfzeile mit bekannten Spalten gefunden (mindestens „Titel“ und eine weitere, z. B. „Beschreibung“). Nutzen Sie am besten die Excel-Vorlage.",
	EN: "No header row with known columns was found (at least “Titel” and one more, e.g. “Beschreibung”). The Excel template is the easiest start.",
}

// readImportSheet reads a metadata list: the first sheet with a header of
// known columns, rows streamed with Rows() and raw cell values (dates
// arrive as serial numbers). It tolerates what hand-kept lists look like:
// title lines above the header, blank rows, merged and two-line headers,
// spelling variants of the column names.
func readImportSheet(r io.Reader, lim importLimits) (_ *importSheet, err error) {
	defer recoverXLSX(&err)
	f, err := openXLSX(r, lim.MaxBytes, lim.UnzipSize, lim.UnzipXML, true)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var firstErr error
	for _, name := range f.GetSheetList() {
		if skippedSheets[normHeader(name)] {
			continue
		}
		rows, err := f.Rows(name)
		if err != nil {
			return nil, errXLSXInvalid
		}
		s, err := scanSheet(name, rows, lim)
		rows.Close()
		if err == nil {
			return s, nil
		}
		if !errors.Is(err, errNoHeader) {
			return nil, err
		}
		firstErr = err
	}
	if firstErr == nil {
		firstErr = errNoHeader
	}
	return nil, firstErr
}

// scanSheet finds the header among the first non-blank rows, then
// collects the data rows below it.
func scanSheet(name string, rows *excelize.Rows, lim importLimits) (*importSheet, error) {
	type buffered struct {
		line  int
		cells []string
	}
	// A sheet may claim a million empty rows; stop looking after this many.
	const maxScan = 200000
	line := 0
	next := func() ([]string, bool, error) {
		if line >= maxScan || !rows.Next() {
			return nil, false, nil
		}
		line++
		cells, err := rows.Columns()
		if err != nil {
			return nil, false, errXLSXInvalid
		}
		return limitCells(cells, lim), true, nil
	}
	var head []buffered
	for len(head) < headerScan {
		cells, ok, err := next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if !blankRow(cells) {
			head = append(head, buffered{line, cells})
		}
	}
	best, bestScore := -1, 0
	var cols []*column
	var texts []string
	for i, b := range head {
		var above []string
		if i > 0 && head[i-1].line == b.line-1 {
			above = head[i-1].cells
		}
		if c, tx, score, ok := matchHeaderRow(b.cells, above); ok && score > bestScore {
			best, bestScore, cols, texts = i, score, c, tx
		}
	}
	if best < 0 {
		return nil, errNoHeader
	}
	s := &importSheet{Sheet: name}
	s.setHeader(head[best].line, texts, cols)
	for _, b := range head[best+1:] {
		if err := s.addRow(b.line, b.cells, cols, lim); err != nil {
			return nil, err
		}
	}
	for {
		cells, ok, err := next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if err := s.addRow(line, cells, cols, lim); err != nil {
			return nil, err
		}
	}
	if err := rows.Error(); err != nil {
		return nil, errXLSXInvalid
	}
	return s, nil
}

func limitCells(cells []string, lim importLimits) []string {
	if len(cells) > lim.MaxCols {
		cells = cells[:lim.MaxCols]
	}
	for i, c := range cells {
		c = strings.TrimSpace(strings.ToValidUTF8(c, ""))
		if utf8.RuneCountInString(c) > lim.MaxCellRunes {
			c = truncateRunes(c, lim.MaxCellRunes)
		}
		cells[i] = c
	}
	return cells
}

// matchHeaderRow matches a candidate header row. above is the row right
// above it (a group header such as "Kontakt" over "Name" and "E-Mail");
// its merged cells hold their text only in the first cell, so it is
// filled forward. A cell empty in this row but set above is a header
// merged over both rows. ok requires a title (or name) and one more.
func matchHeaderRow(cells, above []string) ([]*column, []string, int, bool) {
	filled := make([]string, len(above))
	last := ""
	for i, a := range above {
		if a != "" {
			last = a
		}
		filled[i] = last
	}
	cols := make([]*column, max(len(cells), len(above)))
	texts := make([]string, len(cols)) // the header text each column has
	used := map[string]bool{}
	for i := range cols {
		h := ""
		if i < len(cells) {
			h = cells[i]
		}
		texts[i] = h
		if h == "" && i < len(above) {
			texts[i] = above[i]
		}
		var c *column
		switch {
		case h == "" && i < len(above) && above[i] != "":
			c = matchHeader(above[i])
		case h != "":
			if i < len(filled) && filled[i] != "" {
				c = matchHeader(filled[i] + " " + h)
			}
			if c == nil {
				c = matchHeader(h)
			}
		}
		if c != nil && !used[c.Key] {
			used[c.Key] = true
			cols[i] = c
		}
	}
	if used["name"] && !used["title"] {
		// Many lists call the title "Name": with no other title column,
		// that is what it is.
		for i, c := range cols {
			if c != nil && c.Key == "name" {
				cols[i] = columnByKey["title"]
			}
		}
		used["title"], used["name"] = true, false
	}
	score := 0
	for _, u := range used {
		if u {
			score++
		}
	}
	return cols, texts, score, used["title"] && score >= 2
}

func (s *importSheet) setHeader(line int, cells []string, cols []*column) {
	s.HeaderLine = line
	for i, c := range cols {
		if c != nil {
			s.Keys = append(s.Keys, c.Key)
		} else if i < len(cells) && cells[i] != "" {
			s.Unknown = append(s.Unknown, cells[i])
		}
	}
}

func (s *importSheet) addRow(line int, cells []string, cols []*column, lim importLimits) error {
	row := planRow{Line: line, Cells: map[string]string{}}
	for i, v := range cells {
		if i < len(cols) && cols[i] != nil && v != "" {
			row.Cells[cols[i].Key] = v
		}
	}
	if len(row.Cells) == 0 {
		return nil // blank, or only notes in unrecognised columns
	}
	if len(s.Rows) == lim.MaxRows {
		return &previewError{
			DE: fmt.Sprintf("Die Liste hat mehr als %d Datensätze. Bitte teilen Sie sie auf.", lim.MaxRows),
			EN: fmt.Sprintf("The list has more than %d datasets. Please split it.", lim.MaxRows),
		}
	}
	s.Rows = append(s.Rows, row)
	return nil
}

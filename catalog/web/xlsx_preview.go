package web

import (
	"bytes"
	"errors"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

var (
	errXLSXTooLarge = &previewError{DE: "Die Excel-Datei ist zu groß für eine Vorschau.", EN: "The Excel file is too large for a preview."}
	errXLSXInvalid  = &previewError{DE: "Die Datei ist keine lesbare Excel-Arbeitsmappe (XLSX).", EN: "The file is not a readable Excel workbook (XLSX)."}
)

// recoverXLSX turns a panic inside excelize, a large parser of hostile
// input, into a refused file instead of a failed request. Deferred closes
// registered after it have run by then, so temporary files are gone.
func recoverXLSX(err *error) {
	if r := recover(); r != nil {
		*err = errXLSXInvalid
	}
}

// maxSheets bounds the sheet list a workbook may show.
const maxSheets = 50

// openXLSX reads at most maxBytes and opens the workbook with lowered
// zip limits: excelize's default would unpack ~16 GiB, so a small
// zip bomb could fill memory or disk. Worksheets larger than unzipXML go
// to a temporary file that Close removes; rows are then streamed.
func openXLSX(r io.Reader, maxBytes, unzipSize, unzipXML int64, raw bool) (*excelize.File, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > maxBytes {
		return nil, errXLSXTooLarge
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{
		UnzipSizeLimit: unzipSize, UnzipXMLSizeLimit: unzipXML, RawCellValue: raw,
	})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size") {
			return nil, errXLSXTooLarge
		}
		return nil, errXLSXInvalid
	}
	return f, nil
}

// readXLSXPreview returns the first rows of one sheet (the named one, or
// the first), streamed with Rows(): never GetRows(), which would hold the
// whole sheet.
func readXLSXPreview(r io.Reader, sheet string, lim previewLimits) (t *table, err error) {
	defer recoverXLSX(&err)
	f, err := openXLSX(r, lim.XLSXBytes, lim.UnzipSize, lim.UnzipXML, false)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t = &table{Sheets: f.GetSheetList()}
	if len(t.Sheets) > maxSheets {
		t.Sheets = t.Sheets[:maxSheets]
	}
	if len(t.Sheets) == 0 {
		return nil, errXLSXInvalid
	}
	t.Sheet = t.Sheets[0]
	for _, s := range t.Sheets {
		if s == sheet {
			t.Sheet = s
		}
	}
	rows, err := f.Rows(t.Sheet)
	if err != nil {
		return nil, errXLSXInvalid
	}
	defer rows.Close()
	// A sheet may claim a million empty rows; stop looking after this many.
	const maxScan = 100000
	for scanned := 0; rows.Next(); scanned++ {
		if scanned == maxScan {
			t.MoreRows = true
			break
		}
		cols, err := rows.Columns()
		if err != nil {
			return nil, errXLSXInvalid
		}
		if blankRow(cols) {
			continue
		}
		if t.Header != nil && len(t.Rows) == lim.Rows {
			t.MoreRows = true
			break
		}
		t.add(cols, lim)
	}
	if err := rows.Error(); err != nil && !errors.Is(err, excelize.ErrMaxRows) {
		return nil, errXLSXInvalid
	}
	return t, nil
}

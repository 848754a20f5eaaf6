package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/schemas"
)

// Sheet names of the workbook. The data sheet comes first, so programs
// that read "the first sheet" find the datasets.
const (
	sheetData  = "Datensätze"
	sheetDocs  = "Erläuterungen"
	sheetLists = "Listen"
	// validatedRows is how far the drop-down lists reach below the data.
	validatedRows = 2000
	// maxExport bounds one export; larger catalogues belong to the DCAT dump.
	maxExport = 20000
	// maxCellChars is Excel's limit for one cell.
	maxCellChars = 32767
)

// xlsxTemplate serves the empty list with explanations and drop-downs.
func (w *Web) xlsxTemplate(c *gin.Context) {
	org, err := w.svc.Organization(c.Request.Context(), c.Param("name"))
	if err != nil {
		w.fail(c, err)
		return
	}
	f, err := buildWorkbook(w.absURL(c, ""), func(func(*catalog.Dataset) error) error { return nil })
	if err != nil {
		w.fail(c, err)
		return
	}
	w.sendWorkbook(c, f, org.Name+"-vorlage.xlsx")
}

// xlsxExport serves an organisation's catalogue as the same list, so it
// can be edited and uploaded again. Everyone gets what they may read:
// private datasets and drafts only for the organisation's members.
func (w *Web) xlsxExport(c *gin.Context) {
	ctx := c.Request.Context()
	org, err := w.svc.Organization(ctx, c.Param("name"))
	if err != nil {
		w.fail(c, err)
		return
	}
	f, err := buildWorkbook(w.absURL(c, ""), func(fn func(*catalog.Dataset) error) error {
		return w.svc.EachDataset(ctx, catalog.ListFilter{IncludePrivate: true, IncludeDrafts: true,
			OrganizationID: org.ID, Order: catalog.OrderName, Limit: maxExport}, fn)
	})
	if err != nil {
		w.fail(c, err)
		return
	}
	w.sendWorkbook(c, f, org.Name+"-datensaetze-"+w.opt.Now().Format("2006-01-02")+".xlsx")
}

func (w *Web) sendWorkbook(c *gin.Context, f *excelize.File, name string) {
	defer f.Close()
	h := c.Writer.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
	h.Set("Cache-Control", "private, no-store")
	c.Status(http.StatusOK)
	if err := f.Write(c.Writer); err != nil {
		w.log.Warn("writing workbook", "err", err)
	}
}

// buildWorkbook writes the list: the data sheet (one row per dataset),
// the explanations, and the lists that feed the drop-downs. base is the
// portal's URL, for the download links of uploaded files.
func buildWorkbook(base string, each func(func(*catalog.Dataset) error) error) (*excelize.File, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", sheetData); err != nil {
		return nil, err
	}
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"083F78"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	dateFmt := "dd.mm.yyyy"
	dateStyle, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	textStyle, _ := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	for i, col := range columns {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		_ = f.SetCellValue(sheetData, cell, col.DE)
		name, _ := excelize.ColumnNumberToName(i + 1)
		_ = f.SetColWidth(sheetData, name, name, col.Width)
	}
	last, _ := excelize.ColumnNumberToName(len(columns))
	_ = f.SetCellStyle(sheetData, "A1", last+"1", head)
	_ = f.SetPanes(sheetData, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	row := 2
	err := each(func(d *catalog.Dataset) error {
		vals := make([]any, len(columns))
		for i, col := range columns {
			v := col.get(d)
			if col.Key == "url" {
				v = firstLink(d, base)
			}
			if s, ok := v.(string); ok {
				v = truncateRunes(s, maxCellChars-1)
			}
			vals[i] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetSheetRow(sheetData, cell, &vals); err != nil {
			return err
		}
		for i, v := range vals {
			if _, ok := v.(time.Time); ok {
				c, _ := excelize.CoordinatesToCellName(i+1, row)
				_ = f.SetCellStyle(sheetData, c, c, dateStyle)
			}
		}
		row++
		return nil
	})
	if err != nil {
		f.Close()
		return nil, err
	}
	if row > 2 {
		_ = f.SetCellStyle(sheetData, "A2", fmt.Sprintf("%s%d", last, row-1), textStyle)
		for i, v := range columns {
			if v.Key == "issued" || v.Key == "modified" || v.Key == "temporal_start" || v.Key == "temporal_end" {
				name, _ := excelize.ColumnNumberToName(i + 1)
				_ = f.SetCellStyle(sheetData, name+"2", fmt.Sprintf("%s%d", name, row-1), dateStyle)
			}
		}
	}
	if err := addLists(f, row+validatedRows); err != nil {
		f.Close()
		return nil, err
	}
	if err := addDocs(f, head); err != nil {
		f.Close()
		return nil, err
	}
	f.SetActiveSheet(0)
	return f, nil
}

// firstLink is the first distribution's address for the one-row export:
// its link, or the portal's download URL of an uploaded file. Importing
// it again matches that distribution and adds nothing.
func firstLink(d *catalog.Dataset, base string) string {
	for i := range d.Distributions {
		x := &d.Distributions[i]
		if x.IsUpload() {
			return base + downloadPath(d, x)
		}
		if l := firstNonEmpty(x.DownloadURL, x.AccessURL); l != "" {
			return l
		}
	}
	return ""
}

// listValues are the drop-down choices, German labels as the cells show
// them; the import reads labels, codes and IRIs alike.
func listValues() map[string][]string {
	lists := map[string][]string{"yesno": {"ja", "nein"}}
	for _, l := range schemas.Licenses() {
		lists["license"] = append(lists["license"], l.Label("de"))
	}
	for _, t := range schemas.Themes() {
		lists["theme"] = append(lists["theme"], t.Label("de"))
	}
	for _, fr := range frequencyOptions("", "de") {
		lists["frequency"] = append(lists["frequency"], fr.Label)
	}
	for _, g := range schemas.GeocodingLevels() {
		lists["geolevel"] = append(lists["geolevel"], g.Label("de"))
	}
	return lists
}

var listOrder = []struct{ key, title string }{
	{"license", "Lizenzen"}, {"theme", "Kategorien"}, {"frequency", "Aktualisierung"}, {"geolevel", "Verwaltungsebene"}, {"yesno", "ja/nein"},
}

// addLists writes the choices to their own sheet and attaches them as
// drop-downs. The lists warn rather than stop: several themes are typed
// as "Umwelt; Verkehr", which no list contains.
func addLists(f *excelize.File, lastRow int) error {
	if _, err := f.NewSheet(sheetLists); err != nil {
		return err
	}
	lists := listValues()
	ranges := map[string]string{}
	for i, l := range listOrder {
		col, _ := excelize.ColumnNumberToName(i + 1)
		_ = f.SetCellValue(sheetLists, col+"1", l.title)
		for j, v := range lists[l.key] {
			_ = f.SetCellValue(sheetLists, fmt.Sprintf("%s%d", col, j+2), v)
		}
		_ = f.SetColWidth(sheetLists, col, col, 45)
		ranges[l.key] = fmt.Sprintf("'%s'!$%s$2:$%s$%d", sheetLists, col, col, len(lists[l.key])+1)
	}
	for i, c := range columns {
		if c.List == "" {
			continue
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%s2:%s%d", col, col, lastRow))
		dv.SetSqrefDropList(ranges[c.List])
		dv.SetError(excelize.DataValidationErrorStyleInformation, "Wert nicht in der Liste",
			"Dieser Wert steht nicht in der Liste. Mehrere Kategorien bitte mit Semikolon trennen.")
		if err := f.AddDataValidation(sheetData, dv); err != nil {
			return err
		}
	}
	return nil
}

// addDocs explains every column in German.
func addDocs(f *excelize.File, head int) error {
	if _, err := f.NewSheet(sheetDocs); err != nil {
		return err
	}
	rows := [][]any{{"Spalte", "Bedeutung", "Beispiel", "Auswahlliste"}}
	for _, c := range columns {
		list := ""
		for _, l := range listOrder {
			if l.key == c.List {
				list = "Blatt „" + sheetLists + "“, Spalte „" + l.title + "“"
			}
		}
		rows = append(rows, []any{c.DE, c.DocDE, c.Example, list})
	}
	rows = append(rows, []any{}, []any{"Hinweise", strings.Join([]string{
		"Eine Zeile je Datensatz. Leere Zeilen werden übersprungen.",
		"Zeilen mit vorhandenem Namen aktualisieren den Datensatz: leere Zellen löschen den Wert dieser Spalte.",
		"Spalten, die fehlen, bleiben unverändert; unbekannte Spalten werden ignoriert.",
		"Vor dem Übernehmen zeigt das Portal eine Vorschau mit allen Änderungen und Fehlern.",
	}, " ")})
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheetDocs, cell, &r); err != nil {
			return err
		}
	}
	_ = f.SetCellStyle(sheetDocs, "A1", "D1", head)
	_ = f.SetColWidth(sheetDocs, "A", "A", 24)
	_ = f.SetColWidth(sheetDocs, "B", "B", 90)
	_ = f.SetColWidth(sheetDocs, "C", "C", 40)
	_ = f.SetColWidth(sheetDocs, "D", "D", 40)
	return nil
}

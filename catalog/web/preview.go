package web

import (
	"errors"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

type previewPage struct {
	*view
	D       *catalog.Dataset
	R       distView
	Kind    string
	Table   *table
	Problem string // why there is no table
	Limits  previewLimits
}

// preview shows the first rows of an uploaded CSV or XLSX distribution
// as an accessible table. Only the first bytes of a CSV file are read;
// an XLSX workbook is read up to a size limit and streamed row by row.
// Linked files are never fetched: the server must not be made to request
// arbitrary URLs.
func (w *Web) preview(c *gin.Context) {
	ctx := c.Request.Context()
	d, r, f, err := w.svc.OpenFile(ctx, c.Param("id"), c.Param("rid"))
	if err != nil {
		w.fail(c, err)
		return
	}
	dv := newDistView(d, r, w.language(c))
	v := w.newView(c, dv.Name)
	v.Nav = "dataset"
	p := &previewPage{view: v, D: d, R: dv, Kind: previewKind(r), Limits: defaultPreviewLimits}
	switch {
	case f == nil:
		p.Problem = v.T("preview.external")
	case p.Kind == "":
		p.Problem = v.T("preview.unsupported")
	}
	if f != nil {
		defer f.Close()
		if p.Problem == "" {
			if p.Kind == "csv" {
				p.Table, err = readCSVPreview(f, p.Limits)
			} else {
				p.Table, err = readXLSXPreview(f, c.Query("sheet"), p.Limits)
			}
			var pe *previewError
			if errors.As(err, &pe) {
				p.Problem = v.Msg(pe.DE, pe.EN)
			} else if err != nil {
				w.fail(c, err)
				return
			}
			if p.Table != nil {
				p.Table.pad()
			}
		}
	}
	w.render(c, http.StatusOK, "preview", p)
}

// SheetURL links another sheet of the previewed workbook.
func (p *previewPage) SheetURL(sheet string) string {
	return withParam(p.Path, "sheet", sheet)
}

// previewKind says which table preview fits a distribution: "csv",
// "xlsx" or "" (none). It trusts the format, then the media type, then
// the file name, since uploads from forms often carry only the latter.
func previewKind(r *catalog.Distribution) string {
	f := strings.ToUpper(r.Format[strings.LastIndex(r.Format, "/")+1:])
	mt, _, _ := strings.Cut(strings.ToLower(r.MediaType), ";")
	ext := strings.ToLower(path.Ext(r.FileName))
	switch {
	case f == "CSV" || f == "TSV" || f == "TAB_SEPARATED_VALUES" || mt == "text/csv" ||
		mt == "text/tab-separated-values" || ext == ".csv" || ext == ".tsv" || ext == ".txt" && f == "CSV":
		return "csv"
	case f == "XLSX" || f == "OOXML" || mt == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || ext == ".xlsx":
		return "xlsx"
	}
	return ""
}

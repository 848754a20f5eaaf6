package web

import (
	"path"
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

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

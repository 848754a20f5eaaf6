package web

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

type importPage struct {
	*view
	Org        *catalog.Organization
	File       string
	Sheet      string
	HeaderLine int
	Columns    []string
	Unknown    []string
	Results    []rowResult
	Counts     importCounts
	Plan       string
	Applied    bool
	Error      string
}

// importOrg loads :name for an import; only its editors may import.
func (w *Web) importOrg(c *gin.Context) (*catalog.Organization, error) {
	ctx := c.Request.Context()
	org, err := w.svc.Organization(ctx, c.Param("name"))
	if err != nil {
		return nil, err
	}
	if !catalog.ActorFrom(ctx).CanEdit(org.ID) {
		return nil, catalog.Forbidden("not an editor of %s", org.Name)
	}
	return org, nil
}

func (w *Web) newImportPage(c *gin.Context, org *catalog.Organization) *importPage {
	v := w.newView(c, "")
	v.Title, v.Nav = v.T("import.title"), "dashboard"
	return &importPage{view: v, Org: org}
}

// importForm offers the upload of a filled-in list.
func (w *Web) importForm(c *gin.Context) {
	org, err := w.importOrg(c)
	if err != nil {
		w.fail(c, err)
		return
	}
	w.render(c, http.StatusOK, "import", w.newImportPage(c, org))
}

// importPreview reads the uploaded list and shows, row by row, what
// applying it would create or change and what is wrong, without writing
// anything.
func (w *Web) importPreview(c *gin.Context) {
	org, err := w.importOrg(c)
	if err != nil {
		w.fail(c, err)
		return
	}
	p := w.newImportPage(c, org)
	lim := w.importLimits()
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, lim.MaxBytes+1<<20)
	sheet, file, err := w.readImportUpload(c, lim)
	var pe *previewError
	switch {
	case errors.Is(err, errCSRF):
		w.csrfFailed(c)
		return
	case errors.As(err, &pe):
		p.Error = p.Msg(pe.DE, pe.EN)
		w.render(c, http.StatusUnprocessableEntity, "import", p)
		return
	case err != nil:
		w.fail(c, err)
		return
	}
	p.File, p.Sheet, p.HeaderLine, p.Unknown = file, sheet.Sheet, sheet.HeaderLine, sheet.Unknown
	for _, k := range sheet.Keys {
		p.Columns = append(p.Columns, msgLang(p.Lang, columnByKey[k].DE, columnByKey[k].EN))
	}
	ev := &evaluator{w: w, ctx: c.Request.Context(), org: org, keys: sheet.Keys, lang: p.Lang, names: map[string]bool{}}
	for _, row := range sheet.Rows {
		p.Results = append(p.Results, ev.evaluate(row).res)
	}
	p.Counts = countResults(p.Results)
	if p.Counts.Create+p.Counts.Update > 0 {
		s, _ := currentSession(c)
		plan := &importPlan{Org: org.ID, User: catalog.ActorFrom(c.Request.Context()).User.ID, Nonce: s.Nonce,
			Exp: w.opt.Now().Add(planTTL).Unix(), File: file, Sheet: sheet.Sheet, Keys: sheet.Keys, Rows: sheet.Rows}
		if p.Plan, err = w.signPlan(plan); err != nil {
			w.fail(c, err)
			return
		}
	}
	w.render(c, http.StatusOK, "import_preview", p)
}

// readImportUpload streams the multipart body: the CSRF token first, then
// the workbook, which is read up to the size limit.
func (w *Web) readImportUpload(c *gin.Context, lim importLimits) (*importSheet, string, error) {
	if w.crossSite(c) {
		return nil, "", errCSRF
	}
	tokenOK := w.validCSRF(c, c.GetHeader(csrfHeader))
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return nil, "", &previewError{DE: "Bitte wählen Sie eine Excel-Datei.", EN: "Please choose an Excel file."}
	}
	for parts := 0; parts < maxParts; parts++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, "", bodyError(err)
		}
		if part.FormName() == csrfField {
			b, _ := io.ReadAll(io.LimitReader(part, 1024))
			tokenOK = tokenOK || w.validCSRF(c, string(b))
			continue
		}
		if part.FormName() != "file" {
			continue
		}
		if !tokenOK {
			return nil, "", errCSRF
		}
		if part.FileName() == "" {
			break
		}
		name := sanitizeFileName(part.FileName())
		if !strings.HasSuffix(strings.ToLower(name), ".xlsx") && !strings.HasSuffix(strings.ToLower(name), ".xlsm") {
			return nil, "", &previewError{DE: "Bitte laden Sie eine Excel-Datei im Format .xlsx hoch (ältere .xls-Dateien bitte in Excel als .xlsx speichern).",
				EN: "Please upload an Excel file in .xlsx format (save older .xls files as .xlsx in Excel)."}
		}
		s, err := readImportSheet(part, lim)
		if errors.Is(err, errXLSXTooLarge) {
			return nil, "", &previewError{DE: "Die Datei ist zu groß oder zu stark gepackt.", EN: "The file is too large or too highly compressed."}
		}
		return s, name, err
	}
	if !tokenOK {
		return nil, "", errCSRF
	}
	return nil, "", &previewError{DE: "Bitte wählen Sie eine Excel-Datei.", EN: "Please choose an Excel file."}
}

// importApply writes the previewed rows, each through the Service: one
// bad row does not stop the others, and the result is reported per row.
func (w *Web) importApply(c *gin.Context) {
	org, err := w.importOrg(c)
	if err != nil {
		w.fail(c, err)
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 48<<20)
	if err := c.Request.ParseForm(); err != nil {
		w.fail(c, &catalog.Error{Code: catalog.ETOOLARGE, Message: "Form too large", MessageDE: "Das Formular ist zu groß"})
		return
	}
	if w.crossSite(c) || !w.validCSRF(c, c.Request.PostForm.Get(csrfField)) {
		w.csrfFailed(c)
		return
	}
	s, _ := currentSession(c)
	a := catalog.ActorFrom(c.Request.Context())
	plan, err := w.verifyPlan(c.Request.PostForm.Get("plan"), s, a.User.ID, org.ID)
	if err != nil {
		w.fail(c, err)
		return
	}
	p := w.newImportPage(c, org)
	p.File, p.Sheet, p.Applied = plan.File, plan.Sheet, true
	ev := &evaluator{w: w, ctx: c.Request.Context(), org: org, keys: plan.Keys, lang: p.Lang, names: map[string]bool{}}
	for _, row := range plan.Rows {
		p.Results = append(p.Results, ev.apply(row))
	}
	p.Counts = countResults(p.Results)
	w.render(c, http.StatusOK, "import_preview", p)
}

package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/schemas"
)

// resourceForm is the distribution form: a file or a link, with format
// and licence.
type resourceForm struct {
	Title, Description, URL, Format, License, Attribution string
}

func resourceFormFrom(f map[string][]string) resourceForm {
	get := func(k string) string {
		if v := f[k]; len(v) > 0 {
			return clean(v[0], 20000)
		}
		return ""
	}
	return resourceForm{Title: get("title"), Description: get("description"), URL: get("url"),
		Format: get("format"), License: get("license"), Attribution: get("license_attribution")}
}

type resourceFormPage struct {
	*view
	D         *catalog.Dataset
	Existing  *distView
	Form      resourceForm
	Errors    map[string][]string
	Summary   []summaryItem
	Formats   []optgroup
	Licenses  []optgroup
	MaxUpload string
	Tus       *tusForm // nil: every file takes the multipart form
}

// tusForm is what the upload script needs to send a large file to the
// resumable endpoint: where, with which token, into what, and how the
// distribution's remaining fields (licence) follow.
type tusForm struct {
	URL, Token       string
	Threshold, Chunk int64
	Target, TargetID string // "package_id" or "resource_id", and its id
	Dataset          string // the dataset page, base of the edit URL
}

// Err is the error list of one input.
func (p *resourceFormPage) Err(field string) fieldErr {
	return fieldErr{ID: "f-" + field + "-error", Msgs: p.Errors[field]}
}

// resourceFields maps the Service's distribution field paths to inputs.
var resourceFields = map[string]string{
	"distributions.title": "title", "distributions.description": "description",
	"distributions.access_url": "url", "distributions.download_url": "url", "distributions.format": "format",
	"distributions.license": "license", "distributions.license_attribution": "license_attribution",
	"upload": "file", "distributions.media_type": "file",
}

func (w *Web) resourceNew(c *gin.Context) {
	d, err := w.editableDataset(c)
	if err != nil {
		w.fail(c, err)
		return
	}
	f := resourceForm{}
	if org, err := w.svc.Organization(c.Request.Context(), d.OrganizationID); err == nil {
		f.License = org.DefaultLicense
	}
	w.renderResourceForm(c, http.StatusOK, d, nil, f, nil)
}

func (w *Web) resourceEdit(c *gin.Context) {
	d, r, err := w.editableDistribution(c)
	if err != nil {
		w.fail(c, err)
		return
	}
	f := resourceForm{Title: r.Title, Description: r.Description, Format: r.Format, License: r.License, Attribution: r.LicenseAttribution}
	if !r.IsUpload() {
		f.URL = firstNonEmpty(r.AccessURL, r.DownloadURL)
	}
	w.renderResourceForm(c, http.StatusOK, d, r, f, nil)
}

// resourceCreate adds a distribution from the streamed form.
func (w *Web) resourceCreate(c *gin.Context) {
	d, err := w.editableDataset(c)
	if err != nil {
		w.fail(c, err)
		return
	}
	m, err := w.readMultipart(c)
	if err != nil {
		w.resourceFailed(c, d, nil, resourceForm{}, m, err)
		return
	}
	f := resourceFormFrom(m.fields)
	up := m.upload()
	if up == nil && f.URL == "" {
		w.renderResourceForm(c, http.StatusUnprocessableEntity, d, nil, f,
			map[string][]string{"file": {w.newView(c, "").T("resource.need_file")}})
		return
	}
	r := catalog.Distribution{Title: f.Title, Description: f.Description, Format: f.Format,
		License: f.License, LicenseAttribution: f.Attribution}
	if up == nil {
		r.AccessURL = f.URL
	}
	fillFormat(&r, m.fileName, f.URL)
	if _, _, err := w.svc.AddDistribution(c.Request.Context(), d.ID, r, up); err != nil {
		w.resourceFailed(c, d, nil, f, nil, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/dataset/"+pathEscape(d.Name)+"?saved=1")
}

// resourceUpdate changes a distribution's metadata and, with a new file
// or link, what it points to. The old file is removed only after the new
// record is committed (the Service's order).
func (w *Web) resourceUpdate(c *gin.Context) {
	d, old, err := w.editableDistribution(c)
	if err != nil {
		w.fail(c, err)
		return
	}
	m, err := w.readMultipart(c)
	if err != nil {
		w.resourceFailed(c, d, old, resourceForm{}, m, err)
		return
	}
	f := resourceFormFrom(m.fields)
	r := *old
	r.Title, r.Description, r.Format, r.License, r.LicenseAttribution = f.Title, f.Description, f.Format, f.License, f.Attribution
	up := m.upload()
	if up == nil && f.URL != "" && f.URL != firstNonEmpty(old.AccessURL, old.DownloadURL) {
		// Now a link: the uploaded file (if any) goes.
		r.AccessURL, r.DownloadURL, r.StorageKey, r.FileName = f.URL, "", "", ""
		r.ByteSize, r.Checksum, r.MediaType = nil, "", ""
	}
	fileName := m.fileName
	if up != nil {
		r.Format = f.Format // empty: detected from the new file
	} else {
		// "Detect" keeps meaning the current file's type, also right
		// after the upload script attached a file through tus.
		fileName = r.FileName
	}
	fillFormat(&r, fileName, f.URL)
	if _, _, err := w.svc.UpdateDistribution(c.Request.Context(), r, up); err != nil {
		w.resourceFailed(c, d, old, f, nil, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/dataset/"+pathEscape(d.Name)+"?saved=1")
}

// fillFormat proposes the EU file type from the file name or URL when the
// form left it open.
func fillFormat(r *catalog.Distribution, fileName, link string) {
	if r.Format != "" {
		return
	}
	for _, s := range []string{fileName, link} {
		if s == "" {
			continue
		}
		if iri, ok := schemas.FileTypeFor(s); ok {
			r.Format = iri
			return
		}
	}
}

// resourceFailed re-renders the form with the Service's messages. The
// file is gone (a failed write leaves nothing behind), so the user is
// told to choose it again.
func (w *Web) resourceFailed(c *gin.Context, d *catalog.Dataset, old *catalog.Distribution, f resourceForm, m *multipartForm, err error) {
	if errors.Is(err, errCSRF) {
		w.csrfFailed(c)
		return
	}
	if m != nil && f == (resourceForm{}) {
		f = resourceFormFrom(m.fields)
	}
	switch catalog.ErrorCode(err) {
	case catalog.EINVALID, catalog.ETOOLARGE, catalog.EBADREQUEST:
	default:
		w.fail(c, err)
		return
	}
	lang := w.language(c)
	byField, summary := fieldMessages(err, resourceFields, lang)
	status := http.StatusUnprocessableEntity
	if catalog.ErrorCode(err) == catalog.ETOOLARGE {
		status = http.StatusRequestEntityTooLarge
	}
	w.renderResourceFormSummary(c, status, d, old, f, byField, summary)
}

func (w *Web) renderResourceForm(c *gin.Context, status int, d *catalog.Dataset, old *catalog.Distribution, f resourceForm, errs map[string][]string) {
	w.renderResourceFormSummary(c, status, d, old, f, errs, nil)
}

func (w *Web) renderResourceFormSummary(c *gin.Context, status int, d *catalog.Dataset, old *catalog.Distribution, f resourceForm, errs map[string][]string, summary []summaryItem) {
	v := w.newView(c, "")
	v.Nav = "dashboard"
	if errs == nil {
		errs = map[string][]string{}
	}
	if summary == nil {
		for field, msgs := range errs {
			for _, m := range msgs {
				summary = append(summary, summaryItem{Anchor: "f-" + field, Label: v.T("resource.field." + field), Text: m})
			}
		}
	}
	p := &resourceFormPage{view: v, D: d, Form: f, Errors: errs, Summary: summary,
		Formats: formatGroups(f.Format, v.Lang), Licenses: licenseGroups(f.License, v.Lang)}
	if old != nil {
		dv := newDistView(d, old, v.Lang)
		p.Existing = &dv
		v.Title = v.T("resource.edit_title", dv.Name)
	} else {
		v.Title = v.T("resource.new_title")
	}
	if w.svc.MaxUploadBytes > 0 {
		p.MaxUpload = humanBytes(w.svc.MaxUploadBytes, v.Lang)
	}
	p.Tus = w.tusForm(c, d, old)
	w.render(c, status, "resource_form", p)
}

// tusForm enables resumable uploads on the form when the endpoint is
// wired and the user is logged in through a session.
func (w *Web) tusForm(c *gin.Context, d *catalog.Dataset, old *catalog.Distribution) *tusForm {
	if w.opt.TusURL == "" {
		return nil
	}
	tok := w.uploadToken(c, d.ID)
	if tok == "" {
		return nil
	}
	f := &tusForm{URL: w.opt.TusURL, Token: tok, Threshold: w.opt.TusThreshold, Chunk: w.opt.TusChunkSize,
		Target: "package_id", TargetID: d.ID, Dataset: "/dataset/" + pathEscape(d.Name)}
	if old != nil {
		f.Target, f.TargetID = "resource_id", old.ID
	}
	return f
}

// editableDistribution loads :rid of dataset :id for editing.
func (w *Web) editableDistribution(c *gin.Context) (*catalog.Dataset, *catalog.Distribution, error) {
	d, err := w.editableDataset(c)
	if err != nil {
		return nil, nil, err
	}
	r, _ := d.Distribution(c.Param("rid"))
	if r == nil {
		return nil, nil, catalog.NotFound("Resource")
	}
	return d, r, nil
}

func (w *Web) resourceDeleteForm(c *gin.Context) {
	d, r, err := w.editableDistribution(c)
	if err != nil {
		w.fail(c, err)
		return
	}
	v := w.newView(c, "")
	v.Title, v.Nav = v.T("delete.dist_title"), "dashboard"
	name := newDistView(d, r, v.Lang).Name
	w.render(c, http.StatusOK, "confirm", &confirmPage{view: v,
		Question: v.T("delete.dist_question", name), Detail: v.T("delete.dist_detail"),
		Action: "/dataset/" + pathEscape(d.Name) + "/resource/" + pathEscape(r.ID) + "/delete",
		Button: v.T("delete.dist_button"), Cancel: "/dataset/" + pathEscape(d.Name)})
}

func (w *Web) resourceDelete(c *gin.Context) {
	d, r, err := w.editableDistribution(c)
	if err != nil {
		w.fail(c, err)
		return
	}
	if err := w.svc.DeleteDistribution(c.Request.Context(), r.ID); err != nil {
		w.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/dataset/"+pathEscape(d.Name)+"?saved=1")
}

package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/schemas"
)

type datasetPage struct {
	*view
	D        *catalog.Dataset
	Org      *catalog.Organization
	Meta     []metaRow
	Dists    []distView
	CanEdit  bool
	Findings []findingView
	Saved    bool
	LD       map[string]any // schema.org Dataset for search engines
	Links    []metaValue    // machine-readable views
}

type metaRow struct {
	Label  string
	Values []metaValue
}

type metaValue struct {
	Text, URL string
}

type findingView struct {
	Label, Text string
	Error       bool
}

// datasetShow is the dataset page: metadata in DCAT-AP.de terms,
// distributions with download buttons, contact and the machine-readable
// views. The Service decides who may see it.
func (w *Web) datasetShow(c *gin.Context) {
	ctx := c.Request.Context()
	d, err := w.svc.Dataset(ctx, c.Param("id"))
	if err != nil {
		w.fail(c, err)
		return
	}
	a := catalog.ActorFrom(ctx)
	if d.State == catalog.StateDeleted && !a.CanEdit(d.OrganizationID) {
		w.fail(c, catalog.NotFound("Dataset"))
		return
	}
	v := w.newView(c, d.Title)
	v.Nav = "dataset"
	p := &datasetPage{view: v, D: d, CanEdit: a.CanEdit(d.OrganizationID) && d.Harvest == nil, Saved: c.Query("saved") == "1"}
	if d.OrganizationID != "" {
		if org, err := w.svc.Organization(ctx, d.OrganizationID); err == nil {
			p.Org = org
		}
	}
	p.Meta = datasetMeta(d, v.Lang)
	for i := range d.Distributions {
		p.Dists = append(p.Dists, newDistView(d, &d.Distributions[i], v.Lang))
	}
	if a.CanEdit(d.OrganizationID) {
		if _, fs, err := w.svc.ValidateDataset(ctx, d.ID); err == nil {
			p.Findings = findingViews(fs, v.Lang)
		}
	}
	id := url.QueryEscape(d.Name)
	p.Links = []metaValue{
		{Text: "CKAN API (JSON)", URL: "/api/3/action/package_show?id=" + id},
		{Text: "DCAT-AP.de (Turtle)", URL: "/dataset/" + url.PathEscape(d.Name) + ".ttl"},
		{Text: "DCAT-AP.de (RDF/XML)", URL: "/dataset/" + url.PathEscape(d.Name) + ".rdf"},
		{Text: "DCAT-AP.de (JSON-LD)", URL: "/dataset/" + url.PathEscape(d.Name) + ".jsonld"},
	}
	if d.State == catalog.StateActive && !d.Private {
		p.LD = w.schemaOrg(c, d)
	}
	w.render(c, http.StatusOK, "dataset", p)
}

// distView is a distribution as the page shows it.
type distView struct {
	*catalog.Distribution
	Name         string
	FormatLabel  string
	LicenseLabel string
	LicenseURL   string
	Href         string // where the download button points
	External     bool
	PreviewURL   string
}

func newDistView(d *catalog.Dataset, r *catalog.Distribution, lang string) distView {
	dv := distView{Distribution: r, Name: r.Title}
	if r.Format != "" {
		dv.FormatLabel = vocabLabel("format", r.Format, lang)
	}
	if r.License != "" {
		dv.LicenseLabel = vocabLabel("license", r.License, lang)
		dv.LicenseURL = safeURL(r.License)
	}
	if r.IsUpload() {
		dv.Href = downloadPath(d, r)
		if dv.Name == "" {
			dv.Name = r.FileName
		}
		if previewKind(r) != "" {
			dv.PreviewURL = "/dataset/" + url.PathEscape(d.Name) + "/resource/" + url.PathEscape(r.ID) + "/preview"
		}
	} else {
		dv.Href = safeURL(firstNonEmpty(r.DownloadURL, r.AccessURL))
		dv.External = true
	}
	if dv.Name == "" {
		dv.Name = dv.FormatLabel
	}
	return dv
}

// downloadPath is the portal's download URL of an uploaded file, in the
// shape CKAN uses so that links stay stable.
func downloadPath(d *catalog.Dataset, r *catalog.Distribution) string {
	name := r.FileName
	if name == "" {
		name = "download"
	}
	return "/dataset/" + url.PathEscape(d.ID) + "/resource/" + url.PathEscape(r.ID) + "/download/" + url.PathEscape(name)
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// findingViews turns validator findings into page lines, errors first.
func findingViews(fs []catalog.Finding, lang string) []findingView {
	var errs, warns []findingView
	for _, f := range fs {
		fv := findingView{Label: fieldLabel(f.Field, lang), Text: f.DE, Error: f.Severity == catalog.SeverityError}
		if lang == "en" && f.EN != "" {
			fv.Text = f.EN
		}
		if strings.Contains(fv.Text, fv.Label) {
			fv.Label = "" // the message names the field already
		}
		if fv.Error {
			errs = append(errs, fv)
		} else {
			warns = append(warns, fv)
		}
	}
	return append(errs, warns...)
}

// schemaOrg describes a public dataset for dataset search engines.
func (w *Web) schemaOrg(c *gin.Context, d *catalog.Dataset) map[string]any {
	ld := map[string]any{
		"@context": "https://schema.org/", "@type": "Dataset",
		"name": d.Title, "description": d.Description,
		"url":          w.absURL(c, "/dataset/"+url.PathEscape(d.Name)),
		"dateModified": d.ModifiedAt.UTC().Format("2006-01-02T15:04:05Z"),
	}
	if len(d.Keywords) > 0 {
		ld["keywords"] = d.Keywords
	}
	if d.Publisher != nil && d.Publisher.Name != "" {
		ld["publisher"] = map[string]any{"@type": "Organization", "name": d.Publisher.Name}
	}
	var dists []map[string]any
	for i := range d.Distributions {
		r := &d.Distributions[i]
		href := safeURL(firstNonEmpty(r.DownloadURL, r.AccessURL))
		if r.IsUpload() {
			href = w.absURL(c, downloadPath(d, r))
		}
		if href == "" {
			continue
		}
		x := map[string]any{"@type": "DataDownload", "contentUrl": href}
		if f := schemas.FileTypeLabel(r.Format); f != "" {
			x["encodingFormat"] = f
		}
		if r.License != "" && ld["license"] == nil {
			ld["license"] = r.License
		}
		dists = append(dists, x)
	}
	if len(dists) > 0 {
		ld["distribution"] = dists
	}
	return ld
}

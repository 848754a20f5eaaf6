package dcat

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

// Catalog serves one page of the public catalogue with Hydra paging.
// format is a suffix, or "" to negotiate by Accept (Turtle by default).
func (h *Handlers) Catalog(c *gin.Context, format string) {
	if format == "" {
		format = "ttl"
		if f, ok := NegotiateRDF(c.GetHeader("Accept")); ok {
			format = f
		}
	}
	f, ctype, ok := suffixFormat(format)
	if !ok {
		httpError(c, http.StatusNotFound, "Unbekanntes Format", "Unknown format")
		return
	}
	p, ok := profile(c)
	if !ok {
		return
	}
	page := 1
	if v, set := c.GetQuery("page"); set {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 1 || n > 1_000_000 {
			httpError(c, http.StatusConflict,
				"Der Parameter page muss eine positive ganze Zahl ab 1 sein",
				"Page param must be a positive integer starting in 1")
			return
		}
		page = n
	}
	var since time.Time
	if v := c.Query("modified_since"); v != "" {
		d, err := catalog.ParseDate(v)
		if err != nil {
			httpError(c, http.StatusBadRequest,
				"Falsches Datumsformat in modified_since, bitte ISO-8601 verwenden",
				"Wrong modified date format. Use ISO-8601 format")
			return
		}
		since = d.Time
	}
	ctx := c.Request.Context()
	per := h.perPage()
	q, fq := c.Query("q"), c.QueryArray("fq")
	var datasets []*catalog.Dataset
	total := 0
	if q != "" || len(fq) > 0 {
		sq := catalog.SearchQuery{Q: q, FQ: fq, Sort: "metadata_modified asc, id asc", Rows: per, Start: (page - 1) * per}
		if !since.IsZero() {
			sq.FQ = append(sq.FQ, "metadata_modified:["+since.UTC().Format("2006-01-02T15:04:05Z")+" TO *]")
		}
		res, err := h.Service.SearchDatasets(ctx, sq, false)
		if err != nil {
			serviceError(c, err)
			return
		}
		datasets, total = res.Datasets, res.Count
	} else {
		lf := catalog.ListFilter{ModifiedSince: since, Order: catalog.OrderModified, Offset: (page - 1) * per, Limit: per}
		n, err := h.Service.CountDatasets(ctx, lf)
		if err != nil {
			serviceError(c, err)
			return
		}
		total = n
		if (page-1)*per < total {
			// Datasets are small; a page of 100 is held to count it first
			// for the Hydra node, which comes before them in the document.
			err = h.Service.EachDataset(ctx, lf, func(d *catalog.Dataset) error {
				datasets = append(datasets, d)
				return nil
			})
			if err != nil {
				serviceError(c, err)
				return
			}
		}
	}
	info := h.Info
	if info.Modified.IsZero() {
		info.Modified = h.newest(c)
	}
	c.Header("Content-Type", ctype)
	c.Header("Vary", "Accept")
	c.Header("Cache-Control", "public, max-age=60")
	c.Status(http.StatusOK)
	if c.Request.Method == http.MethodHead {
		return
	}
	doc, err := NewDocument(c.Writer, f, h.Base, p)
	if err != nil {
		_ = c.Error(err)
		return
	}
	err = doc.Catalog(info)
	if err == nil {
		err = doc.Hydra(Page{URL: requestURL(h.Base, c), Params: c.Request.URL.Query(), Number: page, PerPage: per, Total: total})
	}
	for _, d := range datasets {
		if err != nil {
			break
		}
		err = doc.Dataset(d)
	}
	if err == nil {
		err = doc.Close()
	}
	if err != nil {
		_ = c.Error(err)
	}
}

// newest is the newest metadata change of a public dataset (the
// catalogue's dct:modified), zero when the catalogue is empty.
func (h *Handlers) newest(c *gin.Context) time.Time {
	var t time.Time
	_ = h.Service.EachDataset(c.Request.Context(), catalog.ListFilter{Order: catalog.OrderModifiedDesc, Limit: 1}, func(d *catalog.Dataset) error {
		t = d.ModifiedAt
		return nil
	})
	return t
}

// requestURL is the page's own URL without query, on the public base.
func requestURL(base string, c *gin.Context) string {
	return strings.TrimRight(base, "/") + c.Request.URL.Path
}

// Full streams the whole public catalogue, one dataset at a time, so a
// dump of any size holds one dataset in memory (plus the store's batch).
func (h *Handlers) Full(c *gin.Context, format string) {
	f, ctype, ok := suffixFormat(format)
	if !ok {
		httpError(c, http.StatusNotFound, "Unbekanntes Format", "Unknown format")
		return
	}
	p, ok := profile(c)
	if !ok {
		return
	}
	info := h.Info
	if info.Modified.IsZero() {
		info.Modified = h.newest(c)
	}
	c.Header("Content-Type", ctype)
	c.Header("Cache-Control", "public, max-age=300")
	c.Status(http.StatusOK)
	if c.Request.Method == http.MethodHead {
		return
	}
	doc, err := NewDocument(c.Writer, f, h.Base, p)
	if err != nil {
		_ = c.Error(err)
		return
	}
	if err = doc.Catalog(info); err == nil {
		err = h.Service.EachDataset(c.Request.Context(), catalog.ListFilter{Order: catalog.OrderModified}, doc.Dataset)
	}
	if err == nil {
		err = doc.Close()
	}
	if err != nil {
		_ = c.Error(err)
	}
}

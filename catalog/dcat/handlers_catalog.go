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
//
// Pages list datasets by created time, then id (catalog.OrderCreated), an
// order edits do not change. hydra:next carries, besides page=N+1, the
// cursor after=<token> naming the last dataset of this page, and the next
// page continues strictly after it. So a harvester that follows hydra:next
// (or nextPage) sees every dataset that is public throughout its walk
// exactly once, however datasets are edited or deleted meanwhile: an
// edited one keeps its place, a deleted one shifts nothing, and datasets
// created during the walk get a created time after the cursor's, so the
// walk still reaches them. The guarantee holds with modified_since too; a
// dataset edited into that window during the walk is seen if its place is
// still ahead. Whether a next page exists is asked of the store (one
// dataset more is read), not derived from hydra:totalItems, which stays
// the count of matching datasets: after deletions the walk may have more
// pages than the count implies.
//
// A page asked for without a cursor (?page=N, as ckanext-dcat and hand-made
// URLs do) is the offset (N-1)×per page, which edits and deletions between
// requests may shift; first, last and previous links are such offsets.
// Search results (q, fq) are ranked by the index and page by offset only.
// A malformed or overlong cursor is refused with 400.
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
	var after *catalog.DatasetCursor
	if v, set := c.GetQuery("after"); set {
		cur, err := decodeCursor(v)
		if err != nil {
			httpError(c, http.StatusBadRequest,
				"Der Parameter after ist ungültig; bitte dem Link hydra:next folgen oder mit page=1 neu beginnen",
				"Invalid after param; follow the hydra:next link or start again at page=1")
			return
		}
		after = &cur
	}
	ctx := c.Request.Context()
	per := h.perPage()
	q, fq := c.Query("q"), c.QueryArray("fq")
	var datasets []*catalog.Dataset
	total := 0
	hp := Page{URL: requestURL(h.Base, c), Params: c.Request.URL.Query(), Number: page, PerPage: per}
	if q != "" || len(fq) > 0 {
		// The same order as the list, so that a search page shows its
		// datasets as the catalogue does.
		sq := catalog.SearchQuery{Q: q, FQ: fq, Sort: "metadata_created asc, id asc", Rows: per, Start: (page - 1) * per}
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
		var err error
		datasets, total, hp.NextAfter, err = h.listPage(c, since, after, page, per)
		if err != nil {
			serviceError(c, err)
			return
		}
		// decodeCursor accepts only canonical base64, so the parameter
		// as sent is the token this page continues after.
		hp.Keyset, hp.After = true, c.Query("after")
	}
	hp.Total = total
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
		err = doc.Hydra(hp)
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

// listPage reads one catalogue page in OrderCreated: after the cursor if
// there is one, else at the page's offset. One dataset more than a page is
// read to learn whether a next page exists; next is the cursor continuing
// after the page's last dataset then, else "". Datasets are small; a page
// is held to count it first for the Hydra node, which comes before them
// in the document.
func (h *Handlers) listPage(c *gin.Context, since time.Time, after *catalog.DatasetCursor, page, per int) (ds []*catalog.Dataset, total int, next string, err error) {
	ctx := c.Request.Context()
	lf := catalog.ListFilter{ModifiedSince: since, Order: catalog.OrderCreated, After: after, Limit: per + 1}
	if after == nil {
		lf.Offset = (page - 1) * per
	}
	if total, err = h.Service.CountDatasets(ctx, lf); err != nil {
		return nil, 0, "", err
	}
	if after == nil && lf.Offset >= total {
		return nil, total, "", nil // past the end: no need to ask
	}
	err = h.Service.EachDataset(ctx, lf, func(d *catalog.Dataset) error {
		ds = append(ds, d)
		return nil
	})
	if err != nil {
		return nil, 0, "", err
	}
	if len(ds) > per {
		ds = ds[:per]
		next = encodeCursor(ds[per-1])
	}
	return ds, total, next, nil
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
		// The pages' order: a dump taken during edits lists each dataset
		// once, as its batches continue by key in an order edits keep.
		err = h.Service.EachDataset(c.Request.Context(), catalog.ListFilter{Order: catalog.OrderCreated}, doc.Dataset)
	}
	if err == nil {
		err = doc.Close()
	}
	if err != nil {
		_ = c.Error(err)
	}
}

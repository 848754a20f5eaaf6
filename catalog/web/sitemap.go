package web

import (
	"bufio"
	"encoding/xml"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

// maxSitemapURLs is the sitemap protocol's limit per file.
const maxSitemapURLs = 50000

// sitemap lists the public pages for search engines. It streams: the
// catalogue is read in batches by the store and written as it comes, and
// it is always read as an anonymous visitor, whoever asks.
func (w *Web) sitemap(c *gin.Context) {
	ctx := catalog.WithActor(c.Request.Context(), catalog.Anonymous)
	orgs, err := w.svc.Organizations(ctx)
	if err != nil {
		c.String(catalog.HTTPStatus(err), "sitemap unavailable")
		return
	}
	c.Header("Content-Type", "application/xml; charset=utf-8")
	c.Header("Cache-Control", "public, max-age=3600")
	c.Status(http.StatusOK)
	bw := bufio.NewWriter(c.Writer)
	defer bw.Flush()
	io.WriteString(bw, xml.Header+`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+"\n")
	n := 0
	entry := func(path, lastmod string) {
		n++
		io.WriteString(bw, "<url><loc>")
		xml.EscapeText(bw, []byte(w.absURL(c, path)))
		io.WriteString(bw, "</loc>")
		if lastmod != "" {
			io.WriteString(bw, "<lastmod>"+lastmod+"</lastmod>")
		}
		io.WriteString(bw, "</url>\n")
	}
	entry("/", "")
	entry("/dataset", "")
	entry("/organization", "")
	for _, o := range orgs {
		entry("/organization/"+pathEscape(o.Name), "")
	}
	err = w.svc.EachDataset(ctx, catalog.ListFilter{Order: catalog.OrderName, Limit: maxSitemapURLs - n}, func(d *catalog.Dataset) error {
		entry("/dataset/"+pathEscape(d.Name), d.ModifiedAt.UTC().Format("2006-01-02"))
		return nil
	})
	if err != nil {
		// Headers are out; end the document so what was written parses.
		w.log.Warn("sitemap", "err", err)
	}
	io.WriteString(bw, "</urlset>\n")
}

package web

import (
	"encoding/xml"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

const feedEntries = 50

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomEntry struct {
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Link    atomLink    `xml:"link"`
	Author  *atomAuthor `xml:"author,omitempty"`
	Summary string      `xml:"summary,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

// atomFeed lists the most recently changed public datasets, so people can
// follow a portal in a feed reader. Like the sitemap, it is read as an
// anonymous visitor whoever asks.
func (w *Web) atomFeed(c *gin.Context) {
	ctx := catalog.WithActor(c.Request.Context(), catalog.Anonymous)
	self := w.absURL(c, "/feeds/datasets.atom")
	f := atomFeed{Lang: "de", ID: self, Title: w.opt.SiteTitle + " – Datensätze",
		Links: []atomLink{{Href: self, Rel: "self", Type: "application/atom+xml"}, {Href: w.absURL(c, "/dataset"), Rel: "alternate", Type: "text/html"}}}
	var newest time.Time
	err := w.svc.EachDataset(ctx, catalog.ListFilter{Order: catalog.OrderModifiedDesc, Limit: feedEntries}, func(d *catalog.Dataset) error {
		u := w.absURL(c, "/dataset/"+pathEscape(d.Name))
		e := atomEntry{ID: w.absURL(c, "/dataset/"+pathEscape(d.ID)), Title: d.Title,
			Updated: d.ModifiedAt.UTC().Format(time.RFC3339), Link: atomLink{Href: u, Rel: "alternate", Type: "text/html"},
			Summary: truncateRunes(d.Description, 500)}
		if d.Publisher != nil && d.Publisher.Name != "" {
			e.Author = &atomAuthor{Name: d.Publisher.Name}
		}
		if d.ModifiedAt.After(newest) {
			newest = d.ModifiedAt
		}
		f.Entries = append(f.Entries, e)
		return nil
	})
	if err != nil {
		c.String(catalog.HTTPStatus(err), "feed unavailable")
		return
	}
	if newest.IsZero() {
		newest = time.Unix(0, 0)
	}
	f.Updated = newest.UTC().Format(time.RFC3339)
	out, err := xml.Marshal(f)
	if err != nil {
		c.String(http.StatusInternalServerError, "feed unavailable")
		return
	}
	c.Header("Cache-Control", "public, max-age=300")
	c.Data(http.StatusOK, "application/atom+xml; charset=utf-8", append([]byte(xml.Header), out...))
}

package dcat

import (
	"net/url"
	"strconv"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

// CatalogInfo describes the portal's dcat:Catalog.
type CatalogInfo struct {
	Title       string
	Description string
	Publisher   catalog.Agent // foaf:name is mandatory; defaults to Title
	Homepage    string        // defaults to the base URL
	Languages   []string      // EU language IRIs; default German
	License     string        // dcat-ap.de licence IRI of the metadata, optional
	Modified    time.Time     // newest metadata change; omitted when zero
}

// CatalogIRI is the catalogue's IRI: the base URL, as ckanext-dcat does.
func (e *Encoder) CatalogIRI() string { return e.Base + "/" }

// Catalog returns the triples of the catalogue node without its
// dcat:dataset links; those come with each dataset (DatasetInCatalog), so
// that a full dump never needs all ids at once.
func (e *Encoder) Catalog(c CatalogInfo) []graph.Triple {
	e.out = e.out[:0]
	s := graph.IRI(e.CatalogIRI())
	e.typ(s, nsDCAT+"Catalog")
	e.text(s, nsDCT+"title", c.Title)
	desc := c.Description
	if desc == "" {
		desc = c.Title
	}
	e.text(s, nsDCT+"description", desc)
	pub := c.Publisher
	if pub.Name == "" {
		pub.Name = c.Title
	}
	e.agent(s, nsDCT+"publisher", &pub)
	home := c.Homepage
	if home == "" {
		home = e.CatalogIRI()
	}
	e.iri(s, nsFOAF+"homepage", home)
	if !c.Modified.IsZero() {
		e.date(s, nsDCT+"modified", catalog.NewDateTime(c.Modified))
	}
	langs := c.Languages
	if len(langs) == 0 {
		langs = []string{euLanguage + "DEU"}
	}
	e.iris(s, nsDCT+"language", langs)
	e.iri(s, nsDCT+"license", c.License)
	e.iri(s, nsDCAT+"themeTaxonomy", dataThemeScheme)
	return e.out
}

// DatasetInCatalog is Dataset plus the catalogue's dcat:dataset link.
func (e *Encoder) DatasetInCatalog(d *catalog.Dataset) []graph.Triple {
	out := e.Dataset(d)
	link := graph.Triple{S: graph.IRI(e.CatalogIRI()), P: graph.IRI(nsDCAT + "dataset"), O: graph.IRI(e.DatasetIRI(d.ID))}
	e.out = append(out, link)
	return e.out
}

// Page describes one page of the paged catalogue.
type Page struct {
	URL     string     // absolute URL of the endpoint without query, e.g. <base>/catalog.ttl
	Params  url.Values // kept in page links: modified_since, profile(s), q, fq
	Number  int        // 1-based
	PerPage int
	Total   int
	// After is the cursor this page was asked for with, kept in its own
	// IRI so that the node names the page that was served.
	After string
	// Keyset marks a step of a keyset walk: the next link continues after
	// NextAfter, this page's last dataset, and is written exactly when
	// NextAfter is set, whatever Total implies. Deletions since the walk
	// began shift offsets, so the count cannot say whether datasets
	// follow; only the store can. Without Keyset, next is by count and
	// offset.
	Keyset    bool
	NextAfter string
}

// keptParams are carried into every page link, in this order. The cursor
// (after) is not: it belongs to one page.
var keptParams = []string{"modified_since", "profile", "profiles", "q", "fq"}

// PageURL returns the link to page n by offset.
func (p Page) PageURL(n int) string {
	q := ""
	for _, k := range keptParams {
		for _, v := range p.Params[k] {
			q += url.QueryEscape(k) + "=" + url.QueryEscape(v) + "&"
		}
	}
	return p.URL + "?" + q + "page=" + strconv.Itoa(n)
}

// pageURLAfter is the link to page n continuing after a cursor; page=n
// stays for display and for clients that build page URLs themselves.
func (p Page) pageURLAfter(n int, after string) string {
	if after == "" {
		return p.PageURL(n)
	}
	return p.PageURL(n) + "&after=" + url.QueryEscape(after)
}

// LastPage is the number of the last page (at least 1).
func (p Page) LastPage() int {
	if p.PerPage <= 0 || p.Total <= 0 {
		return 1
	}
	return (p.Total + p.PerPage - 1) / p.PerPage
}

// Hydra returns the paging node ckanext-dcat writes: a hydra:PagedCollection
// with both the deprecated (firstPage, nextPage, …) and the current
// (first, next, …) terms, links as string literals. Harvesters older than
// ckanext-dcat 1.7 read only nextPage, newer ones next. Nothing is written
// for an empty result, as in the reference. Only next carries a cursor;
// first, last and previous are offsets, as a client expects of page=N.
func (e *Encoder) Hydra(p Page) []graph.Triple {
	e.out = e.out[:0]
	if p.Total <= 0 && p.NextAfter == "" {
		return e.out
	}
	s := graph.IRI(p.pageURLAfter(p.Number, p.After))
	e.typ(s, nsHYDRA+"PagedCollection")
	e.add(s, graph.IRI(nsHYDRA+"totalItems"), graph.Integer(int64(p.Total)))
	e.add(s, graph.IRI(nsHYDRA+"itemsPerPage"), graph.Integer(int64(p.PerPage)))
	link := func(legacy, current, u string) {
		e.add(s, graph.IRI(nsHYDRA+legacy), graph.Literal(u))
		e.add(s, graph.IRI(nsHYDRA+current), graph.Literal(u))
	}
	last := p.LastPage()
	link("firstPage", "first", p.PageURL(1))
	link("lastPage", "last", p.PageURL(last))
	switch {
	case p.Keyset && p.NextAfter != "":
		link("nextPage", "next", p.pageURLAfter(p.Number+1, p.NextAfter))
	case !p.Keyset && p.Number < last:
		link("nextPage", "next", p.PageURL(p.Number+1))
	}
	if p.Number > 1 {
		prev := p.Number - 1
		if prev > last {
			prev = last
		}
		link("previousPage", "previous", p.PageURL(prev))
	}
	return e.out
}

package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

// facetFields are the search page's filters, named as CKAN names them so
// that a portal URL and a package_search call read the same.
var facetFields = []string{"organization", "groups", "res_format", "license_id", "tags", "geocoding_level"}

// facetTitleKeys name each facet in the message catalogue.
var facetTitleKeys = map[string]string{
	"organization": "facet.organization", "groups": "facet.groups", "res_format": "facet.res_format",
	"license_id": "facet.license_id", "tags": "facet.tags", "geocoding_level": "facet.geocoding_level",
}

// sortOptions map the short sort keys of portal URLs to CKAN sorts. CKAN
// spellings are accepted as well, so links copied from CKAN portals work.
var sortOptions = []struct{ Key, Sort, Msg string }{
	{"", "score desc, metadata_modified desc", "sort.relevance"},
	{"modified", "metadata_modified desc", "sort.modified"},
	{"created", "metadata_created desc", "sort.created"},
	{"title", "title_string asc", "sort.title"},
	{"title_desc", "title_string desc", "sort.title_desc"},
}

const (
	pageSize = 20
	// maxPage keeps start below the index's deep-paging limit; deeper walks
	// belong to the DCAT dump.
	maxPage     = 2000
	maxQueryLen = 500
	maxFilters  = 20
)

// searchParams is a parsed /dataset URL.
type searchParams struct {
	Q       string
	Filters map[string][]string // facet field → selected values
	Sort    string              // key of sortOptions
	Page    int
}

func parseSearchParams(q url.Values) searchParams {
	p := searchParams{Q: strings.TrimSpace(q.Get("q")), Filters: map[string][]string{}, Page: 1}
	if len(p.Q) > maxQueryLen {
		p.Q = truncateRunes(p.Q, maxQueryLen)
	}
	n := 0
	for _, f := range facetFields {
		for _, v := range q[f] {
			v = strings.TrimSpace(v)
			if v == "" || len(v) > 200 || n >= maxFilters || containsStr(p.Filters[f], v) {
				continue
			}
			p.Filters[f] = append(p.Filters[f], v)
			n++
		}
	}
	s := q.Get("sort")
	for _, o := range sortOptions {
		if s == o.Key || s == o.Sort {
			p.Sort = o.Key
		}
	}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 {
		p.Page = min(n, maxPage)
	}
	return p
}

// query turns the parameters into a CKAN search: filters become fq
// clauses with quoted values, so user input is never query syntax.
func (p searchParams) query(rows int) catalog.SearchQuery {
	sq := catalog.SearchQuery{Q: p.Q, Rows: rows, Start: (p.Page - 1) * rows, FacetFields: facetFields, FacetLimit: 50}
	for _, f := range facetFields {
		for _, v := range p.Filters[f] {
			sq.FQ = append(sq.FQ, f+":"+quoteTerm(v))
		}
	}
	for _, o := range sortOptions {
		if o.Key == p.Sort {
			sq.Sort = o.Sort
		}
	}
	return sq
}

// quoteTerm makes a phrase of v in Solr syntax.
func quoteTerm(v string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
}

// plainQuery removes query syntax from what a visitor typed, for a
// second try when the first was not a valid query ("Bäume (Stadt").
func plainQuery(q string) string {
	r := strings.NewReplacer("(", " ", ")", " ", "[", " ", "]", " ", "{", " ", "}", " ", `"`, " ",
		"^", " ", "~", " ", ":", " ", `\`, " ", "/", " ", "!", " ", "+", " ", "-", " ", "*", " ",
		"?", " ", "&", " ", "|", " ")
	return strings.Join(strings.Fields(r.Replace(q)), " ")
}

// values renders the parameters as a query string; page 1 and the default
// sort are left out so URLs stay short and shareable.
func (p searchParams) values() url.Values {
	v := url.Values{}
	if p.Q != "" {
		v.Set("q", p.Q)
	}
	for _, f := range facetFields {
		for _, x := range p.Filters[f] {
			v.Add(f, x)
		}
	}
	if p.Sort != "" {
		v.Set("sort", p.Sort)
	}
	if p.Page > 1 {
		v.Set("page", strconv.Itoa(p.Page))
	}
	return v
}

func (p searchParams) clone() searchParams {
	c := p
	c.Filters = map[string][]string{}
	for k, v := range p.Filters {
		c.Filters[k] = append([]string(nil), v...)
	}
	return c
}

// toggle returns the URL with value v of field f switched on or off,
// back on page 1.
func (p searchParams) toggle(base, f, v string) string {
	c := p.clone()
	c.Page = 1
	if containsStr(c.Filters[f], v) {
		var keep []string
		for _, x := range c.Filters[f] {
			if x != v {
				keep = append(keep, x)
			}
		}
		c.Filters[f] = keep
	} else {
		c.Filters[f] = append(c.Filters[f], v)
	}
	return c.url(base)
}

func (p searchParams) url(base string) string {
	if e := p.values().Encode(); e != "" {
		return base + "?" + e
	}
	return base
}

func (p searchParams) withPage(base string, n int) string {
	c := p.clone()
	c.Page = n
	return c.url(base)
}

func (p searchParams) withSort(base, key string) string {
	c := p.clone()
	c.Sort, c.Page = key, 1
	return c.url(base)
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// pager is the paging bar of a result list.
type pager struct {
	Page, Pages int
	Prev, Next  string
}

func newPager(p searchParams, base string, count, rows int) pager {
	pages := min((count+rows-1)/rows, maxPage)
	pg := pager{Page: p.Page, Pages: pages}
	if p.Page > 1 {
		pg.Prev = p.withPage(base, p.Page-1)
	}
	if p.Page < pages {
		pg.Next = p.withPage(base, p.Page+1)
	}
	return pg
}

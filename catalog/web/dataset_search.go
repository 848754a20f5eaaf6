package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

// results is a searched list with its facet sidebar, shared by the search
// page and organisation pages.
type results struct {
	Count      int
	Datasets   []*catalog.Dataset
	Facets     []facetView
	Active     []activeFilter
	Sorts      []sortLink
	Pager      pager
	QueryError bool // the query was not valid syntax and was searched as plain words
	ClearURL   string
}

type facetView struct {
	Field, Title string
	Items        []facetItem // the first few, always shown
	More         []facetItem // the rest, behind a disclosure
}

type facetItem struct {
	Label    string
	Count    int
	URL      string
	Selected bool
}

type activeFilter struct {
	Facet, Label, RemoveURL string
}

type sortLink struct {
	Label, URL string
	Current    bool
}

type searchPage struct {
	*view
	Res *results
}

// datasetSearch serves /dataset: full-text search with filters, sorting
// and paging, all in the URL so results can be shared.
func (w *Web) datasetSearch(c *gin.Context) {
	p := parseSearchParams(c.Request.URL.Query())
	v := w.newView(c, "")
	v.Nav, v.Query = "dataset", p.Q
	v.Title = v.T("search.title")
	res, err := w.search(c, v, p, "/dataset", "")
	if err != nil {
		w.fail(c, err)
		return
	}
	w.render(c, http.StatusOK, "search", &searchPage{view: v, Res: res})
}

// search runs p, showing logged-in users the private datasets they may
// read (as CKAN does), and builds the sidebar. org fixes the organisation
// (on its own page), which then has no facet of its own.
func (w *Web) search(c *gin.Context, v *view, p searchParams, base, org string) (*results, error) {
	ctx := c.Request.Context()
	private := catalog.ActorFrom(ctx).LoggedIn()
	out := &results{ClearURL: base}
	hideFacet := ""
	query := func(p searchParams) catalog.SearchQuery {
		sq := p.query(pageSize)
		if org != "" {
			sq.FQ = append(sq.FQ, "organization:"+quoteTerm(org))
		}
		return sq
	}
	if org != "" {
		hideFacet = "organization"
		delete(p.Filters, "organization")
	}
	res, err := w.svc.SearchDatasets(ctx, query(p), private)
	if catalog.ErrorCode(err) == catalog.EQUERY && p.Q != "" {
		// Visitors type words, not Solr: search what they meant.
		p2 := p.clone()
		p2.Q = plainQuery(p.Q)
		res, err = w.svc.SearchDatasets(ctx, query(p2), private)
		out.QueryError = true
	}
	if err != nil {
		return nil, err
	}
	out.Count, out.Datasets = res.Count, res.Datasets
	out.Pager = newPager(p, base, res.Count, pageSize)
	orgs := w.orgsByName(c)
	for _, f := range facetFields {
		if f == hideFacet {
			continue
		}
		fv := facetView{Field: f, Title: v.T(facetTitleKeys[f])}
		seen := map[string]bool{}
		for _, fc := range res.Facets[f] {
			item := facetItem{Label: facetLabel(f, fc.Value, v.Lang, orgs), Count: fc.Count,
				URL: p.toggle(base, f, fc.Value), Selected: containsStr(p.Filters[f], fc.Value)}
			seen[fc.Value] = true
			if len(fv.Items) < 8 || item.Selected {
				fv.Items = append(fv.Items, item)
			} else {
				fv.More = append(fv.More, item)
			}
		}
		for _, x := range p.Filters[f] {
			label := facetLabel(f, x, v.Lang, orgs)
			out.Active = append(out.Active, activeFilter{Facet: fv.Title, Label: label, RemoveURL: p.toggle(base, f, x)})
			if !seen[x] {
				// A selected value with no hits left still shows, so it
				// can be switched off.
				fv.Items = append(fv.Items, facetItem{Label: label, URL: p.toggle(base, f, x), Selected: true})
			}
		}
		if len(fv.Items) > 0 {
			out.Facets = append(out.Facets, fv)
		}
	}
	for _, o := range sortOptions {
		out.Sorts = append(out.Sorts, sortLink{Label: v.T(o.Msg), URL: p.withSort(base, o.Key), Current: o.Key == p.Sort})
	}
	if p.Q != "" {
		clear := p.clone()
		clear.Filters, clear.Page = map[string][]string{}, 1
		out.ClearURL = clear.url(base)
	}
	return out, nil
}

// orgsByName maps organisation names to records for facet labels.
func (w *Web) orgsByName(c *gin.Context) map[string]*catalog.Organization {
	out := map[string]*catalog.Organization{}
	orgs, err := w.svc.Organizations(c.Request.Context())
	if err != nil {
		w.log.Warn("listing organisations", "err", err)
		return out
	}
	for _, o := range orgs {
		out[o.Name] = o
	}
	return out
}

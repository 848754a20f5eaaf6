package web

import (
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/schemas"
)

type homePage struct {
	*view
	Total  int
	Themes []themeCount
	Newest []*catalog.Dataset
	Orgs   []orgCount
}

type themeCount struct {
	Code, Label string
	Count       int
}

type orgCount struct {
	*catalog.Organization
	Count int
}

// home shows the search box, the 13 EU themes with counts, the newest
// datasets and the publishers. Counts come from one facet query; the home
// page never shows private datasets, even to their editors, so it can be
// the same for everyone.
func (w *Web) home(c *gin.Context) {
	ctx := catalog.WithActor(c.Request.Context(), catalog.Anonymous)
	v := w.newView(c, "")
	p := &homePage{view: v}
	counts := map[string]map[string]int{}
	res, err := w.svc.SearchDatasets(ctx, catalog.SearchQuery{
		Rows: 6, Sort: "metadata_modified desc",
		FacetFields: []string{"groups", "organization"}, FacetLimit: -1,
	}, false)
	if err == nil {
		p.Total, p.Newest = res.Count, res.Datasets
		for field, fcs := range res.Facets {
			counts[field] = map[string]int{}
			for _, fc := range fcs {
				counts[field][fc.Value] = fc.Count
			}
		}
	} else {
		// Without the index the page still works from the store.
		w.log.Warn("home: search unavailable", "err", err)
		_ = w.svc.EachDataset(ctx, catalog.ListFilter{Order: catalog.OrderModifiedDesc, Limit: 6}, func(d *catalog.Dataset) error {
			p.Newest = append(p.Newest, d)
			return nil
		})
	}
	for _, t := range schemas.Themes() {
		code := strings.ToLower(t.Code)
		p.Themes = append(p.Themes, themeCount{Code: code, Label: t.Label(v.Lang), Count: counts["groups"][code]})
	}
	orgs, err := w.svc.Organizations(ctx)
	if err != nil {
		w.fail(c, err)
		return
	}
	for _, o := range orgs {
		p.Orgs = append(p.Orgs, orgCount{Organization: o, Count: counts["organization"][o.Name]})
	}
	sort.SliceStable(p.Orgs, func(i, j int) bool { return p.Orgs[i].Count > p.Orgs[j].Count })
	w.render(c, http.StatusOK, "home", p)
}

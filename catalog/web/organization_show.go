package web

import (
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

type organizationsPage struct {
	*view
	Orgs []orgCount
}

// organizationList lists the publishers with their public dataset counts.
func (w *Web) organizationList(c *gin.Context) {
	ctx := c.Request.Context()
	v := w.newView(c, "")
	v.Nav = "organization"
	v.Title = v.T("orgs.title")
	orgs, err := w.svc.Organizations(ctx)
	if err != nil {
		w.fail(c, err)
		return
	}
	counts, err := w.svc.CountByOrganization(catalog.WithActor(ctx, catalog.Anonymous), false)
	if err != nil {
		w.fail(c, err)
		return
	}
	p := &organizationsPage{view: v}
	for _, o := range orgs {
		p.Orgs = append(p.Orgs, orgCount{Organization: o, Count: counts[o.ID]})
	}
	sort.SliceStable(p.Orgs, func(i, j int) bool {
		return strings.ToLower(p.Orgs[i].Title) < strings.ToLower(p.Orgs[j].Title)
	})
	w.render(c, http.StatusOK, "organizations", p)
}

type organizationPage struct {
	*view
	Org       *catalog.Organization
	Res       *results
	IsEditor  bool
	IsAdmin   bool
	ExportURL string
}

// organizationShow is an organisation's page: who they are and their
// datasets, searchable and filterable like the main search.
func (w *Web) organizationShow(c *gin.Context) {
	ctx := c.Request.Context()
	org, err := w.svc.Organization(ctx, c.Param("name"))
	if err == nil && org.State != catalog.StateActive {
		err = catalog.NotFound("Organization")
	}
	if err != nil {
		w.fail(c, err)
		return
	}
	if c.Param("name") != org.Name {
		// One URL per organisation: ids redirect to the name.
		c.Redirect(http.StatusMovedPermanently, "/organization/"+pathEscape(org.Name))
		return
	}
	v := w.newView(c, org.Title)
	v.Nav = "organization"
	p := parseSearchParams(c.Request.URL.Query())
	v.Query = p.Q
	base := "/organization/" + pathEscape(org.Name)
	res, err := w.search(c, v, p, base, org.Name)
	if err != nil {
		w.fail(c, err)
		return
	}
	a := catalog.ActorFrom(ctx)
	w.render(c, http.StatusOK, "organization", &organizationPage{view: v, Org: org, Res: res,
		IsEditor: a.CanEdit(org.ID), IsAdmin: a.HasRole(org.ID, catalog.RoleAdmin),
		ExportURL: base + "/export.xlsx"})
}

package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

const dashboardPageSize = 25

type dashboardPage struct {
	*view
	Orgs    []orgTab
	Org     *catalog.Organization
	CanEdit bool
	IsAdmin bool
	Total   int
	Rows    []dashRow
	Pager   pager
}

type orgTab struct {
	Name, Title, URL string
	Current          bool
}

type dashRow struct {
	D        *catalog.Dataset
	Errors   int
	Warnings int
	Top      []findingView
}

// dashboard is the data officer's start page: their organisations, each
// with all its datasets (drafts and private ones too) and what the
// DCAT-AP.de validation says about each.
func (w *Web) dashboard(c *gin.Context) {
	ctx := c.Request.Context()
	a := catalog.ActorFrom(ctx)
	v := w.newView(c, "")
	v.Title, v.Nav = v.T("dashboard.title"), "dashboard"
	orgs, err := w.actorOrgs(c)
	if err != nil {
		w.fail(c, err)
		return
	}
	p := &dashboardPage{view: v}
	want := c.Query("org")
	for _, o := range orgs {
		if p.Org == nil || o.Name == want {
			p.Org = o
		}
	}
	for _, o := range orgs {
		p.Orgs = append(p.Orgs, orgTab{Name: o.Name, Title: o.Title, URL: "/dashboard?org=" + url.QueryEscape(o.Name), Current: o == p.Org})
	}
	if p.Org == nil {
		w.render(c, http.StatusOK, "dashboard", p)
		return
	}
	p.CanEdit, p.IsAdmin = a.CanEdit(p.Org.ID), a.HasRole(p.Org.ID, catalog.RoleAdmin)
	page, _ := strconv.Atoi(c.Query("page"))
	page = max(1, min(page, maxPage))
	lf := catalog.ListFilter{IncludePrivate: true, IncludeDrafts: true, OrganizationID: p.Org.ID,
		Order: catalog.OrderModifiedDesc, Offset: (page - 1) * dashboardPageSize, Limit: dashboardPageSize}
	if p.Total, err = w.svc.CountDatasets(ctx, lf); err != nil {
		w.fail(c, err)
		return
	}
	err = w.svc.EachDataset(ctx, lf, func(d *catalog.Dataset) error {
		row := dashRow{D: d}
		if _, fs, err := w.svc.ValidateDataset(ctx, d.ID); err == nil {
			for _, f := range findingViews(fs, v.Lang) {
				if f.Error {
					row.Errors++
				} else {
					row.Warnings++
				}
				if len(row.Top) < 3 {
					row.Top = append(row.Top, f)
				}
			}
		}
		p.Rows = append(p.Rows, row)
		return nil
	})
	if err != nil {
		w.fail(c, err)
		return
	}
	base := "/dashboard?org=" + url.QueryEscape(p.Org.Name)
	p.Pager = pager{Page: page, Pages: (p.Total + dashboardPageSize - 1) / dashboardPageSize}
	if page > 1 {
		p.Pager.Prev = base + "&page=" + strconv.Itoa(page-1)
	}
	if page < p.Pager.Pages {
		p.Pager.Next = base + "&page=" + strconv.Itoa(page+1)
	}
	w.render(c, http.StatusOK, "dashboard", p)
}

// actorOrgs lists the organisations the actor belongs to (all of them
// for sysadmins), by title.
func (w *Web) actorOrgs(c *gin.Context) ([]*catalog.Organization, error) {
	ctx := c.Request.Context()
	a := catalog.ActorFrom(ctx)
	all, err := w.svc.Organizations(ctx)
	if err != nil {
		return nil, err
	}
	var out []*catalog.Organization
	for _, o := range all {
		if a.HasRole(o.ID, catalog.RoleMember) {
			out = append(out, o)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i].Title) < strings.ToLower(out[j].Title) })
	return out, nil
}

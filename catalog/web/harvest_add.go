package web

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/schemas"
)

// sourceForm is the add-source form as the browser sends it.
type sourceForm struct {
	Name, Kind, URL, Org, Schedule, License string
}

type harvestNewPage struct {
	*view
	*formState
	Form      sourceForm
	Orgs      []option
	Kinds     []option
	Schedules []option
	Licenses  []optgroup
}

// reservedSourceNames are taken by the harvest pages' own paths
// (/harvest/new, /harvest/job/…).
var reservedSourceNames = []string{"new", "job"}

// schedulePresets are the schedules the form offers ("" is manual).
var schedulePresets = []string{"", "@hourly", "6h", "@daily", "@weekly"}

// sourceFields maps AddSource's field names to the form's inputs.
var sourceFields = map[string]string{"name": "name", "kind": "kind", "url": "url",
	"organization": "organization", "schedule": "schedule", "default_license": "default_license"}

// harvestNew shows the form to add a source; ?organization= preselects
// the owner.
func (w *Web) harvestNew(c *gin.Context) {
	orgs, err := w.adminOrgs(c)
	if err == nil && len(orgs) == 0 {
		err = errHarvestForbidden()
	}
	if err != nil {
		w.fail(c, err)
		return
	}
	f := sourceForm{Kind: harvest.KindCKAN, Schedule: "@daily"}
	for _, o := range orgs {
		if o.Name == c.Query("organization") || len(orgs) == 1 {
			f.Org = o.ID
		}
	}
	w.renderSourceForm(c, http.StatusOK, f, orgs, newFormState())
}

// harvestCreate checks the form, then adds the source through the
// harvester, which also checks the kind's settings.
func (w *Web) harvestCreate(c *gin.Context) {
	orgs, err := w.adminOrgs(c)
	if err == nil && len(orgs) == 0 {
		err = errHarvestForbidden()
	}
	if err != nil {
		w.fail(c, err)
		return
	}
	pf := c.Request.PostForm
	f := sourceForm{Name: strings.ToLower(clean(pf.Get("name"), 200)), Kind: clean(pf.Get("kind"), 40),
		URL: clean(pf.Get("url"), 2000), Org: clean(pf.Get("organization"), 200),
		Schedule: clean(pf.Get("schedule"), 40), License: clean(pf.Get("default_license"), 500)}
	v := w.newView(c, "")
	st := newFormState()
	labels := sourceLabels(v)
	var org *catalog.Organization
	for _, o := range orgs {
		if o.ID == f.Org {
			org = o
		}
	}
	if f.Name == "" {
		st.add("name", labels["name"], v.T("form.missing"))
	} else if e := catalog.CheckName("name", f.Name); e != nil {
		st.addServiceError(e, sourceFields, labels, v.Lang)
	} else if containsStr(reservedSourceNames, f.Name) {
		st.add("name", labels["name"], v.T("harvest.err.reserved"))
	}
	if !containsStr(harvestKinds, f.Kind) {
		st.add("kind", labels["kind"], v.T("harvest.err.kind"))
	}
	if f.URL == "" {
		st.add("url", labels["url"], v.T("form.missing"))
	} else if _, err := harvest.CheckURL(f.URL); err != nil {
		m := harvest.MessageOf(err)
		st.add("url", labels["url"], v.Msg(m.DE, m.EN))
	}
	if org == nil {
		st.add("organization", labels["organization"], v.T("harvest.err.org"))
	}
	if !containsStr(schedulePresets, f.Schedule) {
		st.add("schedule", labels["schedule"], v.T("form.choose"))
	}
	if _, ok := schemas.LicenseByIRI(f.License); f.License != "" && !ok {
		st.add("default_license", labels["default_license"], v.T("form.choose"))
	}
	if st.failed() {
		w.renderSourceForm(c, http.StatusUnprocessableEntity, f, orgs, st)
		return
	}
	src := &harvest.SourceConfig{Name: f.Name, Kind: f.Kind, URL: f.URL, OrganizationID: org.ID, Schedule: f.Schedule}
	if f.License != "" {
		src.Config, _ = json.Marshal(map[string]string{"default_license": f.License})
	}
	saved, err := w.opt.Harvester.AddSource(c.Request.Context(), src)
	if err != nil {
		if st.addServiceError(err, sourceFields, labels, v.Lang) {
			w.renderSourceForm(c, http.StatusUnprocessableEntity, f, orgs, st)
			return
		}
		w.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/harvest/"+pathEscape(saved.Name)+"?run=added")
}

func sourceLabels(v *view) map[string]string {
	return map[string]string{
		"name": v.T("harvest.field.name"), "kind": v.T("harvest.field.kind"), "url": v.T("harvest.field.url"),
		"organization": v.T("harvest.field.organization"), "schedule": v.T("harvest.field.schedule"),
		"default_license": v.T("harvest.field.default_license"),
	}
}

func (w *Web) renderSourceForm(c *gin.Context, status int, f sourceForm, orgs []*catalog.Organization, st *formState) {
	v := w.newView(c, "")
	v.Title, v.Nav = v.T("harvest.new_title"), "harvest"
	p := &harvestNewPage{view: v, formState: st, Form: f, Licenses: licenseGroups(f.License, v.Lang)}
	for _, o := range orgs {
		p.Orgs = append(p.Orgs, option{Value: o.ID, Label: o.Title, Selected: o.ID == f.Org})
	}
	for _, k := range harvestKinds {
		p.Kinds = append(p.Kinds, option{Value: k, Label: v.KindLabel(k), Selected: k == f.Kind})
	}
	for _, s := range schedulePresets {
		p.Schedules = append(p.Schedules, option{Value: s, Label: v.ScheduleLabel(s), Selected: s == f.Schedule})
	}
	w.render(c, status, "harvest_new", p)
}

// adminOrgs are the organisations the actor administers (all of them for
// sysadmins), by title.
func (w *Web) adminOrgs(c *gin.Context) ([]*catalog.Organization, error) {
	a := catalog.ActorFrom(c.Request.Context())
	all, err := w.svc.Organizations(c.Request.Context())
	if err != nil {
		return nil, err
	}
	var out []*catalog.Organization
	for _, o := range all {
		if a.HasRole(o.ID, catalog.RoleAdmin) {
			out = append(out, o)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i].Title) < strings.ToLower(out[j].Title) })
	return out, nil
}

package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/schemas"
)

// orgForm is the organisation settings form as the browser sends it.
type orgForm struct {
	Title, Description, Homepage, Email string
	// Contributor is the picked contributor ID; ContributorOther a free
	// IRI for one not (yet) in the GovData list, which wins.
	Contributor, ContributorOther string
	PublisherType, License        string
	GeoLevel, GeoURI              string
}

type orgEditPage struct {
	*view
	*formState
	Org                                     *catalog.Organization
	Form                                    orgForm
	Saved                                   bool
	Contributors, PublisherTypes, GeoLevels []option
	Licenses                                []optgroup
}

// orgFields maps the Service's field names to the form's inputs.
var orgFields = map[string]string{"title": "title", "description": "description", "homepage": "homepage",
	"email": "email", "contributor_id": "contributor_id", "publisher_type": "publisher_type",
	"default_license": "default_license", "political_geocoding_level": "geo_level",
	"political_geocoding_uri": "geo_uri"}

func orgFormFrom(o *catalog.Organization) orgForm {
	f := orgForm{Title: o.Title, Description: o.Description, Homepage: o.Homepage, Email: o.Email,
		PublisherType: o.PublisherType, License: o.DefaultLicense,
		GeoLevel: o.PoliticalGeocodingLevel, GeoURI: o.PoliticalGeocodingURI}
	if schemas.Contributors().Contains(o.ContributorID) {
		f.Contributor = o.ContributorID
	} else {
		f.ContributorOther = o.ContributorID
	}
	return f
}

// administeredOrg loads :name for its admins (and sysadmins) only.
func (w *Web) administeredOrg(c *gin.Context) (*catalog.Organization, error) {
	ctx := c.Request.Context()
	org, err := w.svc.Organization(ctx, c.Param("name"))
	if err == nil && org.State != catalog.StateActive {
		err = catalog.NotFound("Organization")
	}
	if err != nil {
		return nil, err
	}
	if !catalog.ActorFrom(ctx).HasRole(org.ID, catalog.RoleAdmin) {
		return nil, catalog.Forbidden("not an admin of this organisation")
	}
	return org, nil
}

// organizationEdit shows an organisation's settings to its admins.
func (w *Web) organizationEdit(c *gin.Context) {
	org, err := w.administeredOrg(c)
	if err != nil {
		w.fail(c, err)
		return
	}
	w.renderOrgForm(c, http.StatusOK, org, orgFormFrom(org), newFormState(), c.Query("saved") == "1")
}

// organizationUpdate checks the form and saves it through the Service,
// keeping what the form does not show (name, image).
func (w *Web) organizationUpdate(c *gin.Context) {
	org, err := w.administeredOrg(c)
	if err != nil {
		w.fail(c, err)
		return
	}
	pf := c.Request.PostForm
	get := func(k string, n int) string { return clean(pf.Get(k), n) }
	f := orgForm{Title: get("title", 300), Description: get("description", 20000), Homepage: get("homepage", 2000),
		Email: get("email", 300), Contributor: get("contributor_id", 500), ContributorOther: get("contributor_other", 500),
		PublisherType: get("publisher_type", 500), License: get("default_license", 500),
		GeoLevel: get("geo_level", 500), GeoURI: get("geo_uri", 500)}
	v := w.newView(c, "")
	st := newFormState()
	labels := orgLabels(v)
	check := func(input string, ok bool, key string) {
		if !ok {
			st.add(input, labels[input], v.T(key))
		}
	}
	check("title", f.Title != "", "form.missing")
	check("homepage", f.Homepage == "" || safeURL(f.Homepage) != "", "orgedit.err.url")
	check("contributor_id", f.Contributor == "" || schemas.Contributors().Contains(f.Contributor), "form.choose")
	check("contributor_other", f.ContributorOther == "" || isHTTPIRI(f.ContributorOther), "orgedit.err.iri")
	check("publisher_type", f.PublisherType == "" || schemas.PublisherTypes().Contains(f.PublisherType), "form.choose")
	_, known := schemas.LicenseByIRI(f.License)
	check("default_license", f.License == "" || known, "form.choose")
	check("geo_level", f.GeoLevel == "" || schemas.GeocodingLevelVocabulary().Contains(f.GeoLevel), "form.choose")
	if f.GeoURI != "" {
		f.GeoURI = geoKeyIRI(schemas.NormalizeDCATAPDE(f.GeoURI))
		check("geo_uri", schemas.IsGeocodingURI(f.GeoURI), "form.geo_invalid")
	}
	if st.failed() {
		w.renderOrgForm(c, http.StatusUnprocessableEntity, org, f, st, false)
		return
	}
	o := *org
	o.Title, o.Description, o.Homepage, o.Email = f.Title, f.Description, f.Homepage, f.Email
	o.ContributorID = firstNonEmpty(f.ContributorOther, f.Contributor)
	o.PublisherType, o.DefaultLicense = f.PublisherType, f.License
	o.PoliticalGeocodingLevel, o.PoliticalGeocodingURI = f.GeoLevel, f.GeoURI
	if _, err := w.svc.UpdateOrganization(c.Request.Context(), &o); err != nil {
		fields := orgFields
		if f.ContributorOther != "" {
			fields = withField(orgFields, "contributor_id", "contributor_other")
		}
		if st.addServiceError(err, fields, labels, v.Lang) {
			w.renderOrgForm(c, http.StatusUnprocessableEntity, org, f, st, false)
			return
		}
		w.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/organization/"+pathEscape(org.Name)+"/edit?saved=1")
}

func orgLabels(v *view) map[string]string {
	return map[string]string{
		"title": v.T("orgedit.field.title"), "description": v.Field("description"),
		"homepage": v.T("org.homepage"), "email": v.T("orgedit.field.email"),
		"contributor_id": v.Field("contributor_ids"), "contributor_other": v.T("orgedit.field.contributor_other"),
		"publisher_type": v.T("orgedit.field.publisher_type"), "default_license": v.T("orgedit.field.default_license"),
		"geo_level": v.Field("political_geocoding_level"), "geo_uri": v.Field("political_geocoding_uris"),
	}
}

func (w *Web) renderOrgForm(c *gin.Context, status int, org *catalog.Organization, f orgForm, st *formState, saved bool) {
	v := w.newView(c, "")
	v.Title, v.Nav = v.T("orgedit.title", org.Title), "dashboard"
	p := &orgEditPage{view: v, formState: st, Org: org, Form: f, Saved: saved,
		Contributors:   byLabel(concepts(schemas.Contributors().All(), []string{f.Contributor}, v.Lang)),
		PublisherTypes: concepts(schemas.PublisherTypes().All(), []string{f.PublisherType}, v.Lang),
		GeoLevels:      geoLevelOptions(f.GeoLevel, v.Lang),
		Licenses:       licenseGroups(f.License, v.Lang)}
	w.render(c, status, "organization_edit", p)
}

// isHTTPIRI accepts absolute http(s) IRIs, as contributor IDs are.
func isHTTPIRI(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && !strings.ContainsAny(s, " <>\"")
}

// withField returns a copy of m with one more entry.
func withField(m map[string]string, k, v string) map[string]string {
	out := make(map[string]string, len(m)+1)
	for a, b := range m {
		out[a] = b
	}
	out[k] = v
	return out
}

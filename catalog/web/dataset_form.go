package web

import (
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// datasetForm is the dataset form's fields as the browser sends them.
type datasetForm struct {
	Name, Title, Description, Keywords string
	Org                                string // organisation id
	Private                            bool
	Themes                             []string
	Frequency                          string
	Issued, Modified                   string
	TemporalStart, TemporalEnd         string
	LandingPage                        string
	ContactName, ContactEmail          string
	ContactURL, ContactPhone           string
	GeoLevel, GeoURIs                  string
	Languages                          []string
	AccessRights, Version              string
	ModifiedAt                         string // the record's version when the form was opened
	State                              string // "active" or "draft": which button was pressed
	moreFields
}

// formFromDataset fills the form from a stored dataset.
func formFromDataset(d *catalog.Dataset) datasetForm {
	f := datasetForm{
		Name: d.Name, Title: d.Title, Description: d.Description, Keywords: strings.Join(d.Keywords, ", "),
		Org: d.OrganizationID, Private: d.Private, Themes: d.Themes, Frequency: d.AccrualPeriodicity,
		Issued: formDate(d.Issued), Modified: formDate(d.Modified), LandingPage: d.LandingPage,
		GeoLevel: d.PoliticalGeocodingLevel, GeoURIs: strings.Join(d.PoliticalGeocodingURIs, "\n"),
		Languages: d.Languages, AccessRights: d.AccessRights, Version: d.Version, State: d.State,
		moreFields: moreFromDataset(d),
	}
	if !d.ModifiedAt.IsZero() {
		f.ModifiedAt = d.ModifiedAt.UTC().Format(time.RFC3339Nano)
	}
	if len(d.Temporal) > 0 {
		f.TemporalStart, f.TemporalEnd = formDate(d.Temporal[0].Start), formDate(d.Temporal[0].End)
	}
	if cp := d.ContactPoint; cp != nil {
		f.ContactName, f.ContactEmail, f.ContactURL, f.ContactPhone = cp.Name, cp.Email, cp.URL, cp.Telephone
	}
	return f
}

// formFromValues reads a posted form; every value is trimmed and bounded
// (the Service and validator check the content).
func formFromValues(v url.Values) datasetForm {
	get := func(k string) string { return clean(v.Get(k), 20000) }
	f := datasetForm{
		Name: strings.ToLower(get("name")), Title: get("title"), Description: get("description"), Keywords: get("keywords"),
		Org: get("organization"), Private: v.Get("private") == "on", Frequency: get("frequency"),
		Issued: get("issued"), Modified: get("modified"), TemporalStart: get("temporal_start"), TemporalEnd: get("temporal_end"),
		LandingPage: get("landing_page"), ContactName: get("contact_name"), ContactEmail: get("contact_email"),
		ContactURL: get("contact_url"), ContactPhone: get("contact_phone"), GeoLevel: get("geo_level"), GeoURIs: get("geo_uris"),
		AccessRights: get("access_rights"), Version: get("version"), ModifiedAt: get("modified_at"), State: get("state"),
		moreFields: moreFromValues(v),
	}
	for _, t := range limitList(v["themes"], 20) {
		f.Themes = append(f.Themes, clean(t, 500))
	}
	for _, l := range limitList(v["languages"], 50) {
		f.Languages = append(f.Languages, clean(l, 500))
	}
	if f.State != catalog.StateDraft {
		f.State = catalog.StateActive
	}
	return f
}

func clean(s string, max int) string {
	s = strings.TrimSpace(strings.ToValidUTF8(s, ""))
	if len(s) > max {
		s = truncateRunes(s, max)
	}
	return s
}

func limitList(v []string, n int) []string {
	if len(v) > n {
		return v[:n]
	}
	return v
}

// apply writes the form onto d (a clone of the stored dataset, or a new
// one), leaving the properties the form does not show untouched, so
// editing in the portal keeps what the API or a harvest set. Values that
// cannot be parsed come back as field errors (message keys).
func (f datasetForm) apply(d *catalog.Dataset) map[string][]string {
	errs := map[string][]string{}
	d.Name, d.Title, d.Description = f.Name, f.Title, f.Description
	if f.Name == "" {
		d.Name = catalog.Slugify(f.Title)
	}
	d.OrganizationID, d.Private, d.State = f.Org, f.Private, f.State
	d.Keywords = splitList(f.Keywords)
	d.Themes = f.Themes
	d.AccrualPeriodicity = f.Frequency
	d.LandingPage = f.LandingPage
	d.PoliticalGeocodingLevel = f.GeoLevel
	if e := setGeoURIs(d, strings.Join(splitLines(f.GeoURIs), ";")); e != nil {
		errs["geo_uris"] = append(errs["geo_uris"], "form.geo_invalid")
	}
	d.Languages = f.Languages
	d.AccessRights, d.Version = f.AccessRights, f.Version
	d.Issued = parseFormDate(f.Issued, d.Issued, "issued", errs)
	d.Modified = parseFormDate(f.Modified, d.Modified, "modified", errs)
	var old catalog.PeriodOfTime
	if len(d.Temporal) > 0 {
		old = d.Temporal[0]
	}
	start := parseFormDate(f.TemporalStart, old.Start, "temporal_start", errs)
	end := parseFormDate(f.TemporalEnd, old.End, "temporal_end", errs)
	switch {
	case start == nil && end == nil && len(d.Temporal) > 0:
		d.Temporal = d.Temporal[1:]
	case start != nil || end != nil:
		p := catalog.PeriodOfTime{Start: start, End: end}
		if len(d.Temporal) > 0 {
			d.Temporal = append([]catalog.PeriodOfTime{p}, d.Temporal[1:]...)
		} else {
			d.Temporal = []catalog.PeriodOfTime{p}
		}
	}
	if f.ContactName+f.ContactEmail+f.ContactURL+f.ContactPhone == "" {
		d.ContactPoint = nil
	} else {
		cp := catalog.ContactPoint{}
		if d.ContactPoint != nil {
			cp = *d.ContactPoint
		}
		cp.Name, cp.Email, cp.URL, cp.Telephone = f.ContactName, f.ContactEmail, f.ContactURL, f.ContactPhone
		d.ContactPoint = &cp
	}
	f.moreFields.apply(d, errs)
	return errs
}

// formDate shows a date in the German form ParseDate reads back, in its
// own precision ("2019", "03/2019", "17.05.2024").
func formDate(d *catalog.Date) string {
	if d == nil {
		return ""
	}
	switch d.Precision {
	case catalog.PrecisionYear:
		return d.Time.Format("2006")
	case catalog.PrecisionYearMonth:
		return d.Time.Format("01/2006")
	case catalog.PrecisionDate:
		return d.Time.Format("02.01.2006")
	}
	return d.Time.UTC().Format("02.01.2006 15:04")
}

// parseFormDate parses a form date; an unchanged value keeps the stored
// date with its full precision (seconds the form does not show).
func parseFormDate(s string, old *catalog.Date, field string, errs map[string][]string) *catalog.Date {
	if s == "" {
		return nil
	}
	if old != nil && s == formDate(old) {
		return old
	}
	d, err := catalog.ParseDate(s)
	if err != nil {
		errs[field] = append(errs[field], "form.date_invalid")
		return old
	}
	return d
}

var listSep = regexp.MustCompile(`[,;\n]+`)

// splitList splits "a, b; c" into distinct, non-empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range listSep.Split(s, -1) {
		if p = strings.TrimSpace(p); p != "" && !containsStr(out, p) {
			out = append(out, p)
		}
	}
	return out
}

func splitLines(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == ' ' || r == ',' }) {
		if !containsStr(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// formFields maps the Service's field paths (CKAN-style, list indexes
// removed) to the form's inputs, so errors appear next to what caused
// them.
var formFields = map[string]string{
	"name": "name", "title": "title", "description": "description", "keywords": "keywords",
	"themes": "themes", "organization_id": "organization", "owner_org": "organization",
	"accrual_periodicity": "frequency", "issued": "issued", "modified": "modified",
	"temporal": "temporal_start", "temporal.start": "temporal_start", "temporal.end": "temporal_end",
	"landing_page": "landing_page", "contact_point": "contact_name", "contact_point.name": "contact_name",
	"contact_point.email": "contact_email", "contact_point.url": "contact_url",
	"contact_point.telephone": "contact_phone", "political_geocoding_level": "geo_level",
	"political_geocoding_uris": "geo_uris", "languages": "languages", "access_rights": "access_rights",
	"version": "version", "spatial": "spatial_iri", "spatial.iri": "spatial_iri", "spatial.bbox": "bbox",
	"conforms_to": "conforms_to", "creator": "creator_name", "creator.name": "creator_name",
	"creator.email": "creator_email", "maintainer": "maintainer_name", "maintainer.name": "maintainer_name",
	"maintainer.email": "maintainer_email", "legal_basis": "legal_basis", "hvd_categories": "hvd_categories",
}

// summaryItem is one line of a form's error summary.
type summaryItem struct {
	Anchor, Label, Text string
}

// fieldMessages spreads a Service error over the form: messages for
// fields the form has go to those fields, the rest to the summary only.
func fieldMessages(err error, fields map[string]string, lang string) (map[string][]string, []summaryItem) {
	byField := map[string][]string{}
	var summary []summaryItem
	var e *catalog.Error
	if !asError(err, &e) {
		return byField, nil
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		input := fields[stripIndexes(k)]
		for _, m := range e.Fields[k] {
			text := m.DE
			if lang == "en" && m.EN != "" {
				text = m.EN
			}
			item := summaryItem{Label: fieldLabel(k, lang), Text: text}
			if input != "" {
				byField[input] = append(byField[input], text)
				item.Anchor = "f-" + input
			}
			summary = append(summary, item)
		}
	}
	if len(e.Fields) == 0 {
		msg := e.Message
		if lang != "en" && e.MessageDE != "" {
			msg = e.MessageDE
		}
		summary = append(summary, summaryItem{Text: msg})
	}
	return byField, summary
}

// stripIndexes turns "temporal.0.start" into "temporal.start".
func stripIndexes(path string) string {
	parts := strings.Split(path, ".")
	out := parts[:0]
	for _, p := range parts {
		if strings.Trim(p, "0123456789") != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, ".")
}

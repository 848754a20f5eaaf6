package ckanapi

import (
	"encoding/json"
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

// extraSpec maps one CKAN extra onto Dataset fields, in both directions.
// Keys are ckanext-dcatde's (contributorID, politicalGeocodingURI, …),
// and ckanext-dcat's where dcatde has none (issued, temporal_start, …),
// so that what GovData tooling writes and reads lands in DCAT fields.
type extraSpec struct {
	key string
	// get renders the extra's value; "" omits it.
	get func(d *catalog.Dataset) string
	// set applies a value; it reports a problem as (English, German).
	set func(b *build, v string) (string, string)
}

// build is a dataset being decoded: some extras only make sense together
// (temporal_start/_end, spatial/spatial_uri, contact_*), so they are
// collected here and combined at the end.
type build struct {
	d        *catalog.Dataset
	temporal catalog.PeriodOfTime
	loc      catalog.Location
	contact  catalog.ContactPoint
	agents   map[string]*catalog.Agent // by role
}

func (b *build) agent(role string) *catalog.Agent {
	if b.agents == nil {
		b.agents = map[string]*catalog.Agent{}
	}
	a := b.agents[role]
	if a == nil {
		a = &catalog.Agent{}
		b.agents[role] = a
	}
	return a
}

// keepRaw stores an extra's text as given when it carries no value.
func (b *build) keepRaw(key, v string) {
	if b.d.Extras == nil {
		b.d.Extras = map[string]string{}
	}
	b.d.Extras[key] = v
}

var extraSpecs []extraSpec
var extraByKey = map[string]*extraSpec{}

// ckan* error texts shared by the extras.
const (
	msgDate   = "Date format incorrect"
	msgDateDE = "Ungültiges Datumsformat"
)

func init() {
	list := func(key string, f func(d *catalog.Dataset) *[]string, norm func(string) string) extraSpec {
		return extraSpec{key: key,
			get: func(d *catalog.Dataset) string { return jsonList(*f(d)) },
			set: func(b *build, v string) (string, string) {
				items, en, de := parseList(v)
				if norm != nil {
					for i := range items {
						items[i] = norm(items[i])
					}
				}
				*f(b.d) = items
				if len(items) == 0 && en == "" {
					b.keepRaw(key, v) // "[]": kept so that the dict round-trips
				}
				return en, de
			}}
	}
	text := func(key string, f func(d *catalog.Dataset) *string, norm func(string) string) extraSpec {
		return extraSpec{key: key,
			get: func(d *catalog.Dataset) string { return *f(d) },
			set: func(b *build, v string) (string, string) {
				if norm != nil {
					v = norm(v)
				}
				*f(b.d) = v
				return "", ""
			}}
	}
	date := func(key string, f func(d *catalog.Dataset) **catalog.Date) extraSpec {
		return extraSpec{key: key,
			get: func(d *catalog.Dataset) string { return dateString(*f(d)) },
			set: func(b *build, v string) (string, string) {
				t, err := catalog.ParseDate(v)
				if err != nil {
					return msgDate, msgDateDE
				}
				*f(b.d) = t
				return "", ""
			}}
	}
	vocab := func(n func(string) (string, bool)) func(string) string {
		return func(s string) string {
			if iri, ok := n(s); ok {
				return iri
			}
			return strings.TrimSpace(s) // the validator names the problem
		}
	}
	trim := strings.TrimSpace

	extraSpecs = []extraSpec{
		list("contributorID", func(d *catalog.Dataset) *[]string { return &d.ContributorIDs }, dcatapdeIRI),
		list("politicalGeocodingURI", func(d *catalog.Dataset) *[]string { return &d.PoliticalGeocodingURIs }, dcatapdeIRI),
		text("politicalGeocodingLevelURI", func(d *catalog.Dataset) *string { return &d.PoliticalGeocodingLevel }, vocab(geocodingLevel)),
		list("geocodingText", func(d *catalog.Dataset) *[]string { return &d.GeocodingDescription }, nil),
		list("legalbasisText", func(d *catalog.Dataset) *[]string { return &d.LegalBasis }, nil),
		text("qualityProcessURI", func(d *catalog.Dataset) *string { return &d.QualityProcessURI }, trim),
		text("identifier", func(d *catalog.Dataset) *string { return &d.Identifier }, trim),
		date("issued", func(d *catalog.Dataset) **catalog.Date { return &d.Issued }),
		date("modified", func(d *catalog.Dataset) **catalog.Date { return &d.Modified }),
		text("frequency", func(d *catalog.Dataset) *string { return &d.AccrualPeriodicity }, vocab(frequencyIRI)),
		list("language", func(d *catalog.Dataset) *[]string { return &d.Languages }, vocab(languageIRI)),
		text("access_rights", func(d *catalog.Dataset) *string { return &d.AccessRights }, vocab(accessRightsIRI)),
		list("conforms_to", func(d *catalog.Dataset) *[]string { return &d.ConformsTo }, trim),
		text("version_notes", func(d *catalog.Dataset) *string { return &d.VersionNotes }, nil),
		list("hvd_category", func(d *catalog.Dataset) *[]string { return &d.HVDCategories }, trim),
		list("applicable_legislation", func(d *catalog.Dataset) *[]string { return &d.ApplicableLegislation }, trim),
		list("references", func(d *catalog.Dataset) *[]string { return &d.References }, trim),
		list("used_datasets", func(d *catalog.Dataset) *[]string { return &d.Relations }, trim),
		list("dcat_type", func(d *catalog.Dataset) *[]string { return &d.Types }, vocab(datasetTypeIRI)),
		text("provenance", func(d *catalog.Dataset) *string { return &d.Provenance }, nil),
	}
	extraSpecs = append(extraSpecs, temporalSpecs()...)
	extraSpecs = append(extraSpecs, spatialSpecs()...)
	extraSpecs = append(extraSpecs, contactSpecs()...)
	for _, role := range agentRoles {
		extraSpecs = append(extraSpecs, agentSpecs(role)...)
	}
	for i := range extraSpecs {
		extraByKey[extraSpecs[i].key] = &extraSpecs[i]
	}
}

func temporalSpecs() []extraSpec {
	period := func(key string, end bool) extraSpec {
		return extraSpec{key: key,
			get: func(d *catalog.Dataset) string {
				if len(d.Temporal) == 0 {
					return ""
				}
				if end {
					return dateString(d.Temporal[0].End)
				}
				return dateString(d.Temporal[0].Start)
			},
			set: func(b *build, v string) (string, string) {
				t, err := catalog.ParseDate(v)
				if err != nil {
					return msgDate, msgDateDE
				}
				if end {
					b.temporal.End = t
				} else {
					b.temporal.Start = t
				}
				return "", ""
			}}
	}
	return []extraSpec{period("temporal_start", false), period("temporal_end", true)}
}

func spatialSpecs() []extraSpec {
	first := func(d *catalog.Dataset) *catalog.Location {
		if len(d.Spatial) == 0 {
			return nil
		}
		return &d.Spatial[0]
	}
	return []extraSpec{
		{key: "spatial",
			get: func(d *catalog.Dataset) string {
				if l := first(d); l != nil {
					if l.Geometry != "" {
						return l.Geometry
					}
					if l.BBox != nil {
						return bboxPolygon(*l.BBox)
					}
				}
				return ""
			},
			set: func(b *build, v string) (string, string) {
				bbox, en, de := parseGeometry(v)
				if en != "" {
					return en, de
				}
				b.loc.Geometry, b.loc.BBox = strings.TrimSpace(v), bbox
				return "", ""
			}},
		{key: "spatial_uri",
			get: func(d *catalog.Dataset) string {
				if l := first(d); l != nil {
					return l.IRI
				}
				return ""
			},
			set: func(b *build, v string) (string, string) { b.loc.IRI = dcatapdeIRI(v); return "", "" }},
		{key: "spatial_text",
			get: func(d *catalog.Dataset) string {
				if l := first(d); l != nil {
					return l.Name
				}
				return ""
			},
			set: func(b *build, v string) (string, string) { b.loc.Name = v; return "", "" }},
	}
}

// jsonList renders a list extra as ckanext-dcatde stores it: a JSON array
// in a string, with Python's ", " separator; "" for an empty list.
func jsonList(items []string) string {
	if len(items) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteByte('[')
	for i, s := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		q, _ := marshal(s)
		b.Write(q)
	}
	b.WriteByte(']')
	return b.String()
}

// parseList reads a list extra: a JSON array in a string, or (tolerated)
// a plain string as one item. Non-string items keep their JSON text.
func parseList(v string) ([]string, string, string) {
	t := strings.TrimSpace(v)
	if t == "" {
		return nil, "", ""
	}
	if !strings.HasPrefix(t, "[") {
		return []string{t}, "", ""
	}
	var raw []json.RawMessage
	if err := json.Unmarshal([]byte(t), &raw); err != nil {
		return nil, "Could not parse as valid JSON", "Kein gültiges JSON"
	}
	if len(raw) > maxListItems {
		return nil, "Too many items", "Zu viele Einträge"
	}
	var out []string
	for _, r := range raw {
		var s string
		if err := json.Unmarshal(r, &s); err != nil {
			s = string(r)
		}
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out, "", ""
}

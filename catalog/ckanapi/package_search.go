package ckanapi

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// Search limits as CKAN's defaults (§A.6 item 3).
const (
	defaultRows       = 10
	maxRows           = 1000 // ckan.search.rows_max: larger values are clamped
	defaultFacetLimit = 50
	defaultSort       = "score desc, metadata_modified desc"
)

// searchParams are the parameters package_search accepts; anything else
// is a Search Query Error, as in CKAN (clients rely on it to notice typos,
// and it catches stray cache-busters like "_").
var searchParams = map[string]bool{
	"q": true, "fq": true, "fq_list": true, "sort": true, "rows": true, "start": true,
	"facet": true, "facet.field": true, "facet.limit": true, "facet.mincount": true,
	"include_private": true, "include_drafts": true, "include_deleted": true,
	"use_default_schema": true, "fl": true, "qf": true, "bf": true, "boost": true,
	"tie": true, "defType": true, "mm": true, "wt": true, "df": true,
}

// searchRequest is a parsed package_search call.
type searchRequest struct {
	q              catalog.SearchQuery
	includePrivate bool
	facets         bool
	fl             []string
}

// parseSearch checks and converts package_search parameters.
func parseSearch(p params) (*searchRequest, error) {
	var bad []string
	for k := range p {
		if !searchParams[k] && !strings.HasPrefix(k, "ext_") {
			bad = append(bad, k)
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		for i, k := range bad {
			bad[i] = pyRepr(k)
		}
		return nil, &searchQueryError{msg: "Invalid search parameters: [" + strings.Join(bad, ", ") + "]"}
	}
	sr := &searchRequest{}
	q := &sr.q
	var errs fieldErrors
	collect := func(err error) {
		if fe, ok := err.(*fieldErrors); ok {
			for k, m := range fe.f {
				errs.f = mergeField(errs.f, k, m)
			}
		}
	}
	s, err := p.str("q")
	collect(err)
	if s = strings.TrimSpace(s); s == "" || s == `""` || s == "''" {
		s = "*:*"
	}
	q.Q = s
	fq, err := p.str("fq")
	collect(err)
	if strings.TrimSpace(fq) != "" {
		q.FQ = append(q.FQ, fq)
	}
	fql, err := p.list("fq_list", listSingle)
	collect(err)
	for _, f := range fql {
		if strings.TrimSpace(f) != "" {
			q.FQ = append(q.FQ, f)
		}
	}
	srt, err := p.str("sort")
	collect(err)
	if srt = strings.TrimSpace(srt); srt == "" || srt == "rank" {
		srt = defaultSort
	}
	q.Sort = srt
	rows, err := p.natural("rows", defaultRows)
	collect(err)
	q.Rows = min(rows, maxRows)
	q.Start, err = p.natural("start", 0)
	collect(err)
	sr.facets, err = p.boolean("facet", true)
	collect(err)
	q.FacetFields, err = p.list("facet.field", listJSONOnly)
	collect(err)
	q.FacetLimit, err = p.integer("facet.limit", defaultFacetLimit)
	collect(err)
	q.FacetMinCount, err = p.integer("facet.mincount", 1)
	collect(err)
	sr.includePrivate, err = p.boolean("include_private", false)
	collect(err)
	q.IncludeDrafts, err = p.boolean("include_drafts", false)
	collect(err)
	q.IncludeDeleted, err = p.boolean("include_deleted", false)
	collect(err)
	if fl, _ := p.list("fl", listSingle); len(fl) == 1 {
		sr.fl = strings.Fields(fl[0])
	} else {
		sr.fl = fl
	}
	if len(sr.fl) == 1 && sr.fl[0] == "*" {
		sr.fl = nil
	}
	if !sr.facets {
		q.FacetFields = nil
	}
	if bb, _ := p.str("ext_bbox"); strings.TrimSpace(bb) != "" {
		if box, ok := parseBBox(bb); ok {
			q.BBox = box
		} else {
			errs.add("ext_bbox", "Invalid bbox: expected minx,miny,maxx,maxy in WGS 84", "Ungültiger Begrenzungsrahmen: erwartet minx,miny,maxx,maxy in WGS 84")
		}
	}
	q.TemporalStart = searchDate(p, "ext_startdate", &errs)
	q.TemporalEnd = searchDate(p, "ext_enddate", &errs)
	if err := errs.err(); err != nil {
		return nil, err
	}
	return sr, nil
}

func mergeField(m map[string][]catalog.FieldError, k string, v []catalog.FieldError) map[string][]catalog.FieldError {
	if m == nil {
		m = map[string][]catalog.FieldError{}
	}
	m[k] = append(m[k], v...)
	return m
}

func parseBBox(s string) (*[4]float64, bool) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return nil, false
	}
	var b [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || f != f || f < -180 || f > 180 {
			return nil, false
		}
		b[i] = f
	}
	if b[0] > b[2] || b[1] > b[3] || b[1] < -90 || b[3] > 90 {
		return nil, false
	}
	return &b, true
}

func searchDate(p params, key string, errs *fieldErrors) *time.Time {
	s, _ := p.str(key)
	if strings.TrimSpace(s) == "" {
		return nil
	}
	d, err := catalog.ParseDate(s)
	if err != nil {
		errs.add(key, msgDate, msgDateDE)
		return nil
	}
	return &d.Time
}

// searchResultDict is package_search's result.
type searchResultDict struct {
	Count        int                        `json:"count"`
	Facets       map[string]*orderedCounts  `json:"facets"`
	Results      []any                      `json:"results"`
	SearchFacets map[string]searchFacetDict `json:"search_facets"`
	Sort         string                     `json:"sort"`
}

type searchFacetDict struct {
	Items []facetItem `json:"items"`
	Title string      `json:"title"`
}

type facetItem struct {
	Count       int    `json:"count"`
	DisplayName string `json:"display_name"`
	Name        string `json:"name"`
}

func (r *request) packageSearch() (any, error) {
	sr, err := parseSearch(r.p)
	if err != nil {
		return nil, err
	}
	res, err := r.svc().SearchDatasets(r.ctx, sr.q, sr.includePrivate)
	if err != nil {
		return nil, err
	}
	out := &searchResultDict{Count: res.Count, Results: []any{}, Sort: res.Sort,
		Facets: map[string]*orderedCounts{}, SearchFacets: map[string]searchFacetDict{}}
	if out.Sort == "" {
		out.Sort = sr.q.Sort
	}
	cv := r.conv()
	for _, d := range res.Datasets {
		if len(sr.fl) == 0 {
			// The same dict as package_show, from the same cache of
			// renderings: a popular page is not rendered anew per request.
			body, err := r.packageDictJSON(d)
			if err != nil {
				return nil, err
			}
			out.Results = append(out.Results, body)
			continue
		}
		pd, err := cv.packageDict(d)
		if err != nil {
			return nil, err
		}
		out.Results = append(out.Results, project(pd, sr.fl))
	}
	for _, field := range sr.q.FacetFields {
		counts := res.Facets[field]
		oc := &orderedCounts{}
		sf := searchFacetDict{Title: field, Items: []facetItem{}}
		for _, fc := range counts {
			oc.keys, oc.counts = append(oc.keys, fc.Value), append(oc.counts, fc.Count)
			sf.Items = append(sf.Items, facetItem{Name: fc.Value, DisplayName: cv.facetDisplayName(field, fc.Value), Count: fc.Count})
		}
		sort.SliceStable(sf.Items, func(i, j int) bool { return sf.Items[i].DisplayName > sf.Items[j].DisplayName })
		out.Facets[field], out.SearchFacets[field] = oc, sf
	}
	return out, nil
}

// project keeps only the fl fields of a result, as CKAN does with fl.
func project(pd *packageDict, fl []string) any {
	full, err := toParams(pd)
	if err != nil {
		return pd
	}
	out := map[string]any{}
	for _, f := range fl {
		if v, ok := full[f]; ok {
			out[f] = v
		}
	}
	return out
}

// facetDisplayName is what CKAN shows for a facet value: the title of an
// organisation, group or licence; the CKAN format label; else the value.
func (cv *converter) facetDisplayName(field, v string) string {
	switch field {
	case "organization", "owner_org":
		if o, err := cv.api.svc.Organization(cv.ctx, v); err == nil && o.Title != "" {
			return o.Title
		}
	case "groups", "theme":
		if t, ok := themeByAny(v); ok {
			return t.TitleDE
		}
	case "license_id", "license":
		if iri, ok := licenseIRI(v); ok {
			if title, _, _, ok := licenseInfo(iri); ok {
				return title
			}
		}
	case "res_format", "format":
		if iri, ok := formatIRI(v); ok {
			if l := formatLabel(iri); l != "" {
				return l
			}
		}
	}
	return v
}

// orderedCounts is a JSON object that keeps the index's order (count
// descending), as Solr's facet_fields do.
type orderedCounts struct {
	keys   []string
	counts []int
}

func (o *orderedCounts) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteString(", ")
		}
		kb, _ := marshal(k)
		b.Write(kb)
		b.WriteString(": ")
		b.WriteString(strconv.Itoa(o.counts[i]))
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

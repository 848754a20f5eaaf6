package ckanapi

import (
	"sort"
	"strconv"
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

// focusKey holds, in the gin context, the index of the distribution a
// resource action writes: CKAN reports a resource's validation errors
// without the "resources" wrapper (§A.6 item 11).
const focusKey = "ckanapi.focus"

// fieldErrors are validation messages keyed by CKAN paths
// ("name", "resources.1.url", "extras.0.key"). They become CKAN's nested
// error dict: {"resources": [{}, {"url": ["…"]}]}.
type fieldErrors struct {
	f map[string][]catalog.FieldError
}

func (e *fieldErrors) Error() string {
	keys := make([]string, 0, len(e.f))
	for k := range e.f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("validation error")
	for _, k := range keys {
		for _, m := range e.f[k] {
			b.WriteString("; " + k + ": " + m.EN)
		}
	}
	return b.String()
}

// add records a message; de may be empty when only English exists.
func (e *fieldErrors) add(path, en, de string) {
	if e.f == nil {
		e.f = map[string][]catalog.FieldError{}
	}
	if de == "" {
		de = en
	}
	e.f[path] = append(e.f[path], catalog.FieldError{EN: en, DE: de})
}

// err returns e as an error, or nil when empty.
func (e *fieldErrors) err() error {
	if e == nil || len(e.f) == 0 {
		return nil
	}
	return e
}

func fieldErr(path, en, de string) error {
	var e fieldErrors
	e.add(path, en, de)
	return &e
}

// nested returns the English and German CKAN error dicts.
func (e *fieldErrors) nested() (en, de map[string]any) {
	en, de = map[string]any{}, map[string]any{}
	keys := make([]string, 0, len(e.f))
	for k := range e.f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var ens, des []any
		for _, m := range e.f[k] {
			ens = append(ens, m.EN)
			des = append(des, m.DE)
		}
		put(en, splitPath(k), ens)
		put(de, splitPath(k), des)
	}
	return en, de
}

// splitPath splits a CKAN error path at list indexes only, because
// parameter names may contain dots ("facet.field", "resources.1.url" →
// resources, 1, url).
func splitPath(p string) []string {
	var out []string
	cur := ""
	for _, s := range strings.Split(p, ".") {
		if isIndex(s) && cur != "" {
			out = append(out, cur, s)
			cur = ""
			continue
		}
		if cur != "" {
			cur += "."
		}
		cur += s
	}
	if cur != "" || len(out) == 0 {
		out = append(out, cur)
	}
	return out
}

// put stores msgs at path in m, creating CKAN's lists of dicts for numeric
// segments. Messages about a whole list ("resources": ["…"]) stay after
// the per-item dicts.
func put(m map[string]any, path []string, msgs []any) {
	key := path[0]
	if len(path) == 1 {
		l, _ := m[key].([]any)
		m[key] = append(l, msgs...)
		return
	}
	i, err := strconv.Atoi(path[1])
	if err != nil || i < 0 || i > maxListItems {
		put(m, []string{strings.Join(path, ".")}, msgs)
		return
	}
	var dicts, flat []any
	l, _ := m[key].([]any)
	for _, x := range l {
		if _, isDict := x.(map[string]any); isDict {
			dicts = append(dicts, x)
		} else {
			flat = append(flat, x)
		}
	}
	for len(dicts) <= i {
		dicts = append(dicts, map[string]any{})
	}
	rest := path[2:]
	if len(rest) == 0 {
		rest = []string{"message"}
	}
	put(dicts[i].(map[string]any), rest, msgs)
	m[key] = append(dicts, flat...)
}

// datasetFields maps domain (catalog) field names to CKAN package keys.
var datasetFields = map[string]string{
	"organization_id":           "owner_org",
	"description":               "notes",
	"keywords":                  "tags",
	"themes":                    "groups",
	"landing_page":              "url",
	"distributions":             "resources",
	"contributor_ids":           "contributorID",
	"political_geocoding_uris":  "politicalGeocodingURI",
	"political_geocoding_level": "politicalGeocodingLevelURI",
	"geocoding_description":     "geocodingText",
	"legal_basis":               "legalbasisText",
	"quality_process_uri":       "qualityProcessURI",
	"accrual_periodicity":       "frequency",
	"languages":                 "language",
	"hvd_categories":            "hvd_category",
	"relations":                 "used_datasets",
	"types":                     "dcat_type",
	"temporal":                  "temporal_start",
	"contact_point":             "maintainer_email",
	"publisher":                 "publisher_name",
	"creator":                   "author",
	"maintainer":                "maintainer",
	"originator":                "originator_name",
	"contributor":               "contributor_name",
	// organisation fields
	"contributor_id":          "contributorID",
	"homepage":                "url",
	"publisher_type":          "dcat_type",
	"default_license":         "license_id",
	"political_geocoding_uri": "politicalGeocodingURI",
}

// agentFields maps Agent fields to the suffix of CKAN's <role>_<suffix>
// keys; the bare name is special per role (see agentKey).
var agentFields = map[string]string{"email": "email", "homepage": "url", "type": "type", "iri": "uri", "person": "contacttype"}

var agentPrefix = map[string]string{
	"publisher": "publisher", "creator": "author", "maintainer": "maintainer",
	"originator": "originator", "contributor": "contributor",
}

var contactFields = map[string]string{
	"name": "maintainer", "email": "maintainer_email", "url": "contact_url",
	"telephone": "maintainer_tel", "street_address": "maintainer_street",
	"locality": "maintainer_city", "postal_code": "maintainer_zip", "country_name": "maintainer_country",
}

// distributionFields maps Distribution fields to CKAN resource keys.
var distributionFields = map[string]string{
	"title":               "name",
	"access_url":          "url",
	"media_type":          "mimetype",
	"byte_size":           "size",
	"checksum":            "hash",
	"license_attribution": "licenseAttributionByText",
	"modified":            "last_modified",
	"languages":           "language",
	"page":                "documentation",
}

// ckanPath translates a domain field path ("distributions.0.license",
// "organization_id", "publisher.name") into the CKAN key a client sent.
// focus ≥ 0 strips "distributions.<focus>." for resource actions.
func ckanPath(path string, focus int) string {
	seg := strings.Split(path, ".")
	head := seg[0]
	switch head {
	case "distributions":
		if len(seg) >= 3 {
			rest := strings.Join(seg[2:], ".")
			if f, ok := distributionFields[seg[2]]; ok {
				rest = f + strings.TrimPrefix(rest, seg[2])
			} else if seg[2] == "extras" && len(seg) > 3 {
				rest = strings.Join(seg[3:], ".")
			}
			if focus >= 0 && seg[1] == strconv.Itoa(focus) {
				return rest
			}
			return "resources." + seg[1] + "." + rest
		}
		return "resources" + strings.TrimPrefix(path, "distributions")
	case "keywords":
		if len(seg) == 2 {
			return "tags." + seg[1] + ".name"
		}
		return "tags"
	case "themes":
		return "groups"
	case "temporal":
		if len(seg) > 0 && seg[len(seg)-1] == "end" {
			return "temporal_end"
		}
		return "temporal_start"
	case "spatial":
		switch seg[len(seg)-1] {
		case "iri":
			return "spatial_uri"
		case "name":
			return "spatial_text"
		}
		return "spatial"
	case "contact_point":
		if len(seg) >= 2 {
			if f, ok := contactFields[seg[1]]; ok {
				return f
			}
		}
		return "maintainer_email"
	case "extras":
		if len(seg) >= 2 {
			return strings.Join(seg[1:], ".")
		}
		return "extras"
	}
	if prefix, ok := agentPrefix[head]; ok && len(seg) >= 2 {
		if seg[1] == "name" {
			if head == "creator" || head == "maintainer" {
				return prefix
			}
			return prefix + "_name"
		}
		if head == "creator" || head == "maintainer" {
			if seg[1] == "email" {
				return prefix + "_email"
			}
		}
		if f, ok := agentFields[seg[1]]; ok {
			return prefix + "_" + f
		}
	}
	if f, ok := datasetFields[head]; ok {
		if len(seg) > 1 && !isIndex(seg[1]) {
			return f + "." + strings.Join(seg[1:], ".")
		}
		return f
	}
	return path
}

func isIndex(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

// translateFields turns a domain error's field map into CKAN paths.
func translateFields(fields map[string][]catalog.FieldError, focus int) *fieldErrors {
	out := &fieldErrors{f: map[string][]catalog.FieldError{}}
	for k, msgs := range fields {
		p := ckanPath(k, focus)
		out.f[p] = append(out.f[p], msgs...)
	}
	return out
}

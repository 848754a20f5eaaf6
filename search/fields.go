package search

import (
	"regexp"
	"strings"
)

// fieldKind says how a CKAN field is indexed and therefore how a query
// value for it must be turned into Bleve terms.
type fieldKind uint8

const (
	kindDefault fieldKind = iota // free text: dismax over several fields
	kindText                     // analysed with the German chain
	kindKeyword                  // one exact value, normalised by norm
	kindFold                     // one value, lower-cased and umlaut-folded
	kindDate                     // date-time, ranges and date math
	kindNumber                   // number, ranges
	kindConst                    // always the same value for every dataset
)

// fieldSpec describes one field name that q, fq, sort or facet.field may
// use. Several CKAN names can share an index field (groups and theme).
type fieldSpec struct {
	index string
	kind  fieldKind
	norm  func(string) string // kindKeyword only; applied at index and query time
	facet string              // index field to facet on; "" = not facetable
	value string              // kindConst only
}

// Index field names that are not also CKAN field names.
const (
	fAll         = "_all" // Bleve's composite field, CKAN's "text"
	fTagsText    = "tags_text"
	fTagsFacet   = "facet_tags"
	fNameText    = "name_text"
	fOrgTitle    = "org_title"
	fOrgSuggest  = "org_suggest"
	fOrgPrefix   = "org_prefix"
	fPrefix      = "prefix"
	fSortMod     = "sort_modified"
	fSortCreated = "sort_created"
	fGeoLevel    = "geocoding_level"
	fTempStart   = "temporal_start"
	fTempEnd     = "temporal_end"
	fBBoxMinLon  = "bbox_min_lon"
	fBBoxMinLat  = "bbox_min_lat"
	fBBoxMaxLon  = "bbox_max_lon"
	fBBoxMaxLat  = "bbox_max_lat"
	extrasPrefix = "extras_"
)

var (
	lower = strings.ToLower
	upper = strings.ToUpper
)

// fields is every field name a query may use. Names follow CKAN's Solr
// schema so that existing clients and harvesters work unchanged; a few
// DCAT-minded aliases (theme, format, license, keyword) serve the web UI.
var fields = map[string]fieldSpec{
	"id":                {index: "id", kind: kindKeyword, norm: lower},
	"name":              {index: "name", kind: kindKeyword, norm: lower},
	"title":             {index: "title", kind: kindText},
	"notes":             {index: "notes", kind: kindText},
	"text":              {index: fAll, kind: kindDefault},
	"tags":              {index: "tags", kind: kindFold, facet: fTagsFacet},
	"keyword":           {index: "tags", kind: kindFold, facet: fTagsFacet},
	"groups":            {index: "groups", kind: kindKeyword, norm: lower, facet: "groups"},
	"theme":             {index: "groups", kind: kindKeyword, norm: lower, facet: "groups"},
	"organization":      {index: "organization", kind: kindKeyword, norm: lower, facet: "organization"},
	"owner_org":         {index: "owner_org", kind: kindKeyword, norm: lower, facet: "owner_org"},
	"res_format":        {index: "res_format", kind: kindKeyword, norm: upper, facet: "res_format"},
	"format":            {index: "res_format", kind: kindKeyword, norm: upper, facet: "res_format"},
	"res_name":          {index: "res_name", kind: kindText},
	"res_description":   {index: "res_description", kind: kindText},
	"res_url":           {index: "res_url", kind: kindKeyword, norm: keep},
	"res_type":          {index: "res_type", kind: kindKeyword, norm: lower},
	"license_id":        {index: "license_id", kind: kindKeyword, norm: lower, facet: "license_id"},
	"license":           {index: "license_id", kind: kindKeyword, norm: lower, facet: "license_id"},
	"author":            {index: "author", kind: kindText},
	"maintainer":        {index: "maintainer", kind: kindText},
	"url":               {index: "url", kind: kindKeyword, norm: keep},
	"version":           {index: "version", kind: kindKeyword, norm: keep},
	"state":             {index: "state", kind: kindKeyword, norm: lower, facet: "state"},
	"capacity":          {index: "capacity", kind: kindKeyword, norm: lower, facet: "capacity"},
	"metadata_created":  {index: "metadata_created", kind: kindDate},
	"metadata_modified": {index: "metadata_modified", kind: kindDate},
	"num_resources":     {index: "num_resources", kind: kindNumber},
	"num_tags":          {index: "num_tags", kind: kindNumber},
	"title_string":      {index: "title_string", kind: kindFold},
	"geocoding_level":   {index: fGeoLevel, kind: kindKeyword, norm: keep, facet: fGeoLevel},
	"dataset_type":      {kind: kindConst, value: "dataset"},
	"entity_type":       {kind: kindConst, value: "package"},
}

func keep(s string) string { return s }

// extraKey is what an extras_<key> field may be called. Keys become Bleve
// field paths, so dots (path separators) and anything exotic are refused.
var extraKey = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// lookupField resolves a CKAN field name, including the open-ended
// extras_<key> family that CKAN's Solr schema declares as a dynamic field.
func lookupField(name string) (fieldSpec, bool) {
	if f, ok := fields[name]; ok {
		return f, true
	}
	if k, ok := strings.CutPrefix(name, extrasPrefix); ok && extraKey.MatchString(k) {
		path := "extras." + k
		return fieldSpec{index: path, kind: kindKeyword, norm: keep, facet: path}, true
	}
	return fieldSpec{}, false
}

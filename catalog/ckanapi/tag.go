package ckanapi

import (
	"sort"
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

// tagList returns the free tags of visible datasets (CKAN has no
// vocabularies here: a vocabulary_id gives an empty list).
func (r *request) tagList() (any, error) {
	q, err := r.p.idParam("query", "q")
	if err != nil {
		q = ""
	}
	q = strings.ToLower(q)
	all, err := r.p.boolean("all_fields", false)
	if err != nil {
		return nil, err
	}
	if v, _ := r.p.str("vocabulary_id"); v != "" {
		return []any{}, nil
	}
	res, err := r.svc().SearchDatasets(r.ctx, catalog.SearchQuery{Q: "*:*", FacetFields: []string{"tags"},
		FacetLimit: -1, FacetMinCount: 1}, false)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, fc := range res.Facets["tags"] {
		if q == "" || strings.Contains(strings.ToLower(fc.Value), q) {
			names = append(names, fc.Value)
		}
	}
	sort.Strings(names)
	if !all {
		if names == nil {
			names = []string{}
		}
		return names, nil
	}
	out := make([]tagDict, len(names))
	for i, n := range names {
		out[i] = tagDict{ID: tagID(n), Name: n, DisplayName: n, State: "active"}
	}
	return out, nil
}

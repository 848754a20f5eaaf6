package ckanapi

import (
	"sort"
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

// Groups are the 13 EU data themes with their German titles and
// lower-case codes as names, as on GovData (ckanext-dcatde maps them to
// dcat:theme). They are not stored: they exist as long as the vocabulary.

type groupDict struct {
	ApprovalStatus  string    `json:"approval_status"`
	Created         *string   `json:"created"`
	Description     string    `json:"description"`
	DisplayName     string    `json:"display_name"`
	Extras          []extraKV `json:"extras"`
	Groups          any       `json:"groups,omitempty"`
	ID              string    `json:"id"`
	ImageDisplayURL string    `json:"image_display_url"`
	ImageURL        string    `json:"image_url"`
	IsOrganization  bool      `json:"is_organization"`
	Name            string    `json:"name"`
	NumFollowers    int       `json:"num_followers"`
	PackageCount    *int      `json:"package_count,omitempty"`
	Packages        any       `json:"packages,omitempty"`
	State           string    `json:"state"`
	Tags            any       `json:"tags,omitempty"`
	Title           string    `json:"title"`
	Type            string    `json:"type"`
	Users           any       `json:"users,omitempty"`
}

func groupDictOf(t theme) *groupDict {
	return &groupDict{ID: groupID(t.IRI), Name: t.Name, Title: t.TitleDE, DisplayName: t.TitleDE,
		Description: t.TitleEN, ApprovalStatus: "approved", State: "active", Type: "group",
		Extras: []extraKV{{Key: "uri", Value: t.IRI}}}
}

// themeCounts counts visible datasets per theme name with a facet search.
func (r *request) themeCounts() (map[string]int, error) {
	res, err := r.svc().SearchDatasets(r.ctx, catalog.SearchQuery{Q: "*:*", FacetFields: []string{"groups"},
		FacetLimit: -1, FacetMinCount: 1}, false)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, fc := range res.Facets["groups"] {
		out[strings.ToLower(fc.Value)] = fc.Count
	}
	return out, nil
}

func (r *request) groupList() (any, error) {
	all, err := r.p.boolean("all_fields", false)
	if err != nil {
		return nil, err
	}
	limit, err := r.p.natural("limit", 1000)
	if err != nil {
		return nil, err
	}
	offset, err := r.p.natural("offset", 0)
	if err != nil {
		return nil, err
	}
	withCount, err := r.p.boolean("include_dataset_count", true)
	if err != nil {
		return nil, err
	}
	filter, err := r.p.list("groups", listCSV)
	if err != nil {
		return nil, err
	}
	q, err := r.p.str("q")
	if err != nil {
		return nil, err
	}
	field, desc, err := listSort(r.p)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, n := range filter {
		want[strings.ToLower(n)] = true
	}
	q = strings.ToLower(strings.TrimSpace(q))
	var ts []theme
	for _, t := range themes() {
		if (len(want) == 0 || want[t.Name]) &&
			(q == "" || strings.Contains(strings.ToLower(t.Name+"\x00"+t.TitleDE+"\x00"+t.TitleEN), q)) {
			ts = append(ts, t)
		}
	}
	var counts map[string]int
	if (all && withCount) || field == "package_count" {
		if counts, err = r.themeCounts(); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(ts, func(i, j int) bool {
		a, b := ts[i], ts[j]
		if desc {
			a, b = b, a
		}
		switch field {
		case "name":
			return a.Name < b.Name
		case "package_count":
			return counts[a.Name] < counts[b.Name]
		}
		return a.TitleDE < b.TitleDE
	})
	ts = page(ts, offset, limit)
	if !all {
		names := make([]string, len(ts))
		for i, t := range ts {
			names[i] = t.Name
		}
		return names, nil
	}
	out := make([]*groupDict, len(ts))
	for i, t := range ts {
		out[i] = groupDictOf(t)
		if withCount {
			n := counts[t.Name]
			out[i].PackageCount = &n
		}
	}
	return out, nil
}

func (r *request) groupShow() (any, error) {
	id, err := r.p.idParam("id")
	if err != nil {
		return nil, err
	}
	t, ok := themeByAny(id)
	if !ok {
		return nil, catalog.NotFound("Group")
	}
	withDatasets, err := r.p.boolean("include_datasets", false)
	if err != nil {
		return nil, err
	}
	gd := groupDictOf(t)
	gd.Groups, gd.Tags, gd.Users = []any{}, []any{}, []any{}
	rows := 0
	if withDatasets {
		rows = 10
	}
	res, err := r.svc().SearchDatasets(r.ctx, catalog.SearchQuery{Q: "*:*", FQ: []string{"groups:" + t.Name},
		Rows: rows, Sort: "metadata_modified desc"}, false)
	if err != nil {
		return nil, err
	}
	n := res.Count
	gd.PackageCount = &n
	if withDatasets {
		pkgs := []*packageDict{}
		cv := r.conv()
		for _, d := range res.Datasets {
			pd, err := cv.packageDict(d)
			if err != nil {
				return nil, err
			}
			pkgs = append(pkgs, pd)
		}
		gd.Packages = pkgs
	}
	return gd, nil
}

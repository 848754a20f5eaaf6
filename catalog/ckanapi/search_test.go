package ckanapi_test

import (
	"fmt"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// seedSearch creates n public datasets in org, with tags t0…t2 round robin.
func (e *env) seedSearch(n int) {
	e.t.Helper()
	for i := 0; i < n; i++ {
		p := validPackage(fmt.Sprintf("ds-%03d", i))
		p["tags"] = []any{map[string]any{"name": fmt.Sprintf("t%d", i%3)}}
		e.create(p)
	}
}

func results(r *resp) []map[string]any {
	var out []map[string]any
	for _, x := range r.resultMap()["results"].([]any) {
		out = append(out, x.(map[string]any))
	}
	return out
}

func ids(rs []map[string]any) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r["id"].(string))
	}
	return out
}

// §E item 7: defaults and limits.
func TestSearchDefaultsAndLimits(t *testing.T) {
	e := newEnv(t)
	e.seedSearch(12)
	r := e.ok(e.get("package_search", "", nil))
	res := r.resultMap()
	if n := len(results(r)); n != 10 || res["count"] != float64(12) {
		t.Errorf("defaults: %d results, count %v", n, res["count"])
	}
	if res["sort"] != "score desc, metadata_modified desc" || jsonString(res["facets"]) != "{}" || jsonString(res["search_facets"]) != "{}" {
		t.Errorf("defaults: sort %v facets %v search_facets %v", res["sort"], res["facets"], res["search_facets"])
	}
	cases := []struct {
		name   string
		q      url.Values
		status int
		check  func(r *resp) string
	}{
		{"rows clamped", url.Values{"rows": {"5000"}}, 200, func(r *resp) string {
			if len(results(r)) != 12 {
				return "rows=5000 did not return all"
			}
			return ""
		}},
		{"start past the end", url.Values{"start": {"22"}}, 200, func(r *resp) string {
			if len(results(r)) != 0 || r.resultMap()["count"] != float64(12) {
				return "start=count+10 must give [] with the same count"
			}
			return ""
		}},
		{"rows=0", url.Values{"rows": {"0"}}, 200, func(r *resp) string {
			if len(results(r)) != 0 {
				return "rows=0 must give []"
			}
			return ""
		}},
		{"start=-1", url.Values{"start": {"-1"}}, 409, nil},
		{"rows not a number", url.Values{"rows": {"ten"}}, 409, nil},
		{"unknown parameter", url.Values{"foo": {"bar"}}, 400, func(r *resp) string {
			if r.errorMap()["__type"] != "Search Query Error" ||
				r.errorMap()["message"] != `Search Query is invalid: ("Invalid search parameters: ['foo']",)` {
				return fmt.Sprint(r.errorMap())
			}
			return ""
		}},
		{"stray underscore", url.Values{"_": {"1700000000"}}, 400, nil},
		{"facet.field not JSON", url.Values{"facet.field": {"tags"}}, 409, func(r *resp) string {
			if jsonString(r.errorMap()["facet.field"]) != `["Could not parse as valid JSON"]` {
				return fmt.Sprint(r.errorMap())
			}
			return ""
		}},
		{"bad query", url.Values{"q": {"title:(unbalanced"}}, 400, func(r *resp) string {
			if r.errorMap()["__type"] != "Search Query Error" {
				return fmt.Sprint(r.errorMap())
			}
			return ""
		}},
		{"ext_bbox invalid", url.Values{"ext_bbox": {"1,2,3"}}, 409, nil},
		{"empty q", url.Values{"q": {`""`}}, 200, func(r *resp) string {
			if r.resultMap()["count"] != float64(12) {
				return "q=\"\" must match everything"
			}
			return ""
		}},
		{"fl projects", url.Values{"fl": {"id name"}, "rows": {"1"}}, 200, func(r *resp) string {
			if rs := results(r); len(rs) != 1 || len(rs[0]) != 2 || rs[0]["name"] == nil {
				return fmt.Sprint(rs)
			}
			return ""
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := e.get("package_search", "", tc.q)
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.Status, tc.status, r.Raw)
			}
			if tc.check != nil {
				if msg := tc.check(r); msg != "" {
					t.Error(msg)
				}
			}
		})
	}
}

// §E item 8: facets.
func TestFacets(t *testing.T) {
	e := newEnv(t)
	e.seedSearch(7)
	other := validPackage("im-landkreis")
	other["owner_org"] = "landkreis-rostock"
	e.ok(e.post("package_create", e.otherToken, other))
	r := e.ok(e.get("package_search", "", url.Values{"facet.field": {`["organization","tags","res_format","license_id","groups"]`},
		"facet.limit": {"2"}, "rows": {"0"}}))
	res := r.resultMap()
	facets := res["facets"].(map[string]any)
	orgs := facets["organization"].(map[string]any)
	if orgs["hansestadt-rostock"] != float64(7) || orgs["landkreis-rostock"] != float64(1) {
		t.Errorf("facets.organization = %v", orgs)
	}
	sf := res["search_facets"].(map[string]any)
	so := sf["organization"].(map[string]any)
	if so["title"] != "organization" {
		t.Errorf("title = %v", so["title"])
	}
	var display []string
	for _, x := range so["items"].([]any) {
		it := x.(map[string]any)
		display = append(display, it["display_name"].(string))
		want := map[string]string{"hansestadt-rostock": "Hanse- und Universitätsstadt Rostock", "landkreis-rostock": "Landkreis Rostock"}[it["name"].(string)]
		if it["display_name"] != want {
			t.Errorf("display_name of %v = %v", it["name"], it["display_name"])
		}
		n := e.ok(e.get("package_search", "", url.Values{"fq": {"organization:" + it["name"].(string)}, "rows": {"0"}})).resultMap()["count"]
		if n != it["count"] {
			t.Errorf("facet count %v, fq count %v", it["count"], n)
		}
	}
	if !sort.IsSorted(sort.Reverse(sort.StringSlice(display))) {
		t.Errorf("items not sorted by display_name descending: %v", display)
	}
	for field, items := range sf {
		if n := len(items.(map[string]any)["items"].([]any)); n > 2 {
			t.Errorf("%s has %d items, facet.limit 2", field, n)
		}
	}
	lic := sf["license_id"].(map[string]any)["items"].([]any)[0].(map[string]any)
	if lic["display_name"] != "Datenlizenz Deutschland Namensnennung 2.0" {
		t.Errorf("license display_name = %v", lic["display_name"])
	}
	grp := sf["groups"].(map[string]any)["items"].([]any)[0].(map[string]any)
	if grp["name"] != "gove" || grp["display_name"] != "Regierung und öffentlicher Sektor" {
		t.Errorf("groups item = %v", grp)
	}
}

// §E item 9: paging is consistent for every page size.
func TestPaging(t *testing.T) {
	e := newEnv(t)
	e.seedSearch(23)
	all := ids(results(e.ok(e.get("package_search", "", url.Values{"q": {"*:*"}, "sort": {"id asc"}, "rows": {"1000"}}))))
	if len(all) != 23 || !sort.StringsAreSorted(all) {
		t.Fatalf("unpaged: %d ids, sorted %v", len(all), sort.StringsAreSorted(all))
	}
	allNames := e.names()
	for _, k := range []int{1, 10, 100} {
		var got []string
		for start := 0; ; start += k {
			r := e.ok(e.get("package_search", "", url.Values{"q": {"*:*"}, "sort": {"id asc"},
				"rows": {fmt.Sprint(k)}, "start": {fmt.Sprint(start)}}))
			page := ids(results(r))
			if len(page) == 0 {
				break
			}
			got = append(got, page...)
		}
		if !reflect.DeepEqual(got, all) {
			t.Errorf("rows=%d: paged ids differ from unpaged", k)
		}
		var names []string
		for off := 0; ; off += k {
			r := e.ok(e.get("package_list", "", url.Values{"limit": {fmt.Sprint(k)}, "offset": {fmt.Sprint(off)}}))
			page := r.result().([]any)
			if len(page) == 0 {
				break
			}
			for _, n := range page {
				names = append(names, n.(string))
			}
		}
		if !reflect.DeepEqual(names, allNames) {
			t.Errorf("package_list limit=%d: %v, want %v", k, names, allNames)
		}
	}
}

// §E item 10: the queries harvesters send.
func TestHarvesterQueries(t *testing.T) {
	e := newEnv(t)
	e.seedSearch(4)
	other := validPackage("im-landkreis")
	other["owner_org"] = "landkreis-rostock"
	other["groups"] = []any{map[string]any{"name": "envi"}}
	other["resources"] = []any{map[string]any{"url": "https://lk.de/x.json", "format": "JSON"}}
	e.ok(e.post("package_create", e.otherToken, other))
	priv := validPackage("geheim")
	priv["private"] = true
	e.create(priv)

	time.Sleep(10 * time.Millisecond)
	t0 := time.Now().UTC().Format("2006-01-02T15:04:05.000000Z")
	time.Sleep(10 * time.Millisecond)
	e.ok(e.post("package_patch", e.editorToken, map[string]any{"id": "ds-002", "title": "Geändert"}))

	count := func(q url.Values, token string) (int, []string) {
		t.Helper()
		r := e.ok(e.get("package_search", token, q))
		var names []string
		for _, x := range results(r) {
			names = append(names, x["name"].(string))
		}
		sort.Strings(names)
		return int(r.resultMap()["count"].(float64)), names
	}
	cases := []struct {
		name  string
		q     url.Values
		token string
		want  []string
	}{
		{"modified since", url.Values{"fq": {"metadata_modified:[" + t0 + " TO *]"}, "sort": {"id asc"}, "rows": {"100"}, "start": {"0"}}, "", []string{"ds-002"}},
		{"organization", url.Values{"fq": {"organization:landkreis-rostock"}}, "", []string{"im-landkreis"}},
		{"not organization", url.Values{"fq": {"-organization:hansestadt-rostock"}}, "", []string{"im-landkreis"}},
		{"groups", url.Values{"fq": {"groups:envi"}}, "", []string{"im-landkreis"}},
		{"tags", url.Values{"fq": {"tags:t1"}}, "", []string{"ds-001"}},
		{"res_format", url.Values{"fq": {"res_format:JSON"}}, "", []string{"im-landkreis"}},
		{"q by name", url.Values{"q": {"name:ds-003"}}, "", []string{"ds-003"}},
		{"private hidden", url.Values{"q": {"name:geheim"}, "include_private": {"true"}}, "", nil},
		{"private for member", url.Values{"q": {"name:geheim"}, "include_private": {"True"}}, e.memberToken, []string{"geheim"}},
		{"private not without include_private", url.Values{"q": {"name:geheim"}}, e.memberToken, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n, names := count(tc.q, tc.token)
			if n != len(tc.want) || strings.Join(names, ",") != strings.Join(tc.want, ",") {
				t.Errorf("count %d %v, want %v", n, names, tc.want)
			}
		})
	}
}

// §E item 11: patch, update and delete semantics.
func TestWriteSemantics(t *testing.T) {
	e := newEnv(t)
	created := e.create(validPackage("semantik"))
	time.Sleep(2 * time.Millisecond)
	p := e.ok(e.post("package_patch", e.editorToken, map[string]any{"id": "semantik", "title": "Neuer Titel"})).resultMap()
	if p["title"] != "Neuer Titel" {
		t.Errorf("title = %v", p["title"])
	}
	for _, k := range []string{"resources", "tags", "extras", "groups"} {
		a, b := jsonString(created[k]), jsonString(p[k])
		if k == "resources" {
			a, b = stripTimes(created[k]), stripTimes(p[k])
		}
		if a != b {
			t.Errorf("package_patch changed %s:\n%s\n%s", k, a, b)
		}
	}
	if p["metadata_modified"].(string) <= created["metadata_modified"].(string) {
		t.Errorf("metadata_modified not bumped: %v → %v", created["metadata_modified"], p["metadata_modified"])
	}

	upd := validPackage("semantik")
	delete(upd, "resources")
	upd["id"] = created["id"]
	delete(upd, "license_id")
	u := e.ok(e.post("package_update", e.editorToken, upd)).resultMap()
	if u["num_resources"] != float64(0) || len(u["resources"].([]any)) != 0 {
		t.Errorf("package_update without resources kept %v", u["num_resources"])
	}

	r := e.ok(e.post("package_delete", e.editorToken, map[string]any{"id": "semantik"}))
	if r.result() != nil {
		t.Errorf("package_delete result = %v", r.result())
	}
	for _, n := range e.names() {
		if n == "semantik" {
			t.Errorf("deleted dataset in package_list")
		}
	}
	if c := e.ok(e.get("package_search", "", url.Values{"q": {"name:semantik"}})).resultMap()["count"]; c != float64(0) {
		t.Errorf("deleted dataset found by package_search")
	}
	if r := e.get("package_show", "", url.Values{"id": {"semantik"}}); r.Status != 403 {
		t.Errorf("anonymous package_show of deleted: %d", r.Status)
	}
	if s := e.ok(e.get("package_show", e.sysToken, url.Values{"id": {"semantik"}})).resultMap()["state"]; s != "deleted" {
		t.Errorf("sysadmin sees state %v", s)
	}
}

// stripTimes drops resource timestamps, which a write may bump.
func stripTimes(v any) string {
	var out []any
	for _, x := range v.([]any) {
		m := map[string]any{}
		for k, val := range x.(map[string]any) {
			if k != "metadata_modified" && k != "last_modified" {
				m[k] = val
			}
		}
		out = append(out, m)
	}
	return jsonString(out)
}

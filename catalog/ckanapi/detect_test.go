package ckanapi_test

import (
	"net/http"
	"regexp"
	"sort"
	"testing"
)

// §E item 1: clients detect CKAN by status_show and /api/3.
func TestDetect(t *testing.T) {
	e := newEnv(t)
	r := e.ok(e.get("status_show", "", nil))
	if ct := r.Header.Get("Content-Type"); ct != "application/json;charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	var keys []string
	for k := range r.obj() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if jsonString(keys) != `["help","result","success"]` {
		t.Errorf("envelope keys = %v", keys)
	}
	if h := r.obj()["help"]; h != e.site+"/api/3/action/help_show?name=status_show" {
		t.Errorf("help = %v", h)
	}
	res := r.resultMap()
	if v, _ := res["ckan_version"].(string); !regexp.MustCompile(`^2\.1[01]\.`).MatchString(v) {
		t.Errorf("ckan_version = %q", v)
	}
	for _, k := range []string{"site_url", "site_title", "site_description", "locale_default", "extensions", "error_emails_to"} {
		if _, ok := res[k]; !ok {
			t.Errorf("result lacks %s", k)
		}
	}
	if res["site_url"] != e.site {
		t.Errorf("site_url = %v", res["site_url"])
	}
	ext, _ := res["extensions"].([]any)
	want := map[string]bool{"dcat": true, "dcatde": true, "structured_data": true, "datenportal": true}
	for _, x := range ext {
		delete(want, x.(string))
	}
	if len(want) > 0 {
		t.Errorf("extensions %v lack %v", ext, want)
	}

	for _, tc := range []struct {
		path   string
		status int
		body   string
	}{
		{"/api/3", 200, `{"version": 3}`},
		{"/api", 200, `{"version": 1}`},
		{"/api/2", 200, `{"version": 2}`},
		{"/api/7", 404, `"Not found"`},
	} {
		req, _ := http.NewRequest(http.MethodGet, e.site+tc.path, nil)
		r := e.do(req, "")
		if r.Status != tc.status || string(r.Raw) != tc.body {
			t.Errorf("GET %s = %d %s, want %d %s", tc.path, r.Status, r.Raw, tc.status, tc.body)
		}
	}
}

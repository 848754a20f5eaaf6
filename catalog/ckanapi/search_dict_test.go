package ckanapi_test

import (
	"net/url"
	"reflect"
	"testing"
)

// A package_search result is the dataset's package_show dict, before and
// after an edit, whether rendered fresh or taken from the cache.
func TestSearchResultIsShowDict(t *testing.T) {
	e := newEnv(t)
	pkg := e.create(validPackage("gleich"))
	check := func(when string) {
		t.Helper()
		for range 2 { // the second round comes from the rendering cache
			show := e.ok(e.get("package_show", "", url.Values{"id": {"gleich"}})).resultMap()
			res := e.ok(e.get("package_search", "", url.Values{"q": {"name:gleich"}})).resultMap()
			hits := res["results"].([]any)
			if len(hits) != 1 || !reflect.DeepEqual(hits[0], show) {
				t.Fatalf("%s: search result differs from package_show:\n%v\n%v", when, hits, show)
			}
		}
	}
	check("new")
	e.ok(e.post("package_patch", e.editorToken, map[string]any{"id": pkg["id"], "notes": "Geänderte Beschreibung"}))
	check("after package_patch")
}

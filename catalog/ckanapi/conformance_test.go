package ckanapi_test

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// §E item 2: the two URL forms, GET and POST (empty body or {}) give the
// same package_list: names ascending, no private or deleted datasets.
func TestURLMethodEquivalence(t *testing.T) {
	e := newEnv(t)
	for _, n := range []string{"zz-last", "aa-first", "mm-middle"} {
		e.create(validPackage(n))
	}
	priv := validPackage("private-one")
	priv["private"] = true
	e.create(priv)
	e.create(validPackage("to-delete"))
	e.ok(e.post("package_delete", e.editorToken, map[string]any{"id": "to-delete"}))

	want := []any{"aa-first", "mm-middle", "zz-last"}
	variants := map[string]*resp{}
	for _, path := range []string{"/api/action/package_list", "/api/3/action/package_list"} {
		req, _ := http.NewRequest(http.MethodGet, e.site+path, nil)
		variants["GET "+path] = e.do(req, "")
	}
	variants["POST {}"] = e.post("package_list", "", "{}")
	variants["POST empty"] = e.post("package_list", "", nil)
	for name, r := range variants {
		e.ok(r)
		if !reflect.DeepEqual(r.result(), want) {
			t.Errorf("%s: result %v, want %v", name, r.result(), want)
		}
	}
}

// §E item 3: error envelopes and the bare-string 400s.
func TestEnvelopeErrors(t *testing.T) {
	e := newEnv(t)
	r := e.get("package_show", "", url.Values{"id": {"does-not-exist"}})
	if r.Status != 404 || r.obj()["success"] != false || r.errorMap()["__type"] != "Not Found Error" ||
		!strings.HasPrefix(fmt.Sprint(r.errorMap()["message"]), "Not found") {
		t.Errorf("package_show unknown: %d %s", r.Status, r.Raw)
	}
	if r.obj()["help"] != e.site+"/api/3/action/help_show?name=package_show" {
		t.Errorf("help = %v", r.obj()["help"])
	}
	if _, has := r.obj()["result"]; has {
		t.Errorf("error envelope has result: %s", r.Raw)
	}
	r = e.get("no_such_action", "", nil)
	if r.Status != 400 || r.Body != "Bad request - Action name not known: no_such_action" {
		t.Errorf("unknown action: %d %s", r.Status, r.Raw)
	}
	r = e.get("package_create", "", nil)
	if s, _ := r.Body.(string); r.Status != 400 || !strings.Contains(s, "Please use POST method") {
		t.Errorf("GET write action: %d %s", r.Status, r.Raw)
	}
}

// §E item 4: token forms; missing or unknown tokens are anonymous (403).
func TestAuth(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		name   string
		header string
		value  string
		status int
	}{
		{"no token", "", "", 403},
		{"garbage token", "Authorization", "not-a-token", 403},
		{"raw Authorization", "Authorization", e.editorToken, 200},
		{"Bearer", "Authorization", "Bearer " + e.editorToken, 200},
		{"X-CKAN-API-Key", "X-CKAN-API-Key", e.editorToken, 200},
		{"other organisation's token", "Authorization", e.otherToken, 403},
		{"member may not write", "Authorization", e.memberToken, 403},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			name := fmt.Sprintf("x%d", i+1)
			req, _ := http.NewRequest(http.MethodPost, e.site+"/api/3/action/package_create",
				strings.NewReader(jsonString(validPackage(name))))
			if tc.header != "" {
				req.Header.Set(tc.header, tc.value)
			}
			before := e.storedCount()
			r := e.do(req, "")
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.Status, tc.status, r.Raw)
			}
			if tc.status == 403 {
				em := r.errorMap()
				if em["__type"] != "Authorization Error" || !strings.HasPrefix(fmt.Sprint(em["message"]), "Access denied") {
					t.Errorf("error = %v", em)
				}
				if e.storedCount() != before {
					t.Errorf("a refused create stored a dataset")
				}
				return
			}
			if r.resultMap()["name"] != name {
				t.Errorf("result name = %v", r.resultMap()["name"])
			}
		})
	}
}

// §E item 5: CKAN's validation messages.
func TestValidation(t *testing.T) {
	e := newEnv(t)
	e.create(validPackage("taken"))
	noOrg := validPackage("no-org")
	delete(noOrg, "owner_org")
	cases := []struct {
		name   string
		action string
		body   any
		field  string
		msg    string
	}{
		{"duplicate name", "package_create", validPackage("taken"), "name", "That URL is already in use."},
		{"bad name", "package_create", validPackage("Bad Name"), "name", "Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_"},
		{"short name", "package_create", validPackage("x"), "name", "Must be at least 2 characters long"},
		{"missing owner_org", "package_create", noOrg, "owner_org", "An organization must be provided"},
		{"resource without package_id", "resource_create", map[string]any{"url": "https://x.de/a.csv"}, "package_id", "Missing value"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := e.storedCount()
			r := e.post(tc.action, e.editorToken, tc.body)
			if r.Status != 409 || r.errorMap()["__type"] != "Validation Error" {
				t.Fatalf("%d %s", r.Status, r.Raw)
			}
			msgs, _ := r.errorMap()[tc.field].([]any)
			if len(msgs) == 0 || msgs[0] != tc.msg {
				t.Errorf("%s = %v, want [%q] (%s)", tc.field, msgs, tc.msg, r.Raw)
			}
			if e.storedCount() != before {
				t.Errorf("a refused write changed the store")
			}
		})
	}
}

var timestampRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$`)

// packageKeys is CKAN 2.11's package_show key list (§A.5).
var packageKeys = []string{"author", "author_email", "creator_user_id", "extras", "groups", "id", "isopen",
	"license_id", "license_title", "maintainer", "maintainer_email", "metadata_created", "metadata_modified",
	"name", "notes", "num_resources", "num_tags", "organization", "owner_org", "private",
	"relationships_as_object", "relationships_as_subject", "resources", "state", "tags", "title", "type",
	"url", "version"}

// §E item 6: the package dict's shape.
func TestPackageShape(t *testing.T) {
	e := newEnv(t)
	pkg := validPackage("shape")
	pkg["resources"] = append(pkg["resources"].([]any), map[string]any{"name": "Zweite", "url": "https://rostock.de/b.json"})
	cr := e.ok(e.post("package_create", e.editorToken, pkg))
	created := cr.resultMap()
	if n := cr.Header.Get("X-Datenportal-Warnings"); n == "" || n == "0" {
		t.Errorf("X-Datenportal-Warnings = %q; the dataset lacks recommended values", n)
	}
	byName := e.ok(e.get("package_show", "", url.Values{"id": {"shape"}}))
	byID := e.ok(e.get("package_show", "", url.Values{"id": {created["id"].(string)}}))
	if string(byName.Raw) != string(byID.Raw) {
		t.Errorf("show by name and by id differ:\n%s\n%s", byName.Raw, byID.Raw)
	}
	p := byName.resultMap()
	for _, k := range packageKeys {
		if _, ok := p[k]; !ok {
			t.Errorf("package dict lacks %q", k)
		}
	}
	if p["type"] != "dataset" || p["license_id"] != "dl-by-de/2.0" || p["isopen"] != true ||
		p["license_url"] != "http://dcat-ap.de/def/licenses/dl-by-de/2.0" {
		t.Errorf("type/license: %v %v %v %v", p["type"], p["license_id"], p["isopen"], p["license_url"])
	}
	res := p["resources"].([]any)
	if p["num_resources"] != float64(len(res)) || len(res) != 2 {
		t.Errorf("num_resources %v, %d resources", p["num_resources"], len(res))
	}
	for i, x := range res {
		r := x.(map[string]any)
		if r["package_id"] != p["id"] || r["position"] != float64(i) || r["description"] != "" ||
			r["datastore_active"] != false || r["state"] != "active" {
			t.Errorf("resource %d: %v", i, r)
		}
		for _, k := range []string{"created", "metadata_modified"} {
			if s, _ := r[k].(string); !timestampRE.MatchString(s) {
				t.Errorf("resource %s = %v", k, r[k])
			}
		}
		for _, k := range []string{"url", "format", "hash", "mimetype", "size", "url_type", "last_modified", "name", "resource_type", "cache_url", "mimetype_inner"} {
			if _, ok := r[k]; !ok {
				t.Errorf("resource lacks %s", k)
			}
		}
	}
	if res[1].(map[string]any)["format"] != "JSON" {
		t.Errorf("format not guessed from the URL: %v", res[1].(map[string]any)["format"])
	}
	for _, k := range []string{"metadata_created", "metadata_modified"} {
		if s, _ := p[k].(string); !timestampRE.MatchString(s) {
			t.Errorf("%s = %v", k, p[k])
		}
	}
	var keys []string
	for _, x := range p["extras"].([]any) {
		kv := x.(map[string]any)
		if len(kv) != 2 {
			t.Errorf("extra %v", kv)
		}
		if _, ok := kv["value"].(string); !ok {
			t.Errorf("extra value not a string: %v", kv)
		}
		keys = append(keys, kv["key"].(string))
	}
	if !sort.StringsAreSorted(keys) {
		t.Errorf("extras not sorted: %v", keys)
	}
	org := p["organization"].(map[string]any)
	show := e.ok(e.get("organization_show", "", url.Values{"id": {org["name"].(string)}})).resultMap()
	for k, v := range org {
		if fmt.Sprint(show[k]) != fmt.Sprint(v) {
			t.Errorf("organization.%s = %v, organization_show has %v", k, v, show[k])
		}
	}
	g := p["groups"].([]any)[0].(map[string]any)
	if g["name"] != "gove" || g["title"] != "Regierung und öffentlicher Sektor" {
		t.Errorf("group = %v", g)
	}
}

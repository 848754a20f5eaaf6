package ckanapi_test

import (
	"net/http"
	"strings"
	"testing"
)

// Bad input gets CKAN's envelope with the right type, status and field
// messages, and writes nothing.
func TestBadInput(t *testing.T) {
	e := newEnv(t)
	e.create(validPackage("vorhanden"))
	with := func(k string, v any) map[string]any {
		p := validPackage("neu")
		p[k] = v
		return p
	}
	withExtra := func(k, v string) map[string]any {
		p := validPackage("neu")
		p["extras"] = append(p["extras"].([]any), map[string]any{"key": k, "value": v})
		return p
	}
	withResource := func(k string, v any) map[string]any {
		p := validPackage("neu")
		p["resources"].([]any)[0].(map[string]any)[k] = v
		return p
	}
	cases := []struct {
		name   string
		token  string
		body   any
		status int
		// want is a JSON fragment the error body must contain; for the
		// bare-string 400s, a substring of the string.
		want string
	}{
		{"malformed JSON", e.editorToken, `{"name": "neu",`, 400, "Bad request - JSON Error"},
		{"JSON list", e.editorToken, `["neu"]`, 400, "it needs to be a dictionary"},
		{"JSON string", e.editorToken, `"neu"`, 400, "it needs to be a dictionary"},
		{"trailing data", e.editorToken, `{"name": "neu"} {}`, 400, "Bad request - JSON Error"},
		{"oversized body", e.editorToken, `{"notes": "` + strings.Repeat("x", 300<<10) + `"}`, 413, `"__type":"Request Entity Too Large"`},
		{"name not a string", e.editorToken, with("name", map[string]any{"a": 1}), 409, `"name":["Must be a string"]`},
		{"invalid name", e.editorToken, with("name", "Mein Datensatz"), 409, `"name":["Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_"]`},
		{"reserved name", e.editorToken, with("name", "new"), 409, `"name":["That name cannot be used"]`},
		{"duplicate name", e.editorToken, with("name", "vorhanden"), 409, `"name":["That URL is already in use."]`},
		{"missing owner_org", e.editorToken, with("owner_org", ""), 409, `"owner_org":["An organization must be provided"]`},
		{"unknown owner_org", e.editorToken, with("owner_org", "gibt-es-nicht"), 409, `"owner_org":["Organization does not exist"]`},
		{"unknown licence", e.editorToken, with("license_id", "meine-lizenz"), 409, `"license_id":["License not found: meine-lizenz (see license_list)"]`},
		{"unknown resource licence", e.editorToken, withResource("license", "http://example.org/lizenz"), 409, `"resources":[{"license":["Licence (distribution 1): unknown licence`},
		{"unknown theme", e.editorToken, with("groups", []any{map[string]any{"name": "sport"}}), 409, `"groups":[{"name":["That group name or ID does not exist: sport`},
		{"private not boolean", e.editorToken, with("private", "vielleicht"), 409, `"private":["Unrecognized boolean value"]`},
		{"tags not a list", e.editorToken, with("tags", "a,b"), 409, `"tags":["Must be a list"]`},
		{"tag too short", e.editorToken, with("tags", []any{map[string]any{"name": "ok-tag"}, map[string]any{"name": "x"}}), 409, `"tags":[{},{"name":["Tag \"x\" length is less than minimum 2"]}]`},
		{"resources not a list", e.editorToken, with("resources", map[string]any{}), 409, `"resources":["Must be a list"]`},
		{"resource size not a number", e.editorToken, withResource("size", "groß"), 409, `"resources":[{"size":["Invalid integer"]}]`},
		{"resource url not a URL", e.editorToken, withResource("url", "javascript:alert(1)"), 409, `"resources":[{"url":[`},
		{"extra colliding with a core key", e.editorToken, withExtra("title", "x"), 409, `"extras":[{},{},{},{"key":["There is a schema field with the same name"]}]`},
		{"duplicate extras", e.editorToken, withExtra("contributorID", "[]"), 409, `"extras_validation":["There are duplicate keys: contributorID"]`},
		{"bad date extra", e.editorToken, withExtra("issued", "gestern"), 409, `"issued":["Date format incorrect"]`},
		{"bad list extra", e.editorToken, withExtra("geocodingText", "[unclosed"), 409, `"geocodingText":["Could not parse as valid JSON"]`},
		{"bad GeoJSON", e.editorToken, withExtra("spatial", "{\"type\": \"Polygon\""), 409, `"spatial":["Error decoding JSON object`},
		{"bad e-mail", e.editorToken, with("maintainer_email", "keine-adresse"), 409, `"maintainer_email":[`},
		{"unknown frequency", e.editorToken, withExtra("frequency", "manchmal"), 409, `"frequency":[`},
		{"state invalid", e.editorToken, with("state", "bogus"), 409, `"state":["Invalid state"]`},
		{"id by non-sysadmin", e.editorToken, with("id", "0b6b0a8e-6a43-4a0e-9d0a-5a4c2f2f3b11"), 409, `"id":["Only sysadmins may set the id"]`},
		{"token for another organisation", e.otherToken, validPackage("neu"), 403, `"__type":"Authorization Error"`},
		{"member token", e.memberToken, validPackage("neu"), 403, `"message":"Access denied: `},
		{"anonymous with invalid body", "", `{"name": 5`, 400, "Bad request - JSON Error"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before, names := e.storedCount(), strings.Join(e.names(), ",")
			r := e.post("package_create", tc.token, tc.body)
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d: %.500s", r.Status, tc.status, r.Raw)
			}
			if s, isString := r.Body.(string); isString {
				if !strings.Contains(s, tc.want) {
					t.Errorf("body %q lacks %q", s, tc.want)
				}
			} else {
				if r.obj()["success"] != false || r.obj()["help"] == nil {
					t.Errorf("not an error envelope: %.300s", r.Raw)
				}
				if got := compact(r.Raw); !strings.Contains(got, tc.want) {
					t.Errorf("body lacks %s:\n%.800s", tc.want, got)
				}
			}
			if r.Header.Get("Content-Type") != "application/json;charset=utf-8" {
				t.Errorf("Content-Type %q", r.Header.Get("Content-Type"))
			}
			if e.storedCount() != before || strings.Join(e.names(), ",") != names {
				t.Errorf("the refused request wrote something")
			}
		})
	}
}

// Requests that are not even CKAN calls.
func TestBadRequests(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		name, method, path, ctype, body string
		status                          int
		want                            string
	}{
		{"GET package_update", "GET", "/api/3/action/package_update?id=x", "", "", 400, "Please use POST method"},
		{"GET resource_create", "GET", "/api/action/resource_create", "", "", 400, "Please use POST method"},
		{"API version 2 actions", "GET", "/api/2/action/package_list", "", "", 404, ""},
		{"form body", "POST", "/api/3/action/package_show", "application/x-www-form-urlencoded", "id=nicht-da", 404, "Not Found Error"},
		{"legacy JSON form key", "POST", "/api/3/action/package_show", "application/x-www-form-urlencoded", `{"id":"nicht-da"}=`, 404, "Not Found Error"},
		{"broken multipart", "POST", "/api/3/action/package_show", "multipart/form-data; boundary=xyz", "--xyz\r\nbroken", 400, "multipart"},
		{"help_show", "GET", "/api/3/action/help_show?name=package_search", "", "", 200, "Search datasets"},
		{"help_show unknown", "GET", "/api/3/action/help_show?name=foo", "", "", 404, "Not found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, e.site+tc.path, strings.NewReader(tc.body))
			if tc.ctype != "" {
				req.Header.Set("Content-Type", tc.ctype)
			}
			r := e.do(req, "")
			if r.Status != tc.status || !strings.Contains(string(r.Raw), tc.want) {
				t.Errorf("%d %s, want %d containing %q", r.Status, r.Raw, tc.status, tc.want)
			}
		})
	}
}

// compact re-encodes JSON without spaces, so fragments compare simply.
func compact(raw []byte) string {
	var v any
	if err := jsonUnmarshal(raw, &v); err != nil {
		return string(raw)
	}
	return jsonString(v)
}

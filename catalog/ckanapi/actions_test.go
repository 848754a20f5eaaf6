package ckanapi_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// The remaining read actions, each against a small catalogue.
func TestReadActions(t *testing.T) {
	e := newEnv(t)
	for i := 0; i < 12; i++ {
		e.create(validPackage(fmt.Sprintf("r-%02d", i)))
	}
	envi := validPackage("umwelt")
	envi["groups"] = []any{map[string]any{"name": "envi"}, map[string]any{"name": "gove"}}
	envi["tags"] = []any{map[string]any{"name": "luftqualität"}}
	e.create(envi)
	priv := validPackage("privat")
	priv["private"] = true
	e.create(priv)

	cases := []struct {
		name   string
		action string
		q      url.Values
		token  string
		check  func(r *resp) string
	}{
		{"current_package_list_with_resources default 10", "current_package_list_with_resources", nil, "", func(r *resp) string {
			l := r.result().([]any)
			if len(l) != 10 || l[0].(map[string]any)["name"] != "umwelt" {
				return fmt.Sprintf("%d items, first %v", len(l), l[0].(map[string]any)["name"])
			}
			return ""
		}},
		{"current_package_list_with_resources private for sysadmin", "current_package_list_with_resources", url.Values{"limit": {"1"}}, e.sysToken, func(r *resp) string {
			if l := r.result().([]any); len(l) != 1 || l[0].(map[string]any)["name"] != "privat" {
				return fmt.Sprint(l)
			}
			return ""
		}},
		{"organization_list names", "organization_list", nil, "", func(r *resp) string {
			if jsonString(r.result()) != `["hansestadt-rostock","landkreis-rostock"]` {
				return jsonString(r.result())
			}
			return ""
		}},
		{"organization_list all_fields by package_count", "organization_list", url.Values{"all_fields": {"true"}, "sort": {"package_count desc"}}, "", func(r *resp) string {
			l := r.result().([]any)
			first := l[0].(map[string]any)
			if first["name"] != "hansestadt-rostock" || first["package_count"] != float64(13) || first["is_organization"] != true {
				return jsonString(first)
			}
			return ""
		}},
		{"organization_list q and filter", "organization_list", url.Values{"q": {"LANDKREIS"}}, "", func(r *resp) string {
			if jsonString(r.result()) != `["landkreis-rostock"]` {
				return jsonString(r.result())
			}
			return ""
		}},
		{"organization_show", "organization_show", url.Values{"id": {"hansestadt-rostock"}, "include_datasets": {"true"}}, "", func(r *resp) string {
			o := r.resultMap()
			if o["package_count"] != float64(13) || len(o["packages"].([]any)) != 10 || !strings.Contains(jsonString(o["extras"]), contributorHRO) {
				return jsonString(o)
			}
			if len(o["users"].([]any)) != 0 {
				return "members shown to anonymous"
			}
			return ""
		}},
		{"organization_show members for a member", "organization_show", url.Values{"id": {"hansestadt-rostock"}}, e.memberToken, func(r *resp) string {
			o := r.resultMap()
			if o["package_count"] != float64(14) || !strings.Contains(jsonString(o["users"]), `"capacity":"editor"`) {
				return jsonString(o)
			}
			return ""
		}},
		{"group_list", "group_list", nil, "", func(r *resp) string {
			l := r.result().([]any)
			if len(l) != 13 || l[0] != "soci" { // "Bevölkerung und Gesellschaft" sorts first
				return jsonString(l)
			}
			return ""
		}},
		{"group_list all_fields", "group_list", url.Values{"all_fields": {"true"}, "sort": {"package_count desc"}, "limit": {"2"}}, "", func(r *resp) string {
			l := r.result().([]any)
			if len(l) != 2 || l[0].(map[string]any)["name"] != "gove" || l[0].(map[string]any)["package_count"] != float64(13) ||
				l[1].(map[string]any)["name"] != "envi" || l[1].(map[string]any)["package_count"] != float64(1) {
				return jsonString(l)
			}
			return ""
		}},
		{"group_show", "group_show", url.Values{"id": {"envi"}, "include_datasets": {"true"}}, "", func(r *resp) string {
			g := r.resultMap()
			if g["title"] != "Umwelt" || g["package_count"] != float64(1) || len(g["packages"].([]any)) != 1 || g["is_organization"] != false {
				return jsonString(g)
			}
			return ""
		}},
		{"tag_list", "tag_list", url.Values{"query": {"LUFT"}}, "", func(r *resp) string {
			if jsonString(r.result()) != `["luftqualität"]` {
				return jsonString(r.result())
			}
			return ""
		}},
		{"license_list", "license_list", nil, "", func(r *resp) string {
			for _, x := range r.result().([]any) {
				l := x.(map[string]any)
				for k, v := range l {
					if _, ok := v.(string); !ok {
						return k + " is not a string"
					}
				}
				if l["id"] == "dl-by-de/2.0" {
					if l["url"] != "http://dcat-ap.de/def/licenses/dl-by-de/2.0" || l["od_conformance"] != "approved" {
						return jsonString(l)
					}
					return ""
				}
			}
			return "dl-by-de/2.0 missing"
		}},
		{"user_show hides e-mail from others", "user_show", url.Values{"id": {"editor"}}, e.otherToken, func(r *resp) string {
			if _, has := r.resultMap()["email"]; has || strings.Contains(string(r.Raw), "password") {
				return string(r.Raw)
			}
			return ""
		}},
		{"user_show shows e-mail to the user", "user_show", url.Values{"id": {"editor"}}, e.editorToken, func(r *resp) string {
			if r.resultMap()["email"] != "editor@example.org" {
				return string(r.Raw)
			}
			return ""
		}},
		{"dataset_validate", "dataset_validate", url.Values{"id": {"r-01"}}, "", func(r *resp) string {
			res := r.resultMap()
			if len(res["errors"].([]any)) != 0 {
				return jsonString(res)
			}
			for _, x := range res["warnings"].([]any) {
				w := x.(map[string]any)
				if w["code"] == "" || w["message_de"] == "" || w["message_en"] == "" || w["field"] == "" {
					return jsonString(w)
				}
			}
			if !strings.Contains(jsonString(res["warnings"]), `"field":"temporal_start"`) {
				return "no temporal warning in CKAN terms: " + jsonString(res["warnings"])
			}
			return ""
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := e.ok(e.get(tc.action, tc.token, tc.q))
			if msg := tc.check(r); msg != "" {
				t.Error(msg)
			}
		})
	}
}

// Organisation, membership, token and purge writes.
func TestAdminActions(t *testing.T) {
	e := newEnv(t)
	steps := []struct {
		name   string
		action string
		token  string
		body   map[string]any
		status int
		check  func(r *resp) string
	}{
		{"editor may not create organisations", "organization_create", e.editorToken, map[string]any{"name": "neu"}, 403, nil},
		{"organization_create", "organization_create", e.sysToken, map[string]any{"name": "amt-neu", "title": "Neues Amt",
			"extras": []any{map[string]any{"key": "contributorID", "value": `["` + contributorHRO + `"]`},
				map[string]any{"key": "dcat_type", "value": "LocalAuthority"}, map[string]any{"key": "license_id", "value": "dl-zero-de/2.0"}}}, 200,
			func(r *resp) string {
				x := jsonString(r.resultMap()["extras"])
				if !strings.Contains(x, `"key":"dcat_type","value":"http://purl.org/adms/publishertype/LocalAuthority"`) ||
					!strings.Contains(x, `"key":"license_id","value":"dl-zero-de/2.0"`) {
					return x
				}
				return ""
			}},
		{"organization_create bad contributor", "organization_create", e.sysToken, map[string]any{"name": "amt-b", "contributorID": "kein-iri"}, 409,
			func(r *resp) string {
				if r.errorMap()["contributorID"] == nil {
					return string(r.Raw)
				}
				return ""
			}},
		{"organization_patch keeps extras", "organization_patch", e.sysToken, map[string]any{"id": "amt-neu", "title": "Amt (neu)"}, 200,
			func(r *resp) string {
				if r.resultMap()["title"] != "Amt (neu)" || !strings.Contains(jsonString(r.resultMap()["extras"]), contributorHRO) {
					return string(r.Raw)
				}
				return ""
			}},
		{"member_create", "organization_member_create", e.sysToken, map[string]any{"id": "amt-neu", "username": "other", "role": "editor"}, 200, nil},
		{"member_create bad role", "organization_member_create", e.sysToken, map[string]any{"id": "amt-neu", "username": "other", "role": "chef"}, 409,
			func(r *resp) string {
				if r.errorMap()["role"] == nil {
					return string(r.Raw)
				}
				return ""
			}},
		{"new editor creates; organisation defaults apply", "package_create", e.otherToken, func() map[string]any {
			p := validPackage("im-neuen-amt")
			p["owner_org"] = "amt-neu"
			delete(p, "license_id")
			return p
		}(), 200, func(r *resp) string {
			if r.resultMap()["license_id"] != "dl-zero-de/2.0" {
				return "organisation default licence not applied: " + fmt.Sprint(r.resultMap()["license_id"])
			}
			return ""
		}},
		{"member_delete", "organization_member_delete", e.sysToken, map[string]any{"id": "amt-neu", "username": "other"}, 200, nil},
		{"removed editor may not write", "package_patch", e.otherToken, map[string]any{"id": "im-neuen-amt", "title": "x"}, 403, nil},
		{"token for someone else", "api_token_create", e.editorToken, map[string]any{"user": "other", "name": "fremd"}, 403, nil},
		{"api_token_create", "api_token_create", e.editorToken, map[string]any{"user": "editor", "name": "skript"}, 200,
			func(r *resp) string {
				tok, _ := r.resultMap()["token"].(string)
				if who := e.ok(e.get("user_show", tok, url.Values{"id": {"editor"}})).resultMap()["email"]; who != "editor@example.org" {
					return "new token does not authenticate"
				}
				if e.post("api_token_revoke", tok, map[string]any{"token": tok}).Status != 200 {
					return "revoke failed"
				}
				if _, has := e.ok(e.get("user_show", tok, url.Values{"id": {"editor"}})).resultMap()["email"]; has {
					return "revoked token still works"
				}
				return ""
			}},
		{"api_token_list", "api_token_list", e.editorToken, map[string]any{"user": "editor"}, 200, func(r *resp) string {
			l := r.result().([]any)
			if len(l) != 1 || l[0].(map[string]any)["name"] != "test" || strings.Contains(string(r.Raw), "dp_") {
				return string(r.Raw)
			}
			return ""
		}},
		{"dataset_purge by editor", "dataset_purge", e.editorToken, map[string]any{"id": "im-neuen-amt"}, 403, nil},
		{"dataset_purge", "dataset_purge", e.sysToken, map[string]any{"id": "im-neuen-amt"}, 200, func(r *resp) string {
			if e.get("package_show", e.sysToken, url.Values{"id": {"im-neuen-amt"}}).Status != 404 {
				return "purged dataset still there"
			}
			return ""
		}},
	}
	for _, s := range steps {
		r := e.post(s.action, s.token, s.body)
		if r.Status != s.status {
			t.Fatalf("%s: status %d, want %d: %s", s.name, r.Status, s.status, r.Raw)
		}
		if s.check != nil {
			if msg := s.check(r); msg != "" {
				t.Errorf("%s: %s", s.name, msg)
			}
		}
	}
}

// Resource actions on a linked resource.
func TestResourceActions(t *testing.T) {
	e := newEnv(t)
	pkg := e.create(validPackage("res"))
	rid := pkg["resources"].([]any)[0].(map[string]any)["id"].(string)
	show := e.ok(e.get("resource_show", "", url.Values{"id": {rid}})).resultMap()
	if show["package_id"] != pkg["id"] || show["position"] != float64(0) {
		t.Errorf("resource_show = %v", show)
	}
	p := e.ok(e.post("resource_patch", e.editorToken, map[string]any{"id": rid, "description": "Neu"})).resultMap()
	if p["description"] != "Neu" || p["url"] != show["url"] || p["license"] != show["license"] {
		t.Errorf("resource_patch = %v", p)
	}
	u := e.ok(e.post("resource_update", e.editorToken, map[string]any{"id": rid, "url": "https://rostock.de/neu.json"})).resultMap()
	if u["description"] != "" || u["format"] != "JSON" || u["license"] != "http://dcat-ap.de/def/licenses/dl-by-de/2.0" {
		t.Errorf("resource_update must replace the resource and keep the dataset licence: %v", u)
	}
	r := e.post("resource_update", e.editorToken, map[string]any{"id": rid, "url": "ftp://x", "size": -5})
	if r.Status != 409 || r.errorMap()["size"] == nil && r.errorMap()["url"] == nil {
		t.Errorf("invalid resource_update: %d %s", r.Status, r.Raw)
	}
	if _, nested := r.errorMap()["resources"]; nested {
		t.Errorf("resource errors must not be wrapped in resources: %s", r.Raw)
	}
	if r := e.post("resource_update", e.otherToken, map[string]any{"id": rid, "url": "https://x.de"}); r.Status != 403 {
		t.Errorf("other organisation: %d", r.Status)
	}
	e.ok(e.post("resource_delete", e.editorToken, map[string]any{"id": rid}))
	if r := e.get("resource_show", "", url.Values{"id": {rid}}); r.Status != 404 {
		t.Errorf("deleted resource: %d", r.Status)
	}
	if n := e.ok(e.get("package_show", "", url.Values{"id": {"res"}})).resultMap()["num_resources"]; n != float64(0) {
		t.Errorf("num_resources = %v", n)
	}
}

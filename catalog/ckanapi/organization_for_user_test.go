package ckanapi_test

import (
	"net/url"
	"strings"
	"testing"
)

// organization_list_for_user answers what a publishing tool asks: where
// may this user publish (create_dataset), manage (manage_group), read.
func TestOrganizationListForUser(t *testing.T) {
	e := newEnv(t)
	names := func(r *resp) string {
		var out []string
		for _, o := range r.result().([]any) {
			out = append(out, o.(map[string]any)["name"].(string))
		}
		return strings.Join(out, ",")
	}
	for _, tc := range []struct {
		name   string
		token  string
		q      url.Values
		status int
		want   string
	}{
		{"anonymous", "", nil, 200, ""},
		{"editor manages nothing", e.editorToken, nil, 200, ""},
		{"editor publishes to its organisation", e.editorToken, url.Values{"permission": {"create_dataset"}}, 200, "hansestadt-rostock"},
		{"member may not publish", e.memberToken, url.Values{"permission": {"create_dataset"}}, 200, ""},
		{"member reads", e.memberToken, url.Values{"permission": {"read"}}, 200, "hansestadt-rostock"},
		{"own name as id", e.otherToken, url.Values{"id": {"other"}, "permission": {"update_dataset"}}, 200, "landkreis-rostock"},
		{"sysadmin has all, in title order", e.sysToken, nil, 200, "hansestadt-rostock,landkreis-rostock"},
		{"sysadmin asks for another user", e.sysToken, url.Values{"id": {"member"}, "permission": {"read"}}, 200, "hansestadt-rostock"},
		{"another user's list is forbidden", e.editorToken, url.Values{"id": {"other"}}, 403, ""},
		{"unknown permission", e.editorToken, url.Values{"permission": {"fly"}}, 409, ""},
	} {
		r := e.get("organization_list_for_user", tc.token, tc.q)
		if r.Status != tc.status {
			t.Errorf("%s: status %d: %s", tc.name, r.Status, r.Raw)
			continue
		}
		if tc.status == 200 && names(r) != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, names(r), tc.want)
		}
	}
	r := e.ok(e.get("organization_list_for_user", e.editorToken, url.Values{"permission": {"create_dataset"}, "include_dataset_count": {"true"}}))
	if o := r.result().([]any)[0].(map[string]any); o["package_count"] != float64(0) || o["title"] != "Hanse- und Universitätsstadt Rostock" {
		t.Errorf("dict: %v", o)
	}
}

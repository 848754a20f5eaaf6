package ckanapi_test

import (
	"net/url"
	"testing"
)

// organization_delete: sysadmins only; refused while the organisation has
// a dataset; afterwards it is gone from lists and from organization_show
// for everybody but sysadmins, and nothing can be published in it.
func TestOrganizationDelete(t *testing.T) {
	e := newEnv(t)
	pkg := e.create(validPackage("letzter-datensatz"))
	org := map[string]any{"id": "hansestadt-rostock"}
	if r := e.post("organization_delete", e.editorToken, org); r.Status != 403 {
		t.Errorf("editor: %d %s", r.Status, r.Raw)
	}
	if r := e.post("organization_delete", e.sysToken, org); r.Status != 409 {
		t.Fatalf("with a dataset: %d %s", r.Status, r.Raw)
	}
	e.ok(e.post("dataset_purge", e.sysToken, map[string]any{"id": pkg["id"]}))
	e.ok(e.post("organization_delete", e.sysToken, org))
	e.ok(e.post("organization_delete", e.sysToken, org)) // again: nothing to do

	if got := jsonString(e.ok(e.get("organization_list", "", nil)).result()); got != `["landkreis-rostock"]` {
		t.Errorf("organization_list: %s", got)
	}
	if r := e.get("organization_show", "", url.Values{"id": {"hansestadt-rostock"}}); r.Status != 404 {
		t.Errorf("organization_show anonymous: %d", r.Status)
	}
	if r := e.get("organization_show", e.sysToken, url.Values{"id": {"hansestadt-rostock"}}); r.Status != 200 || r.resultMap()["state"] != "deleted" {
		t.Errorf("organization_show sysadmin: %d %s", r.Status, r.Raw)
	}
	if r := e.post("package_create", e.sysToken, validPackage("in-geloeschter-org")); r.Status != 409 {
		t.Errorf("package_create in the deleted organisation: %d %s", r.Status, r.Raw)
	}
	if r := e.post("organization_delete", e.sysToken, map[string]any{"id": "gibt-es-nicht"}); r.Status != 404 {
		t.Errorf("unknown organisation: %d", r.Status)
	}
}

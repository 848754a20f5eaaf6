package ckanapi_test

import (
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"testing"
)

// richPackage sets every DCAT-AP.de extra this API maps, so that the
// round-trip test covers each of them.
func richPackage(name string) map[string]any {
	p := validPackage(name)
	p["url"] = "https://rostock.de/haushalt"
	p["version"] = "2.1"
	p["author"], p["author_email"] = "Statistikstelle", "statistik@rostock.de"
	extras := p["extras"].([]any)
	for k, v := range map[string]string{
		"geocodingText":          `["Hansestadt Rostock"]`,
		"legalbasisText":         `["§ 1 Haushaltsgesetz", "§ 2 Kommunalverfassung"]`,
		"qualityProcessURI":      "https://rostock.de/qualitaet",
		"identifier":             "https://rostock.de/id/haushalt",
		"issued":                 "2024-01-15",
		"modified":               "2025-03-01T10:00:00",
		"temporal_start":         "2024",
		"temporal_end":           "2025-12",
		"spatial":                `{"type": "Polygon", "coordinates": [[[12.0, 54.0], [12.3, 54.0], [12.3, 54.2], [12.0, 54.2], [12.0, 54.0]]]}`,
		"spatial_uri":            "http://dcat-ap.de/def/politicalGeocoding/districtKey/13003",
		"spatial_text":           "Rostock",
		"frequency":              "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
		"language":               `["http://publications.europa.eu/resource/authority/language/DEU"]`,
		"access_rights":          "http://publications.europa.eu/resource/authority/access-right/PUBLIC",
		"conforms_to":            `["https://rostock.de/schema/haushalt"]`,
		"version_notes":          "Korrektur der Summen",
		"hvd_category":           `["http://data.europa.eu/bna/c_dd313021"]`,
		"applicable_legislation": `["http://data.europa.eu/eli/reg_impl/2023/138/oj"]`,
		"references":             `["https://musterdatenkatalog.de/def/musterdatensatz/haushalt"]`,
		"used_datasets":          `["https://rostock.de/daten/steuern"]`,
		"dcat_type":              `["http://publications.europa.eu/resource/authority/dataset-type/STATISTICAL"]`,
		"provenance":             "Aus dem Finanzverfahren exportiert",
		"maintainer_url":         "https://rostock.de/finanzen",
		"maintainer_tel":         "+49 381 3810",
		"maintainer_street":      "Neuer Markt 1",
		"maintainer_city":        "Rostock",
		"maintainer_zip":         "18055",
		"maintainer_country":     "Deutschland",
		"contact_url":            "https://rostock.de/kontakt",
		"contact_email":          "daten@rostock.de",
		"author_url":             "https://rostock.de/statistik",
		"author_contacttype":     "Person",
		"originator_name":        "Landesamt für Statistik",
		"originator_email":       "info@statistik-mv.de",
		"originator_url":         "https://statistik-mv.de",
		"originator_type":        "http://purl.org/adms/publishertype/RegionalAuthority",
		"contributor_name":       "Rechenzentrum",
		"publisher_name":         "Amt für Finanzen der Hansestadt",
		"publisher_email":        "finanzen@rostock.de",
		"publisher_url":          "https://rostock.de",
		"publisher_type":         "http://purl.org/adms/publishertype/LocalAuthority",
		"documentation":          "https://rostock.de/doku",
		"eigenes_feld":           "bleibt erhalten",
	} {
		extras = append(extras, map[string]any{"key": k, "value": v})
	}
	p["extras"] = extras
	p["resources"] = append(p["resources"].([]any), map[string]any{
		"name": "Haushalt als API", "description": "REST-Schnittstelle",
		"url": "https://rostock.de/api/haushalt.json", "access_url": "https://rostock.de/api",
		"download_url": "https://rostock.de/api/haushalt.json", "format": "JSON", "mimetype": "application/json",
		"size": 1234, "hash": strings.Repeat("ab", 32), "license": "http://dcat-ap.de/def/licenses/cc-by/4.0",
		"licenseAttributionByText": "Hansestadt Rostock", "issued": "2024-01-15", "last_modified": "2025-02-01",
		"availability": "STABLE", "status": "COMPLETED", "language": `["de"]`, "conforms_to": `["https://oas.example/v3"]`,
		"documentation": "https://rostock.de/api/doku", "resource_type": "api", "eigener_schluessel": "x",
		"plannedAvailability": "http://dcat-ap.de/def/plannedAvailability/available",
	}, map[string]any{"name": "Alt-Format", "url": "https://rostock.de/alt.xyz", "format": "Kartenviewer", "hash": "md5:abc"})
	return p
}

// A client that reads a package and writes it back unchanged changes
// nothing (only metadata_modified moves).
func TestRoundTrip(t *testing.T) {
	e := newEnv(t)
	created := e.create(richPackage("rundreise"))
	pid := created["id"].(string)
	e.ok(e.multipart("resource_create", e.editorToken, part{name: "package_id", value: pid},
		part{name: "upload", value: "a;b\n1;2\n", file: "werte.csv"}))
	before := e.ok(e.get("package_show", "", url.Values{"id": {pid}})).resultMap()

	extras := map[string]string{}
	for _, x := range before["extras"].([]any) {
		kv := x.(map[string]any)
		extras[kv["key"].(string)] = kv["value"].(string)
	}
	for _, x := range richPackage("x")["extras"].([]any) {
		kv := x.(map[string]any)
		k, v := kv["key"].(string), kv["value"].(string)
		if k == "issued" || k == "modified" || k == "legalbasisText" || k == "spatial" {
			if extras[k] != v {
				t.Errorf("extra %s = %q, sent %q", k, extras[k], v)
			}
		}
		if _, ok := extras[k]; !ok && k != "contact_email" {
			t.Errorf("extra %s not shown", k)
		}
	}
	if extras["contact_email"] != "daten@rostock.de" {
		t.Errorf("contact_email differs from maintainer_email and must be shown: %q", extras["contact_email"])
	}
	res := before["resources"].([]any)
	api := res[1].(map[string]any)
	for k, want := range map[string]any{"url": "https://rostock.de/api/haushalt.json", "access_url": "https://rostock.de/api",
		"download_url": "https://rostock.de/api/haushalt.json", "language": `["http://publications.europa.eu/resource/authority/language/DEU"]`,
		"availability":  "http://publications.europa.eu/resource/authority/planned-availability/STABLE",
		"last_modified": "2025-02-01", "size": float64(1234), "eigener_schluessel": "x", "format": "JSON",
		"plannedAvailability": "http://dcat-ap.de/def/plannedAvailability/available"} {
		if api[k] != want {
			t.Errorf("resource %s = %v, want %v", k, api[k], want)
		}
	}
	if alt := res[2].(map[string]any); alt["format"] != "Kartenviewer" || alt["hash"] != "md5:abc" {
		t.Errorf("unlisted format/hash not kept: %v %v", alt["format"], alt["hash"])
	}

	for _, tc := range []struct {
		name   string
		action string
		body   map[string]any
	}{
		{"package_update with the shown dict", "package_update", before},
		{"package_patch with the shown dict", "package_patch", before},
		{"package_update from a JSON round trip", "package_update", reencode(t, before)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.ok(e.post(tc.action, e.editorToken, tc.body))
			after := e.ok(e.get("package_show", "", url.Values{"id": {pid}})).resultMap()
			if a, b := withoutModified(before), withoutModified(after); a != b {
				t.Errorf("round trip changed the dict:\nbefore %s\nafter  %s", a, b)
			}
		})
	}
}

func reencode(t *testing.T, m map[string]any) map[string]any {
	b, _ := json.Marshal(m)
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func withoutModified(m map[string]any) string {
	c := map[string]any{}
	for k, v := range m {
		if k != "metadata_modified" {
			c[k] = v
		}
	}
	return jsonString(c)
}

// A GovData package dict (old OGD style, from daten.rlp.de) can be
// created with only owner_org adapted, and its extras come back as sent.
func TestGovDataPackage(t *testing.T) {
	e := newEnv(t)
	raw, err := os.ReadFile("testdata/govdata-package_show-rlp-geologie.json")
	if err != nil {
		t.Fatal(err)
	}
	var env struct{ Result map[string]any }
	if err := json.Unmarshal(raw, &env); err != nil {
		t.Fatal(err)
	}
	pkg := env.Result
	pkg["owner_org"] = "hansestadt-rostock"
	// ckanapi load keeps ids, which needs a sysadmin.
	got := e.ok(e.post("package_create", e.sysToken, pkg)).resultMap()
	if got["id"] != pkg["id"] || got["name"] != pkg["name"] || got["title"] != pkg["title"] {
		t.Errorf("identity: %v %v %v", got["id"], got["name"], got["title"])
	}
	if got["license_id"] != "cc-by-nc" || got["isopen"] != false {
		t.Errorf("licence cc-nc → %v (open %v)", got["license_id"], got["isopen"])
	}
	if g := got["groups"].([]any); len(g) != 1 || g[0].(map[string]any)["name"] != "educ" {
		t.Errorf("groups bildung_wissenschaft, geo → %v", g)
	}
	sent := map[string]string{}
	for _, x := range pkg["extras"].([]any) {
		kv := x.(map[string]any)
		sent[kv["key"].(string)] = kv["value"].(string)
	}
	back := map[string]string{}
	for _, x := range got["extras"].([]any) {
		kv := x.(map[string]any)
		back[kv["key"].(string)] = kv["value"].(string)
	}
	for k, v := range sent {
		if back[k] != v {
			t.Errorf("extra %s = %q, sent %q", k, back[k], v)
		}
	}
	res := got["resources"].([]any)
	wantFormats := []string{"Kartenviewer", "WMS", "HTML"}
	for i, x := range res {
		r := x.(map[string]any)
		src := pkg["resources"].([]any)[i].(map[string]any)
		if r["id"] != src["id"] || r["url"] != src["url"] || r["format"] != wantFormats[i] || r["description"] != src["description"] {
			t.Errorf("resource %d: %v", i, r)
		}
		if src["plannedAvailability"] != nil && r["plannedAvailability"] != src["plannedAvailability"] {
			t.Errorf("resource %d plannedAvailability = %v", i, r["plannedAvailability"])
		}
		if src["availability"] != nil && r["availability"] != src["availability"] {
			t.Errorf("resource %d availability = %v", i, r["availability"])
		}
	}
	// and it round-trips
	e.ok(e.post("package_update", e.sysToken, got))
	after := e.ok(e.get("package_show", "", url.Values{"id": {got["id"].(string)}})).resultMap()
	if a, b := withoutModified(got), withoutModified(after); a != b {
		t.Errorf("round trip changed the dict:\n%s\n%s", a, b)
	}
}

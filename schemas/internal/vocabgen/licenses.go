package vocabgen

import (
	"fmt"
	"sort"
	"strings"
)

const licenseBase = "http://dcat-ap.de/def/licenses/"

// licenses joins the GovData licence list (with its isOpenLicense flags)
// with ckanext-dcatde's code mapping and legacy list, so that the runtime
// can resolve every spelling those tools have produced.
func licenses(dir string) ([]Row, error) {
	g, err := load(dir, "dcat-ap-de-licenses-open.rdf")
	if err != nil {
		return nil, err
	}
	var mapping struct {
		List []struct {
			URI, Lizenzcode, OGDLizenzcode, Lizenztext string
		} `json:"list"`
	}
	if err := readJSON(dir, "dcatde-license-mapping.json", &mapping); err != nil {
		return nil, err
	}
	var legacy []struct {
		ID, URL, Status string
	}
	if err := readJSON(dir, "dcat_licenses.json", &legacy); err != nil {
		return nil, err
	}

	aliases := map[string]map[string]bool{} // IRI → alias codes
	urls := map[string]map[string]bool{}    // normalised text URL → IRIs
	ckan := map[string]string{}             // IRI → OGD/CKAN licence id
	addAlias := func(iri, a string) {
		if aliases[iri] == nil {
			aliases[iri] = map[string]bool{}
		}
		aliases[iri][a] = true
	}
	addURL := func(iri, u string) {
		if u = normURL(u); u == "" {
			return
		}
		if urls[u] == nil {
			urls[u] = map[string]bool{}
		}
		urls[u][iri] = true
	}
	for _, m := range mapping.List {
		addAlias(m.URI, m.Lizenzcode)
		addAlias(m.URI, m.OGDLizenzcode)
		ckan[m.URI] = m.OGDLizenzcode
		addURL(m.URI, m.Lizenztext)
	}
	active := map[string]bool{}
	for _, s := range concepts(g, "http://dcat-ap.de/def/licenses") {
		active[s] = true
	}
	for _, l := range legacy {
		if l.Status == "active" {
			addURL(l.ID, l.URL)
			continue
		}
		code := strings.TrimPrefix(l.ID, licenseBase)
		target := legacyLicense[code]
		if target == "" {
			target = strings.ReplaceAll(code, "_", ".")
		}
		if !active[licenseBase+target] {
			return nil, fmt.Errorf("legacy licence %s: no active licence %q", l.ID, target)
		}
		addAlias(licenseBase+target, code)
	}

	var rows []Row
	for _, s := range concepts(g, "http://dcat-ap.de/def/licenses") {
		code := strings.TrimPrefix(s, licenseBase)
		en := licenseEN[code]
		if en == "" {
			return nil, fmt.Errorf("licence %s: no English label in labels.go", s)
		}
		open := g.first(s, "http://govdata.de/mqa/#isOpenLicense", "")
		if open != "true" && open != "false" {
			return nil, fmt.Errorf("licence %s: isOpenLicense %q", s, open)
		}
		var as, us []string
		for a := range aliases[s] {
			if a != "" && a != code {
				as = append(as, a)
			}
		}
		for u, iris := range urls {
			if iris[s] && preferred(s, iris) {
				us = append(us, u)
			}
		}
		sort.Strings(as)
		sort.Strings(us)
		rows = append(rows, Row{IRI: s, Code: code, DE: g.first(s, nsSKOS+"prefLabel", "de"), EN: en,
			Extra: [][2]string{
				{"open", open},
				{"attribution", fmt.Sprint(licenseAttribution[code])},
				{"ckan", ckan[s]},
				{"aliases", strings.Join(as, " ")},
				{"urls", strings.Join(us, " ")},
			}})
	}
	return rows, nil
}

// preferred reports whether iri should own a licence text URL that several
// licences share: the versioned licence wins (cc-by-nd/3.0 over cc-by-nd),
// and a URL still shared after that belongs to nobody.
func preferred(iri string, iris map[string]bool) bool {
	if len(iris) == 1 {
		return true
	}
	var versioned []string
	for i := range iris {
		if strings.Contains(strings.TrimPrefix(i, licenseBase), "/") {
			versioned = append(versioned, i)
		}
	}
	return len(versioned) == 1 && versioned[0] == iri
}

// normURL reduces a licence text URL to scheme-less, www-less, lower-case
// form without trailing slash; the runtime applies the same rule.
func normURL(u string) string {
	u = strings.ToLower(strings.TrimSpace(u))
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	u = strings.TrimPrefix(u, "www.")
	return strings.TrimRight(u, "/")
}

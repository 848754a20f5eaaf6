package ckanapi

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/datenportal/datenportal/catalog"
)

// decoder reads a CKAN dict into domain values, collecting every problem
// as a CKAN field error instead of stopping at the first.
type decoder struct {
	errs fieldErrors
	site string
}

func (dc *decoder) str(m map[string]any, key, path string) string {
	v, ok := m[key]
	if !ok || v == nil {
		return ""
	}
	s, ok := scalarString(v)
	if !ok {
		dc.errs.add(path, "Must be a string", "Muss eine Zeichenkette sein")
		return ""
	}
	if len(s) > maxStringBytes {
		dc.errs.add(path, "Value too long", "Wert zu lang")
		return ""
	}
	return s
}

// valueText is an extra's value as CKAN stores it: strings as they are,
// anything else as JSON text.
func valueText(v any) string {
	if s, ok := scalarString(v); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// decodePackage converts a package dict into a Dataset. old is the stored
// dataset for package_update (nil on create): fields CKAN leaves
// unchanged when absent (title, private) are taken from it, and resources
// are matched to its distributions by id.
func (a *API) decodePackage(p params, old *catalog.Dataset) (*catalog.Dataset, error) {
	dc := &decoder{site: a.opt.SiteURL}
	m := map[string]any(p)
	d := &catalog.Dataset{}
	b := &build{d: d}
	if old == nil {
		d.ID = trimmed(dc.str(m, "id", "id"))
	}
	d.Name = dc.str(m, "name", "name")
	title := trimmed(dc.str(m, "title", "title"))
	switch {
	case title != "":
		d.Title = title
	case !p.has("title") && old != nil:
		d.Title = old.Title
	case d.Name != "":
		d.Title = d.Name // CKAN: if_empty_same_as("name")
	case old != nil:
		d.Title = old.Name
	}
	d.Description = dc.str(m, "notes", "notes")
	d.LandingPage = trimmed(dc.str(m, "url", "url"))
	d.Version = trimmed(dc.str(m, "version", "version"))
	d.OrganizationID = trimmed(dc.str(m, "owner_org", "owner_org"))
	d.State = trimmed(dc.str(m, "state", "state"))
	if p.has("private") {
		priv, err := p.boolean("private", false)
		if err != nil {
			dc.errs.add("private", "Unrecognized boolean value", "Unbekannter Wahrheitswert (true oder false)")
		}
		d.Private = priv
	} else if old != nil {
		// Absent means unchanged: a client that forgets the key must not
		// publish a private dataset by accident.
		d.Private = old.Private
	}
	for _, role := range []string{"author", "maintainer"} {
		if s := trimmed(dc.str(m, role, role)); s != "" {
			b.agent(role).Name = s
		}
		if s := trimmed(dc.str(m, role+"_email", role+"_email")); s != "" {
			b.agent(role).Email = s
		}
	}
	dc.tags(m, d)
	dc.groups(m, d)
	dc.extras(m, b)
	b.finish()
	lic := dc.license(m)
	dc.resources(m, d, old)
	if lic != "" {
		if d.Extras == nil {
			d.Extras = map[string]string{}
		}
		d.Extras[licenseExtra] = lic
	}
	applyLicense(d, old, lic)
	return d, dc.errs.err()
}

// license reads license_id as a dcat-ap.de licence IRI.
func (dc *decoder) license(m map[string]any) string {
	s := trimmed(dc.str(m, "license_id", "license_id"))
	if s == "" || s == "notspecified" {
		return ""
	}
	iri, ok := licenseIRI(s)
	if !ok {
		dc.errs.add("license_id", "License not found: "+s+" (see license_list)",
			"Lizenz nicht gefunden: "+s+" (siehe license_list)")
	}
	return iri
}

// applyLicense gives the dataset-level licence to distributions without
// one and, when a client changed license_id, to those that still carry the
// previous dataset licence (CKAN clients edit license_id only).
func applyLicense(d, old *catalog.Dataset, lic string) {
	if lic == "" {
		return
	}
	prev := ""
	if old != nil {
		prev = datasetLicense(old)
	}
	for i := range d.Distributions {
		x := &d.Distributions[i]
		if x.License == "" || (prev != "" && lic != prev && x.License == prev) {
			x.License = lic
		}
	}
}

func (dc *decoder) tags(m map[string]any, d *catalog.Dataset) {
	var names []string
	var paths []string
	switch x := m["tags"].(type) {
	case nil:
	case []any:
		if len(x) > maxListItems {
			dc.errs.add("tags", "Too many tags", "Zu viele Schlagwörter")
			return
		}
		for i, t := range x {
			path := "tags." + strconv.Itoa(i) + ".name"
			if tm, ok := t.(map[string]any); ok {
				t = tm["name"]
			}
			s, ok := scalarString(t)
			if !ok {
				dc.errs.add(path, "Must be a string", "Muss eine Zeichenkette sein")
				continue
			}
			names, paths = append(names, s), append(paths, path)
		}
	default:
		dc.errs.add("tags", "Must be a list", "Muss eine Liste sein")
	}
	if ts := dc.str(m, "tag_string", "tag_string"); ts != "" {
		for _, s := range strings.Split(ts, ",") {
			names, paths = append(names, s), append(paths, "tag_string")
		}
	}
	seen := map[string]bool{}
	for i, s := range names {
		s = strings.TrimSpace(s)
		switch n := len([]rune(s)); {
		case n < 2:
			dc.errs.add(paths[i], `Tag "`+s+`" length is less than minimum 2`, `Schlagwort „`+s+`“ ist kürzer als 2 Zeichen`)
			continue
		case n > 100:
			head := string([]rune(s)[:20])
			dc.errs.add(paths[i], `Tag "`+head+`…" length is more than maximum 100`, `Schlagwort „`+head+`…“ ist länger als 100 Zeichen`)
			continue
		case strings.IndexFunc(s, func(r rune) bool { return r == ',' || unicode.IsControl(r) }) >= 0:
			dc.errs.add(paths[i], `Tag "`+s+`" must not contain commas or control characters`,
				`Schlagwort „`+s+`“ darf keine Kommas oder Steuerzeichen enthalten`)
			continue
		}
		if !seen[s] {
			seen[s] = true
			d.Keywords = append(d.Keywords, s)
		}
	}
}

func (dc *decoder) groups(m map[string]any, d *catalog.Dataset) {
	x, ok := m["groups"].([]any)
	if !ok {
		if m["groups"] != nil {
			dc.errs.add("groups", "Must be a list", "Muss eine Liste sein")
		}
		return
	}
	if len(x) > maxListItems {
		dc.errs.add("groups", "Too many groups", "Zu viele Kategorien")
		return
	}
	seen := map[string]bool{}
	for i, g := range x {
		path := "groups." + strconv.Itoa(i) + ".name"
		var s string
		if gm, ok := g.(map[string]any); ok {
			s = dc.str(gm, "name", path)
			if s == "" {
				s = dc.str(gm, "id", path)
			}
		} else if s, ok = scalarString(g); !ok {
			dc.errs.add(path, "Must be a string", "Muss eine Zeichenkette sein")
			continue
		}
		s = strings.TrimSpace(s)
		iri, ok := themeIRI(s)
		if !ok {
			if t, found := themeByAny(s); found {
				iri, ok = t.IRI, true
			}
		}
		if !ok {
			if !ogdWithoutTheme[strings.ToLower(s)] {
				dc.errs.add(path, "That group name or ID does not exist: "+s+" (groups are the EU data themes, see group_list)",
					"Diese Kategorie gibt es nicht: "+s+" (Kategorien sind die EU-Datenthemen, siehe group_list)")
			}
			continue
		}
		if !seen[iri] {
			seen[iri] = true
			d.Themes = append(d.Themes, iri)
		}
	}
}

func (dc *decoder) extras(m map[string]any, b *build) {
	given := map[string]string{}
	switch x := m["extras"].(type) {
	case nil:
	case []any:
		if len(x) > maxListItems {
			dc.errs.add("extras", "Too many extras", "Zu viele Zusatzfelder")
			return
		}
		var dups []string
		for i, e := range x {
			path := "extras." + strconv.Itoa(i) + ".key"
			em, ok := e.(map[string]any)
			if !ok {
				dc.errs.add(path, "Must be a dict with key and value", "Muss ein Objekt mit key und value sein")
				continue
			}
			if del, _ := asBool(em["deleted"]); del {
				continue // old clients mark removed extras this way
			}
			key := dc.str(em, "key", path)
			switch {
			case key == "":
				dc.errs.add(path, "Missing value", "Pflichtfeld fehlt")
				continue
			case packageCoreKeys[key]:
				dc.errs.add(path, "There is a schema field with the same name", "Es gibt ein Standardfeld mit diesem Namen")
				continue
			case em["value"] == nil:
				continue
			}
			if _, dup := given[key]; dup {
				dups = append(dups, key)
			}
			given[key] = valueText(em["value"])
		}
		if len(dups) > 0 {
			dc.errs.add("extras_validation", "There are duplicate keys: "+strings.Join(dups, ", "),
				"Doppelte Schlüssel: "+strings.Join(dups, ", "))
		}
	case map[string]any: // tolerated: {"key": "value"}
		for k, v := range x {
			if packageCoreKeys[k] {
				dc.errs.add("extras", "There is a schema field with the same name: "+k, "Es gibt ein Standardfeld mit diesem Namen: "+k)
			} else if v != nil {
				given[k] = valueText(v)
			}
		}
	default:
		dc.errs.add("extras", "Must be a list", "Muss eine Liste sein")
	}
	// Dicts from schema-based CKANs (ckanext-scheming) carry these keys at
	// the top level; extras win when both are given.
	for i := range extraSpecs {
		k := extraSpecs[i].key
		if _, ok := given[k]; !ok && m[k] != nil {
			given[k] = valueText(m[k])
		}
	}
	keys := make([]string, 0, len(given))
	for k := range given {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := given[k]
		spec := extraByKey[k]
		if spec == nil {
			if b.d.Extras == nil {
				b.d.Extras = map[string]string{}
			}
			b.d.Extras[k] = v
			continue
		}
		if strings.TrimSpace(v) == "" {
			continue
		}
		if en, de := spec.set(b, v); en != "" {
			dc.errs.add(k, en, de)
		}
	}
}

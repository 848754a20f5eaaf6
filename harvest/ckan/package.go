package ckan

import (
	"encoding/json"
	"strings"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/schemas"
)

// skippedTypes are package types that are not datasets: GovData's harvest
// sources ("harvest"), showcases, applications.
var skippedTypes = map[string]bool{"harvest": true, "harvest_source": true, "showcase": true, "application": true}

// mapPackage maps a package dict to a record.
func (s *Source) mapPackage(p map[string]any) (*harvest.Record, error) {
	id := str(p["id"])
	if id == "" {
		return nil, harvest.Errorf("Paket ohne id", "package without id")
	}
	ex := extras(p)
	used := map[string]bool{}
	get := func(keys ...string) string {
		for _, k := range keys {
			if v, ok := ex[k]; ok {
				used[k] = true
				if v != "" {
					return v
				}
			}
		}
		return ""
	}
	rec := &harvest.Record{ID: id, IRI: firstOf(get("uri"), s.base+"/dataset/"+id)}
	get("guid")
	if t := str(p["type"]); skippedTypes[t] {
		rec.Skip = &harvest.Message{DE: "kein Datensatz (Pakettyp " + t + ")", EN: "not a dataset (package type " + t + ")"}
		return rec, nil
	}
	if truthy(p["private"]) {
		rec.Skip = &harvest.Message{DE: "privates Paket", EN: "private package"}
		return rec, nil
	}
	if st := str(p["state"]); st != "" && st != "active" {
		rec.Skip = &harvest.Message{DE: "Paket im Status " + st, EN: "package in state " + st}
		return rec, nil
	}
	d := &catalog.Dataset{}
	rec.Dataset = d
	d.Title = firstOf(str(p["title"]), str(p["name"]))
	d.Description = str(p["notes"])
	if u := str(p["url"]); isHTTP(u) {
		d.LandingPage = u
	}
	d.Version = str(p["version"])
	for _, t := range arr(p["tags"]) {
		if m := obj(t); m != nil {
			d.Keywords = append(d.Keywords, firstOf(str(m["display_name"]), str(m["name"])))
		} else if s := str(t); s != "" {
			d.Keywords = append(d.Keywords, s)
		}
	}
	for _, g := range arr(p["groups"]) {
		name := str(obj(g)["name"])
		if iri, ok := schemas.NormalizeTheme(name); ok {
			d.Themes = append(d.Themes, iri)
		} else if iri, ok := schemas.NormalizeTheme(str(obj(g)["title"])); ok {
			d.Themes = append(d.Themes, iri)
		} else if name != "" {
			rec.Warn("themes", "unknown_theme", "Gruppe „"+name+"“ ist keine EU-Datenkategorie; übergangen",
				"group “"+name+"” is not an EU data theme; skipped")
		}
	}
	d.Themes = append(d.Themes, list(get("theme"))...)
	d.Identifier = get("identifier")
	d.Issued = date(rec, "issued", get("issued"), str(p["metadata_created"]))
	d.Modified = date(rec, "modified", get("modified"), str(p["metadata_modified"]))

	org := obj(p["organization"])
	d.Publisher = agent(get("publisher_name"), get("publisher_email"), get("publisher_url"), get("publisher_uri"), get("publisher_type"))
	if d.Publisher == nil && org != nil {
		d.Publisher = &catalog.Agent{Name: firstOf(str(org["title"]), str(org["name"]))}
	}
	d.Creator = agent(firstOf(str(p["author"]), get("author_name")), str(p["author_email"]), get("author_url"), "", get("author_type"))
	d.Maintainer = agent(firstOf(str(p["maintainer"]), get("maintainer_name")), str(p["maintainer_email"]), get("maintainer_url"), "", get("maintainer_type"))
	d.Originator = agent(get("originator_name", "originator"), get("originator_email"), get("originator_url"), "", get("originator_type"))
	d.Contributor = agent(get("contributor_name"), get("contributor_email"), get("contributor_url"), "", get("contributor_type"))
	for role, a := range map[string]*catalog.Agent{"maintainer": d.Maintainer, "originator": d.Originator, "contributor": d.Contributor} {
		if a != nil && strings.EqualFold(get(role+"_contacttype"), "Person") {
			a.Person = true
		}
	}
	d.ContactPoint = s.contact(p, get)
	s.mapExtras(rec, d, get)
	s.legacyExtras(rec, d, get)

	license := s.license(p, get)
	for i, r := range arr(p["resources"]) {
		if m := obj(r); m != nil {
			d.Distributions = append(d.Distributions, s.distribution(rec, i, m, license))
		}
	}
	for k, v := range ex {
		if used[k] || v == "" || len(d.Extras) >= 50 {
			continue
		}
		if d.Extras == nil {
			d.Extras = map[string]string{}
		}
		if len(v) > 2000 {
			v = v[:2000]
		}
		d.Extras[k] = v
	}
	return rec, nil
}

func agent(name, email, url, iri, typ string) *catalog.Agent {
	if name == "" && email == "" {
		return nil
	}
	a := &catalog.Agent{Name: name, Email: email, Type: typ}
	if isHTTP(url) {
		a.Homepage = url
	}
	if isHTTP(iri) {
		a.IRI = iri
	}
	if a.Name == "" {
		a.Name = email
	}
	return a
}

// contact follows ckanext-dcat: contact_* extras, else the maintainer,
// else the author.
func (s *Source) contact(p map[string]any, get func(...string) string) *catalog.ContactPoint {
	c := &catalog.ContactPoint{Name: get("contact_name"), Email: get("contact_email"), URL: get("contact_uri", "contact_url"),
		Telephone: get("contact_tel", "maintainer_tel"), StreetAddress: get("contact_street", "maintainer_street"),
		Locality: get("contact_city", "maintainer_city"), PostalCode: get("contact_zip", "maintainer_zip"),
		CountryName: get("contact_country", "maintainer_country")}
	if c.Name == "" && c.Email == "" && c.URL == "" {
		for _, role := range []string{"maintainer", "author"} {
			if n, e := str(p[role]), str(p[role+"_email"]); n != "" || e != "" {
				c.Name, c.Email = n, e
				break
			}
		}
	}
	c.URL = strings.TrimPrefix(c.URL, "mailto:")
	if !isHTTP(c.URL) && strings.Contains(c.URL, "@") && c.Email == "" {
		c.Email, c.URL = c.URL, ""
	}
	if *c == (catalog.ContactPoint{}) {
		return nil
	}
	return c
}

func date(rec *harvest.Record, field string, vals ...string) *catalog.Date {
	for _, v := range vals {
		if v == "" {
			continue
		}
		d, err := catalog.ParseDate(v)
		if err != nil {
			rec.Warn(field, "invalid_date", "ungültiges Datum übersprungen: "+clipText(v), "invalid date skipped: "+clipText(v))
			continue
		}
		return d
	}
	return nil
}

func clipText(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// license picks the package licence: license_id, then license_url, then
// the OGD terms_of_use, normalised to a dcat-ap.de IRI where recognised
// and otherwise kept as given (the job then applies the default licence
// and reports it).
func (s *Source) license(p map[string]any, get func(...string) string) string {
	cands := []string{str(p["license_id"]), str(p["license_url"])}
	var tou map[string]any
	if raw := get("terms_of_use"); raw != "" && json.Unmarshal([]byte(raw), &tou) == nil {
		cands = append(cands, str(tou["license_id"]), str(tou["license_url"]))
	}
	cands = append(cands, str(p["license_title"]))
	for _, c := range cands {
		if iri, ok := schemas.NormalizeLicense(c); ok {
			return iri
		}
	}
	return firstOf(cands...)
}

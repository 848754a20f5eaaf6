package dcat

import (
	"strings"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

func (dc *decoder) agent(field string, t graph.Term) *catalog.Agent {
	if t.IsZero() {
		return nil
	}
	if t.IsLiteral() {
		dc.warn(field, "literal_agent", "Akteur als Literal statt foaf:Agent", "agent given as a literal instead of foaf:Agent")
		return fixEmailName(&catalog.Agent{Name: t.Value})
	}
	n := dc.node(t)
	a := &catalog.Agent{}
	if t.IsIRI() {
		a.IRI = t.Value
	}
	a.Name = n.text(field, nsFOAF+"name")
	if a.Name == "" {
		a.Name = n.text(field, nsVCARD+"fn")
	}
	if a.Name == "" {
		a.Name = n.text(field, nsRDFS+"label")
	}
	a.Email = email(n.first(nsFOAF+"mbox", nsVCARD+"hasEmail"))
	a.Homepage = n.iri(field+".homepage", nsFOAF+"homepage", nil)
	a.Type = n.iri(field+".type", nsDCT+"type", nil)
	for _, typ := range n.all(nsRDF + "type") {
		if typ.Value == nsFOAF+"Person" {
			a.Person = true
		}
	}
	if a.Name == "" {
		dc.warn(field, "missing_name", "Name (foaf:name) fehlt", "name (foaf:name) is missing")
	}
	return fixEmailName(a)
}

// fixEmailName: catalogues put an e-mail address where the name belongs;
// keep the name as given and also use it as the address when none is set.
func fixEmailName(a *catalog.Agent) *catalog.Agent {
	if a.Email == "" && strings.Contains(a.Name, "@") && !strings.ContainsAny(strings.TrimSpace(a.Name), " \t") {
		a.Email = strings.TrimPrefix(strings.TrimSpace(a.Name), "mailto:")
	}
	return a
}

// email reads a mailto: IRI, a literal, or a vCard node with hasValue.
func email(t graph.Term) string {
	if t.IsZero() || t.IsBlank() {
		return ""
	}
	v := strings.TrimSpace(t.Value)
	if strings.HasPrefix(strings.ToLower(v), "mailto:") {
		v = v[len("mailto:"):]
	}
	return unescapeOpaque(v)
}

func (dc *decoder) contact(t graph.Term) *catalog.ContactPoint {
	if t.IsZero() {
		return nil
	}
	if t.IsLiteral() {
		dc.warn("contact_point", "literal_contact", "Kontakt als Literal statt vcard:Kind", "contact point given as a literal instead of vcard:Kind")
		c := &catalog.ContactPoint{Name: t.Value}
		if strings.Contains(t.Value, "@") && !strings.Contains(t.Value, " ") {
			c.Email = email(t)
		}
		return c
	}
	n := dc.node(t)
	c := &catalog.ContactPoint{}
	c.Name = n.text("contact_point.name", nsVCARD+"fn")
	if c.Name == "" {
		c.Name = n.text("contact_point.name", nsVCARD+"organization-name")
	}
	c.Email = email(dc.valueOf(n.first(nsVCARD + "hasEmail")))
	if u := dc.valueOf(n.first(nsVCARD + "hasURL")); !u.IsZero() {
		c.URL = u.Value
	}
	if tel := dc.valueOf(n.first(nsVCARD + "hasTelephone")); !tel.IsZero() {
		v := tel.Value
		if strings.HasPrefix(strings.ToLower(v), "tel:") {
			v = unescapeOpaque(v[4:])
		}
		c.Telephone = v
	}
	addr := n
	if a := n.first(nsVCARD + "hasAddress"); a.IsIRI() || a.IsBlank() {
		addr = dc.node(a)
	}
	c.StreetAddress = firstText(addr, n, "street-address", "hasStreetAddress")
	c.Locality = firstText(addr, n, "locality", "hasLocality")
	c.PostalCode = firstText(addr, n, "postal-code", "hasPostalCode")
	c.CountryName = firstText(addr, n, "country-name", "hasCountryName")
	if c.Name == "" && c.Email == "" && c.URL == "" && c.Telephone == "" {
		dc.warn("contact_point", "empty", "Kontaktpunkt ohne Angaben", "contact point without any detail")
	}
	return c
}

// firstText reads a vCard address part from the address node (standard)
// or, as ckanext-dcatde writes it, from the contact node itself.
func firstText(addr, contact node, std, dcatde string) string {
	if v := addr.text("contact_point", nsVCARD+std); v != "" {
		return v
	}
	return contact.text("contact_point", nsVCARD+dcatde)
}

// valueOf unwraps vCard's "node with vcard:hasValue" style.
func (dc *decoder) valueOf(t graph.Term) graph.Term {
	if t.IsBlank() {
		return dc.node(t).first(nsVCARD + "hasValue")
	}
	return t
}

package ckanapi

import (
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

// agentRoles are the CKAN key prefixes of the dataset's agents. author and
// maintainer have their name and e-mail as CKAN core fields; the others
// carry everything in extras (<role>_name, _email, _url, _type, _uri,
// _contacttype), as ckanext-dcatde and ckanext-dcat name them.
var agentRoles = []string{"publisher", "author", "maintainer", "originator", "contributor"}

func agentOf(d *catalog.Dataset, role string) **catalog.Agent {
	switch role {
	case "publisher":
		return &d.Publisher
	case "author":
		return &d.Creator
	case "maintainer":
		return &d.Maintainer
	case "originator":
		return &d.Originator
	}
	return &d.Contributor
}

func agentSpecs(role string) []extraSpec {
	field := func(key string, f func(a *catalog.Agent) *string, norm func(string) string) extraSpec {
		return extraSpec{key: role + "_" + key,
			get: func(d *catalog.Dataset) string {
				if a := *agentOf(d, role); a != nil {
					return *f(a)
				}
				return ""
			},
			set: func(b *build, v string) (string, string) {
				v = strings.TrimSpace(v)
				if norm != nil {
					v = norm(v)
				}
				*f(b.agent(role)) = v
				return "", ""
			}}
	}
	core := role == "author" || role == "maintainer"
	var specs []extraSpec
	if core {
		// ckanext-dcatde also reads <role>_name; the name is written back
		// to the top-level field.
		specs = append(specs, extraSpec{key: role + "_name",
			get: func(*catalog.Dataset) string { return "" },
			set: func(b *build, v string) (string, string) {
				if a := b.agent(role); a.Name == "" {
					a.Name = strings.TrimSpace(v)
				}
				return "", ""
			}})
	} else {
		specs = append(specs,
			field("name", func(a *catalog.Agent) *string { return &a.Name }, nil),
			field("email", func(a *catalog.Agent) *string { return &a.Email }, nil))
	}
	specs = append(specs,
		field("url", func(a *catalog.Agent) *string { return &a.Homepage }, nil),
		field("type", func(a *catalog.Agent) *string { return &a.Type }, func(s string) string {
			if iri, ok := publisherTypeIRI(s); ok {
				return iri
			}
			return s
		}),
		field("uri", func(a *catalog.Agent) *string { return &a.IRI }, nil))
	if role != "publisher" {
		specs = append(specs, extraSpec{key: role + "_contacttype",
			get: func(d *catalog.Dataset) string {
				if a := *agentOf(d, role); a != nil && a.Person {
					return "Person"
				}
				return ""
			},
			set: func(b *build, v string) (string, string) {
				b.agent(role).Person = strings.EqualFold(strings.TrimSpace(v), "Person")
				return "", ""
			}})
	}
	if role == "originator" {
		// dcatde's older key for the originator's name.
		specs = append(specs, extraSpec{key: "originator",
			get: func(*catalog.Dataset) string { return "" },
			set: func(b *build, v string) (string, string) {
				if a := b.agent(role); a.Name == "" {
					a.Name = strings.TrimSpace(v)
				}
				return "", ""
			}})
	}
	return specs
}

// The contact point (vcard) is derived from the maintainer, then the
// author, as ckanext-dcat's serializer does; contact_name/contact_email
// are emitted only where the contact differs from that derivation, so a
// dict read and written back yields the same contact. Its telephone and
// address use ckanext-dcatde's maintainer_* keys.
func derivedContact(d *catalog.Dataset) (name, email string) {
	for _, a := range []*catalog.Agent{d.Maintainer, d.Creator} {
		if a != nil && name == "" {
			name = a.Name
		}
		if a != nil && email == "" {
			email = a.Email
		}
	}
	return name, email
}

func contactSpecs() []extraSpec {
	field := func(key, alias string, f func(c *catalog.ContactPoint) *string) []extraSpec {
		s := []extraSpec{{key: key,
			get: func(d *catalog.Dataset) string {
				if c := d.ContactPoint; c != nil {
					return *f(c)
				}
				return ""
			},
			set: func(b *build, v string) (string, string) { *f(&b.contact) = strings.TrimSpace(v); return "", "" }}}
		if alias != "" {
			s = append(s, extraSpec{key: alias,
				get: func(*catalog.Dataset) string { return "" },
				set: func(b *build, v string) (string, string) {
					if p := f(&b.contact); *p == "" {
						*p = strings.TrimSpace(v)
					}
					return "", ""
				}})
		}
		return s
	}
	specs := []extraSpec{
		{key: "contact_name",
			get: func(d *catalog.Dataset) string {
				if n, _ := derivedContact(d); d.ContactPoint != nil && d.ContactPoint.Name != n {
					return d.ContactPoint.Name
				}
				return ""
			},
			set: func(b *build, v string) (string, string) { b.contact.Name = strings.TrimSpace(v); return "", "" }},
		{key: "contact_email",
			get: func(d *catalog.Dataset) string {
				if _, e := derivedContact(d); d.ContactPoint != nil && d.ContactPoint.Email != e {
					return d.ContactPoint.Email
				}
				return ""
			},
			set: func(b *build, v string) (string, string) { b.contact.Email = strings.TrimSpace(v); return "", "" }},
	}
	specs = append(specs, field("contact_url", "", func(c *catalog.ContactPoint) *string { return &c.URL })...)
	specs = append(specs, field("maintainer_tel", "contact_tel", func(c *catalog.ContactPoint) *string { return &c.Telephone })...)
	specs = append(specs, field("maintainer_street", "contact_street", func(c *catalog.ContactPoint) *string { return &c.StreetAddress })...)
	specs = append(specs, field("maintainer_city", "contact_city", func(c *catalog.ContactPoint) *string { return &c.Locality })...)
	specs = append(specs, field("maintainer_zip", "contact_zip", func(c *catalog.ContactPoint) *string { return &c.PostalCode })...)
	specs = append(specs, field("maintainer_country", "contact_country", func(c *catalog.ContactPoint) *string { return &c.CountryName })...)
	return specs
}

// finish combines what the extras collected into the dataset.
func (b *build) finish() {
	d := b.d
	for _, role := range agentRoles {
		a := b.agents[role]
		if a != nil && *a != (catalog.Agent{}) {
			*agentOf(d, role) = a
		}
	}
	c := b.contact
	n, e := derivedContact(d)
	if c.Name == "" {
		c.Name = n
	}
	if c.Email == "" {
		c.Email = e
	}
	if c != (catalog.ContactPoint{}) {
		d.ContactPoint = &c
	}
	if b.temporal.Start != nil || b.temporal.End != nil {
		d.Temporal = []catalog.PeriodOfTime{b.temporal}
	}
	l := b.loc
	if l.IRI != "" || l.Geometry != "" || l.Name != "" || l.BBox != nil {
		d.Spatial = []catalog.Location{l}
	}
}

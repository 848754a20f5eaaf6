package schemas

import (
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

func validateAgents(r *report, d *catalog.Dataset) {
	switch {
	case d.Publisher == nil:
		r.missing("publisher")
	case strings.TrimSpace(d.Publisher.Name) == "":
		r.missing("publisher.name")
	}
	agents := []struct {
		field string
		a     *catalog.Agent
	}{
		{"publisher", d.Publisher}, {"creator", d.Creator}, {"originator", d.Originator},
		{"maintainer", d.Maintainer}, {"contributor", d.Contributor},
	}
	for _, ag := range agents {
		if ag.a == nil {
			continue
		}
		// Every agent is exported as a foaf:Agent, which needs a name.
		if ag.field != "publisher" && strings.TrimSpace(ag.a.Name) == "" {
			r.missing(ag.field + ".name")
		}
		r.textLimit(ag.field+".name", ag.a.Name, maxTitle)
		r.email(ag.field+".email", ag.a.Email)
		r.url(ag.field+".homepage", ag.a.Homepage)
		r.iri(ag.field+".iri", ag.a.IRI)
		r.vocab(ag.field+".type", ag.a.Type, CodeUnknownPubType, publisherTypes.Contains, NormalizePublisherType,
			"der ADMS-Verantwortlichentypen (z. B. LocalAuthority)", "ADMS publisher type (e.g. LocalAuthority)")
	}
}

func validateContact(r *report, c *catalog.ContactPoint) {
	if c == nil {
		r.recommend("contact_point", "", "")
		return
	}
	if strings.TrimSpace(c.Email) == "" && strings.TrimSpace(c.URL) == "" && strings.TrimSpace(c.Telephone) == "" {
		r.errorf("contact_point", CodeContactIncomplete,
			"Bitte eine E-Mail-Adresse, ein Kontaktformular (URL) oder eine Telefonnummer angeben.",
			"please give an e-mail address, a contact form (URL) or a telephone number.")
	}
	r.textLimit("contact_point.name", c.Name, maxTitle)
	r.email("contact_point.email", c.Email)
	r.url("contact_point.url", c.URL)
	if c.Telephone != "" && !isTelephone(c.Telephone) {
		r.errorf("contact_point.telephone", CodeInvalidTelephone,
			"„"+quote(c.Telephone)+"“ ist keine gültige Telefonnummer (nur Ziffern, Leerzeichen und + - ( ) / .).",
			"“"+quote(c.Telephone)+"” is not a valid telephone number (digits, spaces and + - ( ) / . only).")
	}
	for _, f := range []struct{ name, v string }{
		{"street_address", c.StreetAddress}, {"locality", c.Locality},
		{"postal_code", c.PostalCode}, {"country_name", c.CountryName},
	} {
		r.textLimit("contact_point."+f.name, f.v, maxTitle)
	}
}

package dcat

import (
	"strconv"
	"strings"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

// agent writes a foaf:Agent. It is typed foaf:Agent and foaf:Organization
// (or foaf:Person) explicitly: the shapes check sh:class foaf:Agent and an
// offline validator does not know the subclass relation.
func (e *Encoder) agent(s graph.Term, p string, a *catalog.Agent) {
	if a == nil || a.Name == "" && a.IRI == "" {
		return
	}
	n := e.blank()
	if a.IRI != "" {
		n = graph.IRI(a.IRI)
	}
	e.add(s, graph.IRI(p), n)
	e.typ(n, nsFOAF+"Agent")
	if a.Person {
		e.typ(n, nsFOAF+"Person")
	} else {
		e.typ(n, nsFOAF+"Organization")
	}
	e.text(n, nsFOAF+"name", a.Name)
	if a.Email != "" {
		e.iri(n, nsFOAF+"mbox", mailto(a.Email))
	}
	e.iri(n, nsFOAF+"homepage", a.Homepage)
	e.iri(n, nsDCT+"type", a.Type)
}

func (e *Encoder) contactPoint(s graph.Term, c *catalog.ContactPoint) {
	if c == nil || *c == (catalog.ContactPoint{}) {
		return
	}
	n := e.blank()
	e.add(s, graph.IRI(nsDCAT+"contactPoint"), n)
	e.typ(n, nsVCARD+"Kind")
	e.text(n, nsVCARD+"fn", c.Name)
	if c.Email != "" {
		e.iri(n, nsVCARD+"hasEmail", mailto(c.Email))
	}
	e.iri(n, nsVCARD+"hasURL", c.URL)
	if c.Telephone != "" {
		e.iri(n, nsVCARD+"hasTelephone", tel(c.Telephone))
	}
	if c.StreetAddress != "" || c.Locality != "" || c.PostalCode != "" || c.CountryName != "" {
		a := e.blank()
		e.add(n, graph.IRI(nsVCARD+"hasAddress"), a)
		e.typ(a, nsVCARD+"Address")
		e.text(a, nsVCARD+"street-address", c.StreetAddress)
		e.text(a, nsVCARD+"locality", c.Locality)
		e.text(a, nsVCARD+"postal-code", c.PostalCode)
		e.text(a, nsVCARD+"country-name", c.CountryName)
	}
}

// location writes dct:spatial: a bare IRI for gazetteer entries, else a
// dct:Location with WKT bbox/centroid and the geometry in a locn:Geometry
// node (the 3.0 shapes want locn:geometry to point to a node, not a
// literal; the 2.0 shapes want the literal).
func (e *Encoder) location(s graph.Term, l *catalog.Location) {
	if l.BBox == nil && l.Centroid == nil && l.Geometry == "" && l.Name == "" {
		e.iri(s, nsDCT+"spatial", l.IRI)
		return
	}
	n := e.blank()
	if l.IRI != "" {
		n = graph.IRI(l.IRI)
	}
	e.add(s, graph.IRI(nsDCT+"spatial"), n)
	e.typ(n, nsDCT+"Location")
	e.text(n, nsSKOS+"prefLabel", l.Name)
	if b := l.BBox; b != nil {
		e.add(n, graph.IRI(nsDCAT+"bbox"), graph.Typed(bboxWKT(*b), nsGEO+"wktLiteral"))
	}
	if c := l.Centroid; c != nil {
		e.add(n, graph.IRI(nsDCAT+"centroid"), graph.Typed("POINT("+num(c[0])+" "+num(c[1])+")", nsGEO+"wktLiteral"))
	}
	if l.Geometry != "" && e.Profile == DCATAPDE2 {
		// 2.0 shapes want the geometry as a literal on the Location.
		dt := nsGEO + "wktLiteral"
		if strings.HasPrefix(strings.TrimSpace(l.Geometry), "{") {
			dt = nsGEO + "geoJSONLiteral"
		}
		e.add(n, graph.IRI(nsLOCN+"geometry"), graph.Typed(cleanText(l.Geometry), dt))
	} else if l.Geometry != "" {
		g := e.blank()
		e.add(n, graph.IRI(nsLOCN+"geometry"), g)
		e.typ(g, nsLOCN+"Geometry")
		if strings.HasPrefix(strings.TrimSpace(l.Geometry), "{") {
			e.add(g, graph.IRI(nsGEO+"asGeoJSON"), graph.Typed(cleanText(l.Geometry), nsGEO+"geoJSONLiteral"))
		} else {
			e.add(g, graph.IRI(nsGEO+"asWKT"), graph.Typed(cleanText(l.Geometry), nsGEO+"wktLiteral"))
		}
	}
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// bboxWKT writes minLon,minLat,maxLon,maxLat as a closed WKT polygon.
func bboxWKT(b [4]float64) string {
	x0, y0, x1, y1 := num(b[0]), num(b[1]), num(b[2]), num(b[3])
	return "POLYGON((" + x0 + " " + y0 + ", " + x1 + " " + y0 + ", " + x1 + " " + y1 + ", " + x0 + " " + y1 + ", " + x0 + " " + y0 + "))"
}

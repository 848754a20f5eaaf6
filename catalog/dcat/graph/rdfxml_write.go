package graph

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"strings"
	"unicode/utf8"
)

// rdfxmlWriter writes RDF/XML in the "pretty" shape harvesters and people
// expect: typed node elements, nested blank nodes, rdf:resource for IRIs.
type rdfxmlWriter struct {
	w      *bufio.Writer
	p      *prefixer
	header bool
	l      layout
	err    error
}

func newRDFXMLWriter(w *bufio.Writer, p *prefixer) *rdfxmlWriter {
	list := p.list
	hasRDF := false
	for _, x := range list {
		hasRDF = hasRDF || x.Name == "rdf"
	}
	if !hasRDF {
		list = append([]Prefix{{"rdf", RDFNS}}, list...)
	}
	return &rdfxmlWriter{w: w, p: &prefixer{list: list}}
}

func (x *rdfxmlWriter) writeHeader() {
	if x.header {
		return
	}
	x.header = true
	x.w.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rdf:RDF")
	for _, p := range x.p.list {
		x.w.WriteString("\n    xmlns:")
		x.w.WriteString(p.Name)
		x.w.WriteString("=\"")
		x.attr(p.IRI)
		x.w.WriteString("\"")
	}
	x.w.WriteString(">\n")
}

func (x *rdfxmlWriter) Write(ts []Triple) error {
	x.writeHeader()
	for _, t := range ts {
		if err := checkXMLText(t); err != nil {
			return err
		}
	}
	x.l.plan(ts)
	for _, s := range x.l.top {
		x.node(s, 1)
	}
	return x.err
}

func (x *rdfxmlWriter) Close() error {
	x.writeHeader()
	x.w.WriteString("</rdf:RDF>\n")
	if x.err != nil {
		return x.err
	}
	return x.w.Flush()
}

// node writes a node element for s: typed by its first compactable
// rdf:type, else rdf:Description.
func (x *rdfxmlWriter) node(s Term, depth int) {
	props := x.l.props(s)
	elem := "rdf:Description"
	skip := -1
	for i, t := range props {
		if t.P.Value == RDFType && t.O.IsIRI() {
			if p, local, ok := x.p.compact(t.O.Value); ok {
				elem, skip = p+":"+local, i
				break
			}
		}
	}
	ind := indent(2 * (depth))
	x.w.WriteString(ind)
	x.w.WriteByte('<')
	x.w.WriteString(elem)
	switch {
	case s.IsIRI():
		x.w.WriteString(" rdf:about=\"")
		x.attr(s.Value)
		x.w.WriteByte('"')
	case !x.l.inline[s]:
		x.w.WriteString(" rdf:nodeID=\"")
		x.w.WriteString(safeLabel(s.Value))
		x.w.WriteByte('"')
	}
	if len(props) == 1 && skip == 0 {
		x.w.WriteString("/>\n")
		return
	}
	x.w.WriteString(">\n")
	for i, t := range props {
		if i != skip {
			x.property(t, depth+1)
		}
	}
	x.w.WriteString(ind)
	x.w.WriteString("</")
	x.w.WriteString(elem)
	x.w.WriteString(">\n")
}

func (x *rdfxmlWriter) property(t Triple, depth int) {
	ind := indent(2 * (depth))
	name, decl, err := x.qname(t.P.Value)
	if err != nil {
		if x.err == nil {
			x.err = err
		}
		return
	}
	x.w.WriteString(ind)
	x.w.WriteByte('<')
	x.w.WriteString(name)
	x.w.WriteString(decl)
	o := t.O
	switch {
	case x.l.isInlineObject(o):
		x.w.WriteString(">\n")
		x.node(o, depth+1)
		x.w.WriteString(ind)
	case o.IsBlank():
		x.w.WriteString(" rdf:nodeID=\"")
		x.w.WriteString(safeLabel(o.Value))
		x.w.WriteString("\"/>\n")
		return
	case o.IsIRI():
		x.w.WriteString(" rdf:resource=\"")
		x.attr(o.Value)
		x.w.WriteString("\"/>\n")
		return
	default:
		if o.Lang != "" {
			x.w.WriteString(" xml:lang=\"")
			x.attr(o.Lang)
			x.w.WriteByte('"')
		} else if o.Datatype != "" {
			x.w.WriteString(" rdf:datatype=\"")
			x.attr(o.Datatype)
			x.w.WriteByte('"')
		}
		x.w.WriteByte('>')
		x.text(o.Value)
	}
	x.w.WriteString("</")
	x.w.WriteString(name)
	x.w.WriteString(">\n")
}

// qname returns the element name for a predicate and, for namespaces not
// declared in the header, a local xmlns declaration.
func (x *rdfxmlWriter) qname(iri string) (string, string, error) {
	if p, local, ok := x.p.compact(iri); ok {
		return p + ":" + local, "", nil
	}
	i := len(iri)
	for i > 0 && isLocalChar(iri[i-1]) {
		i--
	}
	for i < len(iri) && !isNameStart(iri[i]) {
		i++
	}
	if i >= len(iri) || i == 0 || !isSimpleLocal(iri[i:]) {
		return "", "", fmt.Errorf("RDF/XML cannot express predicate <%s> (RDF/XML kann das Prädikat <%s> nicht darstellen)", iri, iri)
	}
	var b strings.Builder
	b.WriteString(` xmlns:ns0="`)
	xml.EscapeText(&b, []byte(iri[:i]))
	b.WriteString(`"`)
	return "ns0:" + iri[i:], b.String(), nil
}

func isLocalChar(c byte) bool {
	return isNameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.'
}

func isNameStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }

// text and attr escape character data. xml.EscapeText also escapes
// newlines, which keeps multi-line descriptions exact on the way back.
func (x *rdfxmlWriter) text(s string) { escapeXML(x.w, s) }
func (x *rdfxmlWriter) attr(s string) { escapeXML(x.w, s) }

// escapeXML is xml.EscapeText without the []byte copy per value.
func escapeXML(w *bufio.Writer, s string) {
	start := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			continue
		}
		w.WriteString(s[start:i])
		w.WriteString(esc)
		start = i + 1
	}
	w.WriteString(s[start:])
}

// checkXMLText rejects strings XML 1.0 cannot carry (control characters,
// invalid UTF-8): better a clear error than a document nobody can parse.
func checkXMLText(t Triple) error {
	for _, s := range [...]string{t.S.Value, t.O.Value, t.O.Datatype} {
		if !utf8.ValidString(s) {
			return fmt.Errorf("RDF/XML: invalid UTF-8 in %s (ungültiges UTF-8)", t.P)
		}
		for _, r := range s {
			if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
				return fmt.Errorf("RDF/XML: control character %U in %s cannot be written (Steuerzeichen kann nicht geschrieben werden)", r, t.P)
			}
		}
	}
	return nil
}

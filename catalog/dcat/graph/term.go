package graph

import (
	"strconv"
	"strings"
)

// Kind tells IRIs, blank nodes and literals apart.
type Kind uint8

const (
	KindIRI Kind = iota + 1
	KindBlank
	KindLiteral
)

// Well-known datatype IRIs. A literal with an empty Datatype and no Lang is
// an xsd:string; keeping it empty saves an allocation per literal.
const (
	XSD        = "http://www.w3.org/2001/XMLSchema#"
	XSDString  = XSD + "string"
	RDFNS      = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	RDFType    = RDFNS + "type"
	RDFLang    = RDFNS + "langString"
	RDFXMLLit  = RDFNS + "XMLLiteral"
	RDFFirst   = RDFNS + "first"
	RDFRest    = RDFNS + "rest"
	RDFNil     = RDFNS + "nil"
	xsdInteger = XSD + "integer"
)

// Term is an RDF term. It is a comparable value so that it can key maps;
// Datatype is empty for plain strings and for language-tagged strings.
type Term struct {
	Kind     Kind
	Value    string // IRI, blank-node label (without "_:") or lexical form
	Datatype string
	Lang     string // lower-cased language tag
}

// IRI returns an IRI term.
func IRI(s string) Term { return Term{Kind: KindIRI, Value: s} }

// Blank returns a blank node with the given label.
func Blank(label string) Term { return Term{Kind: KindBlank, Value: label} }

// Literal returns a plain (xsd:string) literal.
func Literal(s string) Term { return Term{Kind: KindLiteral, Value: s} }

// Typed returns a literal with a datatype; xsd:string is normalised to a
// plain literal so that both spellings compare equal.
func Typed(s, datatype string) Term {
	if datatype == XSDString {
		datatype = ""
	}
	return Term{Kind: KindLiteral, Value: s, Datatype: datatype}
}

// LangLiteral returns a language-tagged literal.
func LangLiteral(s, lang string) Term {
	return Term{Kind: KindLiteral, Value: s, Lang: strings.ToLower(lang)}
}

// Integer returns an xsd:integer literal.
func Integer(n int64) Term { return Typed(strconv.FormatInt(n, 10), xsdInteger) }

// IsZero reports whether t is the zero Term (no term).
func (t Term) IsZero() bool { return t.Kind == 0 }

// IsIRI, IsBlank and IsLiteral test the kind.
func (t Term) IsIRI() bool     { return t.Kind == KindIRI }
func (t Term) IsBlank() bool   { return t.Kind == KindBlank }
func (t Term) IsLiteral() bool { return t.Kind == KindLiteral }

// String renders the term in N-Triples syntax.
func (t Term) String() string {
	var b strings.Builder
	writeNTTerm(&b, t)
	return b.String()
}

// Triple is one RDF statement.
type Triple struct {
	S, P, O Term
}

// String renders the triple as one N-Triples line without the newline.
func (t Triple) String() string {
	var b strings.Builder
	writeNTTerm(&b, t.S)
	b.WriteByte(' ')
	writeNTTerm(&b, t.P)
	b.WriteByte(' ')
	writeNTTerm(&b, t.O)
	b.WriteString(" .")
	return b.String()
}

// stringWriter is what the term writers need; strings.Builder and
// bufio.Writer both fit.
type stringWriter interface {
	WriteString(string) (int, error)
	WriteByte(byte) error
}

// writeNTTerm writes t in N-Triples syntax.
func writeNTTerm(w stringWriter, t Term) {
	switch t.Kind {
	case KindIRI:
		w.WriteByte('<')
		writeEscapedIRI(w, t.Value)
		w.WriteByte('>')
	case KindBlank:
		w.WriteString("_:")
		w.WriteString(t.Value)
	case KindLiteral:
		w.WriteByte('"')
		writeEscapedString(w, t.Value)
		w.WriteByte('"')
		if t.Lang != "" {
			w.WriteByte('@')
			w.WriteString(t.Lang)
		} else if t.Datatype != "" {
			w.WriteString("^^<")
			writeEscapedIRI(w, t.Datatype)
			w.WriteByte('>')
		}
	default:
		w.WriteString("<>")
	}
}

const hexDigits = "0123456789ABCDEF"

// writeEscapedString escapes a literal's lexical form for N-Triples and
// Turtle short strings.
func writeEscapedString(w stringWriter, s string) {
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var esc string
		switch c {
		case '"':
			esc = `\"`
		case '\\':
			esc = `\\`
		case '\n':
			esc = `\n`
		case '\r':
			esc = `\r`
		case '\t':
			esc = `\t`
		default:
			if c < 0x20 || c == 0x7f {
				w.WriteString(s[start:i])
				w.WriteString(`\u00`)
				w.WriteByte(hexDigits[c>>4])
				w.WriteByte(hexDigits[c&0xf])
				start = i + 1
			}
			continue
		}
		w.WriteString(s[start:i])
		w.WriteString(esc)
		start = i + 1
	}
	w.WriteString(s[start:])
}

// writeEscapedIRI escapes the characters N-Triples forbids inside <…>.
func writeEscapedIRI(w stringWriter, s string) {
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' || c == '^' || c == '`' || c == '\\' {
			w.WriteString(s[start:i])
			w.WriteString(`\u00`)
			w.WriteByte(hexDigits[c>>4])
			w.WriteByte(hexDigits[c&0xf])
			start = i + 1
		}
	}
	w.WriteString(s[start:])
}

package graph

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Turtle and N-Triples are read by this parser rather than knakk/rdf:
// knakk lexes in a goroutine of its own, and some inputs make that
// goroutine panic (slice bounds in lexer.emit), which no recover can catch
// and which would take the whole server down. N-Triples is parsed as the
// Turtle subset it is.

type ttlParser struct {
	src      []byte
	pos      int
	line     int
	g        *Graph
	format   Format
	prefixes map[string]string
	base     string
	bnodes   map[string]Term
	depth    int
}

// ttlError is raised by panic inside the parser and turned into a
// SyntaxError at the top; only this type is recovered.
type ttlError struct{ err error }

func readTurtle(g *Graph, r io.Reader, f Format, base string) (err error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if !utf8.Valid(src) {
		return &SyntaxError{Format: f, Msg: "input is not valid UTF-8 (Eingabe ist kein gültiges UTF-8)"}
	}
	p := &ttlParser{src: src, line: 1, g: g, format: f, prefixes: map[string]string{}, base: base, bnodes: map[string]Term{}}
	defer func() {
		if r := recover(); r != nil {
			te, ok := r.(ttlError)
			if !ok {
				panic(r)
			}
			err = te.err
		}
	}()
	p.document()
	return nil
}

func (p *ttlParser) fail(format string, args ...any) {
	panic(ttlError{&SyntaxError{Format: p.format, Line: p.line, Msg: fmt.Sprintf(format, args...)}})
}

func (p *ttlParser) check(err error) {
	if err != nil {
		panic(ttlError{err})
	}
}

// ws skips white space and comments, counting lines.
func (p *ttlParser) ws() {
	for p.pos < len(p.src) {
		switch c := p.src[p.pos]; c {
		case '\n':
			p.line++
			p.pos++
		case ' ', '\t', '\r':
			p.pos++
		case '#':
			for p.pos < len(p.src) && p.src[p.pos] != '\n' {
				p.pos++
			}
		default:
			return
		}
	}
}

func (p *ttlParser) peek() byte {
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *ttlParser) expect(c byte) {
	p.ws()
	if p.peek() != c {
		p.fail("expected %q, found %s", c, p.near())
	}
	p.pos++
}

// near describes the input at the current position for error messages.
func (p *ttlParser) near() string {
	if p.pos >= len(p.src) {
		return "end of input"
	}
	end := p.pos + 20
	if end > len(p.src) {
		end = len(p.src)
	}
	s := string(p.src[p.pos:end])
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strconv.Quote(s)
}

func (p *ttlParser) keyword(kw string) bool {
	if p.pos+len(kw) > len(p.src) || !strings.EqualFold(string(p.src[p.pos:p.pos+len(kw)]), kw) {
		return false
	}
	if p.pos+len(kw) < len(p.src) && isPNChar(p.src[p.pos+len(kw)]) {
		return false
	}
	p.pos += len(kw)
	return true
}

func (p *ttlParser) document() {
	for {
		p.ws()
		if p.pos >= len(p.src) {
			return
		}
		switch {
		case p.peek() == '@':
			p.pos++
			switch {
			case p.keyword("prefix"):
				p.prefixDecl()
				p.expect('.')
			case p.keyword("base"):
				p.ws()
				p.base = p.iriRef()
				p.expect('.')
			default:
				p.fail("unknown directive %s", p.near())
			}
		case p.format == Turtle && p.keyword("PREFIX"):
			p.prefixDecl()
		case p.format == Turtle && p.keyword("BASE"):
			p.ws()
			p.base = p.iriRef()
		default:
			p.triples()
			p.expect('.')
		}
	}
}

func (p *ttlParser) prefixDecl() {
	p.ws()
	start := p.pos
	for p.pos < len(p.src) && p.src[p.pos] != ':' && isPNChar(p.src[p.pos]) {
		p.pos++
	}
	name := string(p.src[start:p.pos])
	p.expect(':')
	p.ws()
	p.prefixes[name] = p.iriRef()
}

func (p *ttlParser) triples() {
	p.ws()
	if p.peek() == '[' {
		s := p.blankNodePropertyList()
		p.ws()
		if c := p.peek(); c != '.' {
			p.predicateObjectList(s)
		}
		return
	}
	s := p.subject()
	p.predicateObjectList(s)
}

func (p *ttlParser) subject() Term {
	p.ws()
	switch c := p.peek(); {
	case c == '<':
		return IRI(p.iriRef())
	case c == '_':
		return p.blankLabel()
	case c == '(' && p.format == Turtle:
		return p.collection()
	default:
		if p.format == Turtle {
			if t, ok := p.prefixedName(); ok {
				return t
			}
		}
		p.fail("expected a subject, found %s", p.near())
	}
	return Term{}
}

func (p *ttlParser) predicateObjectList(s Term) {
	for {
		p.ws()
		pred := p.verb()
		for {
			o := p.object()
			p.check(p.g.Add(Triple{s, pred, o}))
			p.ws()
			if p.peek() != ',' {
				break
			}
			p.pos++
		}
		// Turtle allows repeated and trailing ';' ("a ex:T ; ]").
		sawSemi := false
		for {
			p.ws()
			if p.peek() != ';' {
				break
			}
			p.pos++
			sawSemi = true
		}
		p.ws()
		if !sawSemi || p.peek() == '.' || p.peek() == ']' || p.pos >= len(p.src) {
			return
		}
	}
}

func (p *ttlParser) verb() Term {
	p.ws()
	if p.peek() == '<' {
		return IRI(p.iriRef())
	}
	if p.format == Turtle {
		if p.peek() == 'a' && (p.pos+1 >= len(p.src) || !isPNChar(p.src[p.pos+1]) && p.src[p.pos+1] != ':') {
			p.pos++
			return IRI(RDFType)
		}
		if t, ok := p.prefixedName(); ok {
			return t
		}
	}
	p.fail("expected a predicate, found %s", p.near())
	return Term{}
}

func (p *ttlParser) object() Term {
	p.ws()
	c := p.peek()
	switch {
	case c == '<':
		return IRI(p.iriRef())
	case c == '_':
		return p.blankLabel()
	case c == '"' || c == '\'' && p.format == Turtle:
		return p.literal()
	}
	if p.format == NTriples {
		p.fail("expected an object, found %s", p.near())
	}
	switch {
	case c == '[':
		return p.blankNodePropertyList()
	case c == '(':
		return p.collection()
	case c == '+' || c == '-' || c == '.' || c >= '0' && c <= '9':
		return p.number()
	case p.keyword("true"):
		return Typed("true", XSD+"boolean")
	case p.keyword("false"):
		return Typed("false", XSD+"boolean")
	}
	if t, ok := p.prefixedName(); ok {
		return t
	}
	p.fail("expected an object, found %s", p.near())
	return Term{}
}

func (p *ttlParser) nest() {
	p.depth++
	if p.depth > p.g.limits.MaxDepth {
		p.check(&LimitError{What: "levels of blank-node nesting", Limit: int64(p.g.limits.MaxDepth)})
	}
}

func (p *ttlParser) blankNodePropertyList() Term {
	p.expect('[')
	p.nest()
	b := p.g.NewBlank()
	p.ws()
	if p.peek() != ']' {
		p.predicateObjectList(b)
	}
	p.expect(']')
	p.depth--
	return b
}

func (p *ttlParser) collection() Term {
	p.expect('(')
	p.nest()
	var items []Term
	for {
		p.ws()
		if p.peek() == ')' {
			p.pos++
			break
		}
		if p.pos >= len(p.src) {
			p.fail("unterminated collection")
		}
		items = append(items, p.object())
	}
	p.depth--
	head := IRI(RDFNil)
	for i := len(items) - 1; i >= 0; i-- {
		cell := p.g.NewBlank()
		p.check(p.g.Add(Triple{cell, IRI(RDFFirst), items[i]}))
		p.check(p.g.Add(Triple{cell, IRI(RDFRest), head}))
		head = cell
	}
	return head
}

func (p *ttlParser) blankLabel() Term {
	if !bytes.HasPrefix(p.src[p.pos:], []byte("_:")) {
		p.fail("expected a blank node label, found %s", p.near())
	}
	p.pos += 2
	start := p.pos
	for p.pos < len(p.src) && (isPNChar(p.src[p.pos]) || p.src[p.pos] == '.') {
		p.pos++
	}
	for p.pos > start && p.src[p.pos-1] == '.' {
		p.pos--
	}
	if p.pos == start {
		p.fail("empty blank node label")
	}
	label := string(p.src[start:p.pos])
	if t, ok := p.bnodes[label]; ok {
		return t
	}
	// Labels are scoped to the document: two documents read into one
	// graph must not merge their "_:b1"s.
	t := p.g.NewBlank()
	p.bnodes[label] = t
	return t
}

package graph

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// isPNChar accepts the bytes of prefixed-name and label characters: ASCII
// name characters and any non-ASCII byte (PN_CHARS_BASE is nearly all of
// Unicode; UTF-8 validity is checked once for the whole input).
func isPNChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c >= 0x80
}

func (p *ttlParser) iriRef() string {
	if p.peek() != '<' {
		p.fail("expected an IRI, found %s", p.near())
	}
	p.pos++
	var b strings.Builder
	for {
		if p.pos >= len(p.src) {
			p.fail("unterminated IRI")
		}
		c := p.src[p.pos]
		switch {
		case c == '>':
			p.pos++
			iri := b.String()
			if p.base != "" && !strings.Contains(iri, ":") || strings.HasPrefix(iri, "#") {
				iri = resolve(p.base, iri)
			}
			return iri
		case c == '\\':
			p.pos++
			b.WriteRune(p.uchar())
		case c <= 0x20 || c == '<' || c == '"' || c == '{' || c == '}' || c == '|' || c == '^' || c == '`':
			p.fail("character %q not allowed in an IRI", c)
		default:
			b.WriteByte(c)
			p.pos++
		}
		if b.Len() > p.g.limits.MaxLiteral {
			p.check(&LimitError{What: "literal size", Limit: int64(p.g.limits.MaxLiteral)})
		}
	}
}

// uchar reads \uXXXX or \UXXXXXXXX after the backslash.
func (p *ttlParser) uchar() rune {
	if p.pos >= len(p.src) {
		p.fail("unterminated escape")
	}
	n := 0
	switch p.src[p.pos] {
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		p.fail("invalid escape \\%c", p.src[p.pos])
	}
	if p.pos+1+n > len(p.src) {
		p.fail("unterminated escape")
	}
	v, err := strconv.ParseUint(string(p.src[p.pos+1:p.pos+1+n]), 16, 32)
	if err != nil || !utf8.ValidRune(rune(v)) {
		p.fail("invalid \\%c escape", p.src[p.pos])
	}
	p.pos += 1 + n
	return rune(v)
}

// prefixedName reads prefix:local and expands it.
func (p *ttlParser) prefixedName() (Term, bool) {
	start := p.pos
	for p.pos < len(p.src) && (isPNChar(p.src[p.pos]) || p.src[p.pos] == '.') {
		p.pos++
	}
	if p.pos >= len(p.src) || p.src[p.pos] != ':' {
		p.pos = start
		return Term{}, false
	}
	prefix := string(p.src[start:p.pos])
	p.pos++
	ns, ok := p.prefixes[prefix]
	if !ok {
		p.fail("unknown prefix %q (unbekanntes Präfix)", prefix)
	}
	var b strings.Builder
	b.WriteString(ns)
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case isPNChar(c) || c == ':' || c == '.':
			b.WriteByte(c)
			p.pos++
		case c == '%' && p.pos+2 < len(p.src):
			b.Write(p.src[p.pos : p.pos+3])
			p.pos += 3
		case c == '\\' && p.pos+1 < len(p.src) && strings.IndexByte("_~.-!$&'()*+,;=/?#@%", p.src[p.pos+1]) >= 0:
			b.WriteByte(p.src[p.pos+1])
			p.pos += 2
		default:
			goto done
		}
	}
done:
	// A trailing '.' ends the statement, not the name.
	s := b.String()
	for strings.HasSuffix(s, ".") && len(s) > len(ns) && p.src[p.pos-1] == '.' {
		s = s[:len(s)-1]
		p.pos--
	}
	return IRI(s), true
}

func (p *ttlParser) literal() Term {
	q := p.src[p.pos]
	long := p.pos+2 < len(p.src) && p.src[p.pos+1] == q && p.src[p.pos+2] == q
	if long {
		p.pos += 3
	} else {
		p.pos++
	}
	var b strings.Builder
	for {
		if p.pos >= len(p.src) {
			p.fail("unterminated string")
		}
		c := p.src[p.pos]
		if c == q {
			if !long {
				p.pos++
				break
			}
			if p.pos+2 < len(p.src) && p.src[p.pos+1] == q && p.src[p.pos+2] == q {
				p.pos += 3
				// """a"""" : extra quotes belong to the string
				for p.pos < len(p.src) && p.src[p.pos] == q {
					b.WriteByte(q)
					p.pos++
				}
				break
			}
		}
		switch {
		case c == '\\':
			p.pos++
			if p.pos >= len(p.src) {
				p.fail("unterminated escape")
			}
			switch e := p.src[p.pos]; e {
			case 't':
				b.WriteByte('\t')
			case 'b':
				b.WriteByte('\b')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 'f':
				b.WriteByte('\f')
			case '"', '\'', '\\':
				b.WriteByte(e)
			case 'u', 'U':
				b.WriteRune(p.uchar())
				continue
			default:
				p.fail("invalid escape \\%c in string", e)
			}
			p.pos++
		case (c == '\n' || c == '\r') && !long:
			p.fail("line break in a short string (use \"\"\" for multi-line text)")
		default:
			if c == '\n' {
				p.line++
			}
			b.WriteByte(c)
			p.pos++
		}
		if b.Len() > p.g.limits.MaxLiteral {
			p.check(&LimitError{What: "literal size", Limit: int64(p.g.limits.MaxLiteral)})
		}
	}
	val := b.String()
	switch p.peek() {
	case '@':
		p.pos++
		start := p.pos
		for p.pos < len(p.src) && (isAlnum(p.src[p.pos]) || p.src[p.pos] == '-' && p.pos > start) {
			p.pos++
		}
		if p.pos == start {
			p.fail("empty language tag")
		}
		return LangLiteral(val, string(p.src[start:p.pos]))
	case '^':
		if p.pos+1 >= len(p.src) || p.src[p.pos+1] != '^' {
			p.fail("expected ^^")
		}
		p.pos += 2
		if p.peek() == '<' {
			return Typed(val, p.iriRef())
		}
		if p.format == Turtle {
			if t, ok := p.prefixedName(); ok {
				return Typed(val, t.Value)
			}
		}
		p.fail("expected a datatype IRI, found %s", p.near())
	}
	return Literal(val)
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func (p *ttlParser) number() Term {
	start := p.pos
	if c := p.peek(); c == '+' || c == '-' {
		p.pos++
	}
	digits := func() int {
		s := p.pos
		for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			p.pos++
		}
		return p.pos - s
	}
	intDigits := digits()
	dt := XSD + "integer"
	if p.peek() == '.' && p.pos+1 < len(p.src) && p.src[p.pos+1] >= '0' && p.src[p.pos+1] <= '9' {
		p.pos++
		digits()
		dt = XSD + "decimal"
	} else if intDigits == 0 && p.peek() != 'e' && p.peek() != 'E' {
		p.fail("invalid number %s", p.near())
	}
	if c := p.peek(); c == 'e' || c == 'E' {
		p.pos++
		if c := p.peek(); c == '+' || c == '-' {
			p.pos++
		}
		if digits() == 0 {
			p.fail("invalid number exponent")
		}
		dt = XSD + "double"
	}
	return Typed(string(p.src[start:p.pos]), dt)
}

package search

import (
	"strings"
	"unicode/utf8"
)

type tokKind uint8

const (
	tEOF tokKind = iota
	tLParen
	tRParen
	tAnd
	tOr
	tNot
	tPlus
	tMinus
	tField  // text is the field name, the ':' is consumed
	tTerm   // text unescaped; wild holds wildcard offsets
	tPhrase // text unescaped
	tRange
	tBoost // ^n; text is n
	tFuzzy // ~ or ~n; text is n or ""
)

type token struct {
	kind         tokKind
	text         string
	wild         []int
	lo, hi       string
	incLo, incHi bool
	pos          int
}

// lexer splits a query into tokens. It never panics on any byte string
// and reports errors with the byte offset, which is what users need to
// find an unbalanced quote in a long query.
type lexer struct {
	s    string
	i    int
	toks []token
}

const specials = `()[]{}"^~:\`

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u3000' || r == '\u00a0'
}

func lex(s string) ([]token, error) {
	l := &lexer{s: s}
	for {
		l.skipSpace()
		if l.i >= len(l.s) {
			l.toks = append(l.toks, token{kind: tEOF, pos: l.i})
			return l.toks, nil
		}
		if len(l.toks) > maxTokens {
			return nil, queryErr("query has more than %d parts", maxTokens)
		}
		if err := l.next(); err != nil {
			return nil, err
		}
	}
}

func (l *lexer) skipSpace() {
	for l.i < len(l.s) {
		r, n := utf8.DecodeRuneInString(l.s[l.i:])
		if !isSpace(r) {
			return
		}
		l.i += n
	}
}

func (l *lexer) emit(k tokKind, text string, pos int) {
	l.toks = append(l.toks, token{kind: k, text: text, pos: pos})
}

func (l *lexer) next() error {
	pos := l.i
	c := l.s[l.i]
	switch {
	case c == '(':
		l.i++
		l.emit(tLParen, "", pos)
	case c == ')':
		l.i++
		l.emit(tRParen, "", pos)
	case c == '"':
		return l.phrase()
	case c == '[' || c == '{':
		return l.rangeTok()
	case c == ']' || c == '}':
		return queryErr("unexpected %q at position %d", c, pos)
	case c == '^':
		l.i++
		n := l.number()
		if n == "" {
			return queryErr("boost at position %d needs a number", pos)
		}
		l.emit(tBoost, n, pos)
	case c == '~':
		l.i++
		l.emit(tFuzzy, l.number(), pos)
	case strings.HasPrefix(l.s[l.i:], "&&"):
		l.i += 2
		l.emit(tAnd, "", pos)
	case strings.HasPrefix(l.s[l.i:], "||"):
		l.i += 2
		l.emit(tOr, "", pos)
	case (c == '+' || c == '-' || c == '!') && l.startsClause(l.i+1):
		l.i++
		l.emit(map[byte]tokKind{'+': tPlus, '-': tMinus, '!': tNot}[c], "", pos)
	case c == ':':
		return queryErr("unexpected ':' at position %d", pos)
	default:
		return l.word()
	}
	return nil
}

// startsClause reports whether a +, - or ! at i-1 is a prefix operator
// (followed by something) rather than part of a word like "a-b".
func (l *lexer) startsClause(i int) bool {
	if i >= len(l.s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(l.s[i:])
	return !isSpace(r)
}

func (l *lexer) number() string {
	start := l.i
	for l.i < len(l.s) && (l.s[l.i] >= '0' && l.s[l.i] <= '9' || l.s[l.i] == '.') {
		l.i++
	}
	return l.s[start:l.i]
}

// word reads a bare term; a term that looks like a field name and is
// followed by ':' becomes a field token.
func (l *lexer) word() error {
	pos := l.i
	var b strings.Builder
	var wild []int
	afterField := len(l.toks) > 0 && l.toks[len(l.toks)-1].kind == tField
	for l.i < len(l.s) {
		r, n := utf8.DecodeRuneInString(l.s[l.i:])
		if isSpace(r) {
			break
		}
		if r == '\\' {
			if l.i+1 >= len(l.s) {
				return queryErr("query ends with an escape character")
			}
			r2, n2 := utf8.DecodeRuneInString(l.s[l.i+1:])
			b.WriteRune(r2)
			l.i += 1 + n2
			continue
		}
		if r == ':' {
			if name := b.String(); !afterField && (len(wild) == 0 && isFieldName(name) || name == "*") {
				l.i++
				l.emit(tField, b.String(), pos)
				return nil
			}
			if !afterField {
				return queryErr("unexpected ':' at position %d (escape it as \\: or quote the value)", l.i)
			}
		} else if r < utf8.RuneSelf && strings.IndexByte(specials, byte(r)) >= 0 {
			break
		}
		if r == '*' || r == '?' {
			wild = append(wild, b.Len())
		}
		b.WriteRune(r)
		l.i += n
	}
	text := b.String()
	if len(text) > maxTermBytes {
		return queryErr("term at position %d is longer than %d bytes", pos, maxTermBytes)
	}
	if len(wild) == 0 && !afterField {
		switch text {
		case "AND":
			l.emit(tAnd, "", pos)
			return nil
		case "OR":
			l.emit(tOr, "", pos)
			return nil
		case "NOT":
			l.emit(tNot, "", pos)
			return nil
		}
	}
	l.toks = append(l.toks, token{kind: tTerm, text: text, wild: wild, pos: pos})
	return nil
}

func isFieldName(s string) bool {
	if s == "" || len(s) > 80 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '.') {
			continue
		}
		return false
	}
	return true
}

func (l *lexer) phrase() error {
	pos := l.i
	l.i++
	var b strings.Builder
	for l.i < len(l.s) {
		c := l.s[l.i]
		switch c {
		case '\\':
			if l.i+1 < len(l.s) {
				b.WriteByte(l.s[l.i+1])
				l.i += 2
				continue
			}
		case '"':
			l.i++
			if b.Len() > maxTermBytes {
				return queryErr("phrase at position %d is longer than %d bytes", pos, maxTermBytes)
			}
			l.emit(tPhrase, b.String(), pos)
			return nil
		}
		b.WriteByte(c)
		l.i++
	}
	return queryErr("unbalanced quote at position %d", pos)
}

// rangeTok reads [lo TO hi] or {lo TO hi}; the ends may be quoted and may
// contain ':' (times) without escaping, as Solr allows.
func (l *lexer) rangeTok() error {
	pos := l.i
	t := token{kind: tRange, pos: pos, incLo: l.s[l.i] == '['}
	l.i++
	var parts []string
	for {
		l.skipSpace()
		if l.i >= len(l.s) {
			return queryErr("unbalanced range bracket at position %d", pos)
		}
		c := l.s[l.i]
		if c == ']' || c == '}' {
			t.incHi = c == ']'
			l.i++
			break
		}
		if len(parts) >= 3 {
			return queryErr("range at position %d must be [from TO to]", pos)
		}
		if c == '"' {
			n := len(l.toks)
			if err := l.phrase(); err != nil {
				return err
			}
			parts = append(parts, l.toks[n].text)
			l.toks = l.toks[:n]
			continue
		}
		start := l.i
		for l.i < len(l.s) {
			r, n := utf8.DecodeRuneInString(l.s[l.i:])
			if isSpace(r) || r == ']' || r == '}' || r == '[' || r == '{' || r == '"' {
				break
			}
			l.i += n
		}
		if l.i < len(l.s) && (l.s[l.i] == '[' || l.s[l.i] == '{' || l.s[l.i] == '"') {
			return queryErr("unexpected %q in range at position %d", l.s[l.i], l.i)
		}
		parts = append(parts, strings.ReplaceAll(l.s[start:l.i], `\`, ""))
	}
	if len(parts) != 3 || parts[1] != "TO" {
		return queryErr("range at position %d must be [from TO to]", pos)
	}
	t.lo, t.hi = parts[0], parts[2]
	if t.lo == "*" {
		t.lo = ""
	}
	if t.hi == "*" {
		t.hi = ""
	}
	l.toks = append(l.toks, t)
	return nil
}

package search

import (
	"strconv"

	"github.com/datenportal/datenportal/catalog"
)

// Limits on one q or fq string. Real CKAN clients send a few clauses; these
// bounds keep a hostile query from costing more than a few milliseconds of
// parsing or a few thousand Bleve searchers.
const (
	maxQueryBytes = 2000
	maxTokens     = 400
	maxTermBytes  = 256
	maxDepth      = 12
	maxClauses    = 64
	maxFuzziness  = 2
	maxBoost      = 1000
)

// queryErr is a Search Query Error as CKAN clients know it.
func queryErr(format string, args ...any) *catalog.Error {
	e := catalog.Errorf(catalog.EQUERY, "Search Query Error: "+format, args...)
	e.MessageDE = "Fehler in der Suchanfrage"
	return e
}

type parser struct {
	toks    []token
	i       int
	depth   int
	clauses int
}

// parseQuery parses a CKAN/Lucene query string into an AST. An empty or
// blank query is match-all, as in CKAN.
func parseQuery(s string) (node, error) {
	if len(s) > maxQueryBytes {
		return nil, queryErr("query is longer than %d bytes", maxQueryBytes)
	}
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	if len(toks) == 1 {
		return matchAllNode{}, nil
	}
	p := &parser{toks: toks}
	n, err := p.or("")
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, queryErr("unexpected %s at position %d", describe(t), t.pos)
	}
	return n, nil
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) take() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func describe(t token) string {
	switch t.kind {
	case tEOF:
		return "end of query"
	case tRParen:
		return "')'"
	case tLParen:
		return "'('"
	case tAnd:
		return "AND"
	case tOr:
		return "OR"
	case tNot:
		return "NOT"
	case tBoost:
		return "'^'"
	case tFuzzy:
		return "'~'"
	}
	return strconv.Quote(t.text)
}

func (p *parser) enter() error {
	if p.depth++; p.depth > maxDepth {
		return queryErr("query is nested deeper than %d levels", maxDepth)
	}
	return nil
}

// or := and (OR and)*
func (p *parser) or(field string) (node, error) {
	first, err := p.and(field)
	if err != nil {
		return nil, err
	}
	kids := []node{first}
	for p.peek().kind == tOr {
		p.take()
		n, err := p.and(field)
		if err != nil {
			return nil, err
		}
		kids = append(kids, n)
	}
	if len(kids) == 1 {
		return first, nil
	}
	return orNode{kids}, nil
}

// and := unary ((AND)? unary)* — adjacency means AND (CKAN's q.op=AND).
func (p *parser) and(field string) (node, error) {
	first, err := p.unary(field)
	if err != nil {
		return nil, err
	}
	kids := []node{first}
	for {
		switch p.peek().kind {
		case tAnd:
			p.take()
		case tEOF, tRParen, tOr:
			if len(kids) == 1 {
				return first, nil
			}
			return andNode{kids}, nil
		}
		n, err := p.unary(field)
		if err != nil {
			return nil, err
		}
		kids = append(kids, n)
	}
}

func (p *parser) unary(field string) (node, error) {
	switch p.peek().kind {
	case tNot, tMinus:
		p.take()
		if err := p.enter(); err != nil {
			return nil, err
		}
		n, err := p.unary(field)
		p.depth--
		if err != nil {
			return nil, err
		}
		return notNode{n}, nil
	case tPlus:
		p.take()
	}
	return p.primary(field)
}

func (p *parser) primary(field string) (node, error) {
	t := p.take()
	switch t.kind {
	case tField:
		if field != "" {
			return nil, queryErr("field %q inside the group of field %q at position %d", t.text, field, t.pos)
		}
		v := p.peek()
		if t.text == "*" {
			if v.kind == tTerm && v.text == "*" {
				p.take()
				return p.leafDone(matchAllNode{})
			}
			return nil, queryErr("'*:' must be followed by '*' at position %d", t.pos)
		}
		switch v.kind {
		case tTerm, tPhrase, tRange, tLParen:
			return p.primary(t.text)
		}
		return nil, queryErr("field %q at position %d has no value", t.text, t.pos)
	case tLParen:
		if err := p.enter(); err != nil {
			return nil, err
		}
		n, err := p.or(field)
		if err != nil {
			return nil, err
		}
		if c := p.take(); c.kind != tRParen {
			return nil, queryErr("unbalanced parenthesis: expected ')' but found %s at position %d", describe(c), c.pos)
		}
		p.depth--
		if _, err := p.modifiers(&termNode{}); err != nil {
			return nil, err
		}
		return n, nil
	case tTerm, tPhrase:
		if t.kind == tTerm && t.text == "*" && field == "" {
			return p.leafDone(matchAllNode{})
		}
		n := &termNode{field: field, text: t.text, phrase: t.kind == tPhrase, wild: t.wild, fuzzy: -1}
		if _, err := p.modifiers(n); err != nil {
			return nil, err
		}
		return p.leafDone(*n)
	case tRange:
		return p.leafDone(rangeNode{field: field, lo: t.lo, hi: t.hi, incLo: t.incLo, incHi: t.incHi})
	}
	return nil, queryErr("unexpected %s at position %d", describe(t), t.pos)
}

// modifiers reads ^boost and ~fuzziness after a term, phrase or group.
// A phrase's ~slop is accepted and ignored (Bleve phrases have no slop).
func (p *parser) modifiers(n *termNode) (bool, error) {
	seen := false
	for {
		t := p.peek()
		switch t.kind {
		case tBoost:
			p.take()
			b, err := strconv.ParseFloat(t.text, 64)
			if err != nil || b < 0 || b > maxBoost {
				return seen, queryErr("invalid boost %q at position %d", t.text, t.pos)
			}
			n.boost, seen = b, true
		case tFuzzy:
			p.take()
			f := 2
			if t.text != "" {
				x, err := strconv.ParseFloat(t.text, 64)
				if err != nil || x < 0 {
					return seen, queryErr("invalid fuzziness %q at position %d", t.text, t.pos)
				}
				f = int(min(x, 100))
				if x > 0 && x < 1 { // old Lucene similarity 0.0–1.0
					f = 1
				}
			}
			if !n.phrase {
				n.fuzzy = min(f, maxFuzziness)
			}
			seen = true
		default:
			return seen, nil
		}
	}
}

func (p *parser) leafDone(n node) (node, error) {
	if p.clauses++; p.clauses > maxClauses {
		return nil, queryErr("query has more than %d clauses", maxClauses)
	}
	return n, nil
}

package graph

import "strings"

// maxInline bounds how deep writers nest blank nodes; deeper ones are
// written with labels, so a hostile graph cannot make a writer recurse
// without end.
const maxInline = 32

// layout decides how a batch of triples is written: which subjects stand
// at the top level and which blank nodes are nested inside the one triple
// that points at them. Every writer shares it, so all formats agree.
type layout struct {
	top    []Term
	about  map[Term][]Triple // grouped: triples of one predicate stay together
	inline map[Term]bool
}

func planLayout(ts []Triple) *layout {
	l := &layout{about: make(map[Term][]Triple), inline: make(map[Term]bool)}
	var order []Term
	refs := make(map[Term]int)
	for _, t := range ts {
		if _, ok := l.about[t.S]; !ok {
			order = append(order, t.S)
			l.about[t.S] = nil
		}
		l.about[t.S] = append(l.about[t.S], t)
		if t.O.IsBlank() {
			refs[t.O]++
		}
	}
	for s, props := range l.about {
		l.about[s] = groupByPredicate(props)
	}
	for _, s := range order {
		if s.IsBlank() && refs[s] == 1 {
			l.inline[s] = true
		}
	}
	// Walk from the non-inlined subjects; an inline candidate that is not
	// reached (a cycle of blank nodes) or sits too deep gets a label.
	reached := make(map[Term]bool)
	var walk func(s Term, depth int)
	walk = func(s Term, depth int) {
		reached[s] = true
		for _, t := range l.about[s] {
			if o := t.O; o.IsBlank() && l.inline[o] && !reached[o] {
				if depth+1 >= maxInline {
					l.inline[o] = false
					continue
				}
				walk(o, depth+1)
			}
		}
	}
	for _, s := range order {
		if !l.inline[s] {
			walk(s, 0)
		}
	}
	for _, s := range order {
		if l.inline[s] && !reached[s] {
			l.inline[s] = false
			walk(s, 0)
		}
	}
	for _, s := range order {
		if !l.inline[s] {
			l.top = append(l.top, s)
		}
	}
	return l
}

// groupByPredicate orders triples so that rdf:type comes first and equal
// predicates are adjacent, keeping first-seen order otherwise.
func groupByPredicate(ts []Triple) []Triple {
	if len(ts) < 2 {
		return ts
	}
	var preds []string
	by := make(map[string][]Triple)
	for _, t := range ts {
		if _, ok := by[t.P.Value]; !ok {
			if t.P.Value == RDFType {
				preds = append([]string{RDFType}, preds...)
			} else {
				preds = append(preds, t.P.Value)
			}
		}
		by[t.P.Value] = append(by[t.P.Value], t)
	}
	out := ts[:0:0]
	for _, p := range preds {
		out = append(out, by[p]...)
	}
	return out
}

// isInlineObject reports whether o is nested in place.
func (l *layout) isInlineObject(o Term) bool { return o.IsBlank() && l.inline[o] }

// safeLabel maps any blank-node label to one every syntax accepts. Labels
// that are already safe keep their name; others are hex-encoded behind an
// "x", and no safe label starts with "x", so two labels never collide.
func safeLabel(s string) string {
	ok := s != "" && s[0] != 'x' && s[0] != 'X'
	for i := 0; ok && i < len(s); i++ {
		c := s[i]
		ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' && i > 0
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.WriteByte('x')
	for i := 0; i < len(s); i++ {
		b.WriteByte(hexDigits[s[i]>>4])
		b.WriteByte(hexDigits[s[i]&0xf])
	}
	return b.String()
}

// Prefix is a namespace abbreviation used by writers.
type Prefix struct {
	Name string
	IRI  string
}

// prefixer compacts IRIs against a fixed prefix list.
type prefixer struct {
	list []Prefix
}

// compact returns prefix and local name when iri starts with a known
// namespace and the rest is a plain name every syntax accepts.
func (p *prefixer) compact(iri string) (string, string, bool) {
	best := -1
	for i, x := range p.list {
		if strings.HasPrefix(iri, x.IRI) && (best < 0 || len(x.IRI) > len(p.list[best].IRI)) {
			best = i
		}
	}
	if best < 0 {
		return "", "", false
	}
	local := iri[len(p.list[best].IRI):]
	if !isSimpleLocal(local) {
		return "", "", false
	}
	return p.list[best].Name, local, true
}

// isSimpleLocal accepts names valid as Turtle PN_LOCAL, XML NCName and
// JSON-LD compact-IRI suffix alike (ASCII letters, digits, _ - . inside).
func isSimpleLocal(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case c >= '0' && c <= '9', c == '-', c == '.':
			if i == 0 || (c == '.' && i == len(s)-1) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

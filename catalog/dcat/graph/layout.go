package graph

import (
	"sort"
	"strings"
)

// maxInline bounds how deep writers nest blank nodes; deeper ones are
// written with labels, so a hostile graph cannot make a writer recurse
// without end.
const maxInline = 32

// layout decides how a batch of triples is written: which subjects stand
// at the top level and which blank nodes are nested inside the one triple
// that points at them. Every writer shares it, so all formats agree. A
// writer keeps one layout and reuses its maps and buffers from batch to
// batch: a dump of 100,000 datasets must not allocate per triple.
type layout struct {
	top     []Term
	sorted  []Triple          // the batch, grouped by subject then predicate
	span    map[Term][2]int32 // subject → range in sorted
	inline  map[Term]bool
	refs    map[Term]int32
	reached map[Term]bool
	subj    map[Term]int32 // first-seen order of subjects
	pred    map[spKey]int32
	keys    []int64
	order   []Term
	idx     []int32
}

type spKey struct {
	s Term
	p string
}

func (l *layout) props(s Term) []Triple {
	sp, ok := l.span[s]
	if !ok {
		return nil
	}
	return l.sorted[sp[0]:sp[1]]
}

func (l *layout) plan(ts []Triple) {
	if l.span == nil {
		l.span, l.inline, l.refs = map[Term][2]int32{}, map[Term]bool{}, map[Term]int32{}
		l.reached, l.subj, l.pred = map[Term]bool{}, map[Term]int32{}, map[spKey]int32{}
	}
	clear(l.span)
	clear(l.inline)
	clear(l.refs)
	clear(l.reached)
	clear(l.subj)
	clear(l.pred)
	l.top, l.order, l.keys, l.idx = l.top[:0], l.order[:0], l.keys[:0], l.idx[:0]
	// Sort key: subject order, then predicate order (rdf:type first),
	// then position, so equal predicates are adjacent and order is kept.
	for i, t := range ts {
		si, ok := l.subj[t.S]
		if !ok {
			si = int32(len(l.order))
			l.subj[t.S] = si
			l.order = append(l.order, t.S)
		}
		k := spKey{t.S, t.P.Value}
		pi, ok := l.pred[k]
		if !ok {
			pi = int32(i + 1)
			if t.P.Value == RDFType {
				pi = 0
			}
			l.pred[k] = pi
		}
		l.keys = append(l.keys, int64(si)<<42|int64(pi)<<21|int64(i))
		l.idx = append(l.idx, int32(i))
		if t.O.IsBlank() {
			l.refs[t.O]++
		}
	}
	sort.Slice(l.idx, func(a, b int) bool { return l.keys[l.idx[a]] < l.keys[l.idx[b]] })
	l.sorted = l.sorted[:0]
	for _, i := range l.idx {
		l.sorted = append(l.sorted, ts[i])
	}
	for i := 0; i < len(l.sorted); {
		j := i
		for j < len(l.sorted) && l.sorted[j].S == l.sorted[i].S {
			j++
		}
		l.span[l.sorted[i].S] = [2]int32{int32(i), int32(j)}
		i = j
	}
	for _, s := range l.order {
		if s.IsBlank() && l.refs[s] == 1 {
			l.inline[s] = true
		}
	}
	// Walk from the non-inlined subjects; an inline candidate that is not
	// reached (a cycle of blank nodes) or sits too deep gets a label.
	for _, s := range l.order {
		if !l.inline[s] {
			l.walk(s, 0)
		}
	}
	for _, s := range l.order {
		if l.inline[s] && !l.reached[s] {
			l.inline[s] = false
			l.walk(s, 0)
		}
	}
	for _, s := range l.order {
		if !l.inline[s] {
			l.top = append(l.top, s)
		}
	}
}

func (l *layout) walk(s Term, depth int) {
	l.reached[s] = true
	for _, t := range l.props(s) {
		if o := t.O; o.IsBlank() && l.inline[o] && !l.reached[o] {
			if depth+1 >= maxInline {
				l.inline[o] = false
				continue
			}
			l.walk(o, depth+1)
		}
	}
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

// spaces backs indent without allocating; nesting is capped by maxInline.
var spaces = strings.Repeat(" ", 4*(maxInline+4))

func indent(n int) string {
	if n > len(spaces) {
		n = len(spaces)
	}
	return spaces[:n]
}

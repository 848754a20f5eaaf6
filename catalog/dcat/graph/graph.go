package graph

import (
	"fmt"
	"sort"
	"strconv"
)

// Limits bound what a reader accepts. The zero value of a field means the
// default; readers never run unbounded.
type Limits struct {
	MaxBytes   int64 // input size
	MaxTriples int
	MaxLiteral int // bytes of one literal's lexical form (and of one IRI)
	MaxDepth   int // nesting of blank nodes (and of XML/JSON structure)
}

// DefaultLimits fit a catalogue page of ckanext-dcat's 50 MB limit with
// room to spare, and stay far below what would hurt a 2-core server.
var DefaultLimits = Limits{
	MaxBytes:   64 << 20,
	MaxTriples: 1_000_000,
	MaxLiteral: 1 << 20,
	MaxDepth:   64,
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultLimits.MaxBytes
	}
	if l.MaxTriples <= 0 {
		l.MaxTriples = DefaultLimits.MaxTriples
	}
	if l.MaxLiteral <= 0 {
		l.MaxLiteral = DefaultLimits.MaxLiteral
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultLimits.MaxDepth
	}
	return l
}

// Graph is a set of triples with an index by subject. It is not safe for
// concurrent writes.
type Graph struct {
	triples   []Triple
	seen      map[Triple]struct{}
	bySubject map[Term][]int32
	limits    Limits
	bnodes    int
}

// New returns an empty graph with the given limits (zero = defaults).
func New(l Limits) *Graph {
	return &Graph{
		seen:      make(map[Triple]struct{}),
		bySubject: make(map[Term][]int32),
		limits:    l.withDefaults(),
	}
}

// Limits returns the graph's effective limits.
func (g *Graph) Limits() Limits { return g.limits }

// Len is the number of distinct triples.
func (g *Graph) Len() int { return len(g.triples) }

// Triples returns the triples in insertion order. The slice is shared:
// do not modify it.
func (g *Graph) Triples() []Triple { return g.triples }

// NewBlank returns a blank node unique within this graph.
func (g *Graph) NewBlank() Term {
	g.bnodes++
	return Blank("b" + strconv.Itoa(g.bnodes))
}

// Add inserts t unless present. It fails when t is malformed or a limit
// is reached, so readers can stop early.
func (g *Graph) Add(t Triple) error {
	if t.S.Kind != KindIRI && t.S.Kind != KindBlank {
		return fmt.Errorf("subject must be an IRI or blank node, got %s", t.S)
	}
	if t.P.Kind != KindIRI {
		return fmt.Errorf("predicate must be an IRI, got %s", t.P)
	}
	if t.O.Kind == 0 {
		return fmt.Errorf("missing object")
	}
	if len(t.O.Value) > g.limits.MaxLiteral || len(t.S.Value) > g.limits.MaxLiteral || len(t.P.Value) > g.limits.MaxLiteral {
		return &LimitError{What: "literal size", Limit: int64(g.limits.MaxLiteral)}
	}
	if _, ok := g.seen[t]; ok {
		return nil
	}
	if len(g.triples) >= g.limits.MaxTriples {
		return &LimitError{What: "triples", Limit: int64(g.limits.MaxTriples)}
	}
	g.seen[t] = struct{}{}
	g.bySubject[t.S] = append(g.bySubject[t.S], int32(len(g.triples)))
	g.triples = append(g.triples, t)
	return nil
}

// Has reports whether the triple is in the graph.
func (g *Graph) Has(t Triple) bool { _, ok := g.seen[t]; return ok }

// Subjects returns every subject in first-seen order.
func (g *Graph) Subjects() []Term {
	out := make([]Term, 0, len(g.bySubject))
	done := make(map[Term]bool, len(g.bySubject))
	for _, t := range g.triples {
		if !done[t.S] {
			done[t.S] = true
			out = append(out, t.S)
		}
	}
	return out
}

// About returns the triples with subject s, in insertion order.
func (g *Graph) About(s Term) []Triple {
	idx := g.bySubject[s]
	out := make([]Triple, len(idx))
	for i, j := range idx {
		out[i] = g.triples[j]
	}
	return out
}

// Objects returns the objects of (s, p, ?).
func (g *Graph) Objects(s Term, p string) []Term {
	var out []Term
	for _, j := range g.bySubject[s] {
		if t := g.triples[j]; t.P.Value == p {
			out = append(out, t.O)
		}
	}
	return out
}

// Object returns the first object of (s, p, ?), or the zero Term.
func (g *Graph) Object(s Term, p string) Term {
	for _, j := range g.bySubject[s] {
		if t := g.triples[j]; t.P.Value == p {
			return t.O
		}
	}
	return Term{}
}

// HasType reports whether s has rdf:type typ.
func (g *Graph) HasType(s Term, typ string) bool {
	return g.Has(Triple{s, IRI(RDFType), IRI(typ)})
}

// SubjectsOfType returns the subjects typed typ, in first-seen order.
func (g *Graph) SubjectsOfType(typ string) []Term {
	var out []Term
	o := IRI(typ)
	for _, t := range g.triples {
		if t.O == o && t.P.Value == RDFType {
			out = append(out, t.S)
		}
	}
	return out
}

// Sorted returns the triples sorted by their N-Triples form, for stable
// output in tests and goldens.
func (g *Graph) Sorted() []string {
	out := make([]string, len(g.triples))
	for i, t := range g.triples {
		out[i] = t.String()
	}
	sort.Strings(out)
	return out
}

// LimitError reports that input exceeded a limit.
type LimitError struct {
	What  string
	Limit int64
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("input exceeds the limit of %d %s (Eingabe überschreitet die Grenze von %d %s)", e.Limit, e.What, e.Limit, e.What)
}

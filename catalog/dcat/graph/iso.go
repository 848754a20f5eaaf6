package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
)

// Isomorphic reports whether a and b are the same graph up to blank-node
// labels. Blank nodes are coloured by iterated hashing of their
// neighbourhood (colour refinement); graphs are equal when their triples,
// with blank nodes replaced by colours, are equal as multisets. This is
// exact for the graphs DCAT produces (tree-shaped blank nodes) and only
// conflates truly symmetric blank nodes, which is what tests need.
func Isomorphic(a, b *Graph) bool {
	if a.Len() != b.Len() {
		return false
	}
	ca, cb := Canonical(a), Canonical(b)
	if len(ca) != len(cb) {
		return false
	}
	for i := range ca {
		if ca[i] != cb[i] {
			return false
		}
	}
	return true
}

// Canonical returns the graph's triples as sorted lines with blank nodes
// replaced by their colour, so two isomorphic graphs give equal slices and
// a failing test can print the difference.
func Canonical(g *Graph) []string {
	colour := map[Term]string{}
	for _, t := range g.triples {
		if t.S.IsBlank() {
			colour[t.S] = "_"
		}
		if t.O.IsBlank() {
			colour[t.O] = "_"
		}
	}
	sig := func(t Term, c map[Term]string) string {
		if t.IsBlank() {
			return "_:" + c[t]
		}
		return t.String()
	}
	classes := 1
	for round := 0; round < len(colour)+1 && len(colour) > 0; round++ {
		parts := make(map[Term][]string, len(colour))
		for _, t := range g.triples {
			if t.S.IsBlank() {
				parts[t.S] = append(parts[t.S], "+"+t.P.Value+" "+sig(t.O, colour))
			}
			if t.O.IsBlank() {
				parts[t.O] = append(parts[t.O], "-"+t.P.Value+" "+sig(t.S, colour))
			}
		}
		next := make(map[Term]string, len(colour))
		distinct := map[string]bool{}
		for n, p := range parts {
			sort.Strings(p)
			h := sha256.Sum256([]byte(colour[n] + "|" + strings.Join(p, "\n")))
			next[n] = hex.EncodeToString(h[:8])
			distinct[next[n]] = true
		}
		colour = next
		if len(distinct) == classes {
			break
		}
		classes = len(distinct)
	}
	out := make([]string, len(g.triples))
	for i, t := range g.triples {
		out[i] = sig(t.S, colour) + " " + t.P.String() + " " + sig(t.O, colour)
	}
	sort.Strings(out)
	return out
}

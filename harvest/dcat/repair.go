package dcat

import (
	"strings"

	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

// predicateFixes rename predicates the DCAT-AP.de decoder would not
// recognise: the dcatde 1.0 namespace with a dot (Bremen's
// Transparenzportal), and Esri's "dcat:accessUrl".
var predicateFixes = map[string]string{
	nsDCAT + "accessUrl":   nsDCAT + "accessURL",
	nsDCAT + "downloadUrl": nsDCAT + "downloadURL",
}

var legacyNamespaces = []string{"http://dcat-ap.de/def/dcatde/1.0/", "https://dcat-ap.de/def/dcatde/1.0/"}

const nsDCATDE = "http://dcat-ap.de/def/dcatde/"

// Repair returns g with misspelt predicates renamed; g itself is returned
// when nothing needed renaming.
func Repair(g *graph.Graph) *graph.Graph {
	fix := func(p string) (string, bool) {
		if q, ok := predicateFixes[p]; ok {
			return q, true
		}
		for _, ns := range legacyNamespaces {
			if rest, ok := strings.CutPrefix(p, ns); ok {
				return nsDCATDE + rest, true
			}
		}
		return p, false
	}
	need := false
	for _, t := range g.Triples() {
		if _, ok := fix(t.P.Value); ok {
			need = true
			break
		}
	}
	if !need {
		return g
	}
	out := graph.New(g.Limits())
	for _, t := range g.Triples() {
		if p, ok := fix(t.P.Value); ok {
			t.P = graph.IRI(p)
		}
		if err := out.Add(t); err != nil {
			return g
		}
	}
	return out
}

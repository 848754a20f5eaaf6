package dcat

import (
	"sort"
	"strconv"
	"strings"

	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

// suffixFormat maps a URL suffix to the writer and the exact media type
// served. ".n3" is served as text/n3 with Turtle content (Turtle is N3).
func suffixFormat(suffix string) (graph.Format, string, bool) {
	switch suffix {
	case "ttl":
		return graph.Turtle, "text/turtle", true
	case "n3":
		return graph.Turtle, "text/n3", true
	case "rdf", "xml":
		return graph.RDFXML, "application/rdf+xml", true
	case "jsonld":
		return graph.JSONLD, "application/ld+json", true
	case "nt":
		return graph.NTriples, "application/n-triples", true
	}
	return 0, "", false
}

// NegotiateRDF picks an RDF format suffix for an Accept header the way
// ckanext-dcat does: highest q first; text/html (or nothing, or */*)
// means the HTML page, so ok is false.
func NegotiateRDF(accept string) (format string, ok bool) {
	type entry struct {
		typ string
		q   float64
		pos int
	}
	var es []entry
	for i, part := range strings.Split(accept, ",") {
		fields := strings.Split(part, ";")
		typ := strings.ToLower(strings.TrimSpace(fields[0]))
		if typ == "" {
			continue
		}
		q := 1.0
		for _, p := range fields[1:] {
			p = strings.TrimSpace(p)
			if strings.HasPrefix(p, "q=") {
				if v, err := strconv.ParseFloat(p[2:], 64); err == nil {
					q = v
				}
			}
		}
		if q > 0 {
			es = append(es, entry{typ, q, i})
		}
		if len(es) > 64 {
			break // a hostile header gains nothing from more entries
		}
	}
	sort.SliceStable(es, func(a, b int) bool { return es[a].q > es[b].q })
	for _, e := range es {
		switch e.typ {
		case "text/html", "application/xhtml+xml", "*/*":
			return "", false
		case "text/turtle", "application/x-turtle":
			return "ttl", true
		case "text/n3", "text/*":
			return "n3", true
		case "application/rdf+xml", "application/*":
			return "rdf", true
		case "application/ld+json":
			return "jsonld", true
		case "application/n-triples":
			return "nt", true
		}
	}
	return "", false
}

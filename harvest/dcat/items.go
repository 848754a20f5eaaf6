package dcat

import (
	"net/url"
	"strings"

	cdcat "github.com/datenportal/datenportal/catalog/dcat"
	"github.com/datenportal/datenportal/catalog/dcat/graph"
	"github.com/datenportal/datenportal/harvest"
)

const (
	nsDCAT  = "http://www.w3.org/ns/dcat#"
	nsHydra = "http://www.w3.org/ns/hydra/core#"
)

// Items maps every dcat:Dataset of a page graph to a harvest item. A
// dataset without an IRI and without dct:identifier has no stable
// identity; it fails alone (harvesting it would create a new dataset on
// every run).
func Items(g *graph.Graph) ([]harvest.Item, error) {
	g = Repair(g)
	decs, err := cdcat.Decode(g, cdcat.DecodeOptions{})
	if err != nil {
		return nil, err
	}
	out := make([]harvest.Item, 0, len(decs))
	for _, d := range decs {
		rec := &harvest.Record{Dataset: d.Dataset, Warnings: d.Warnings}
		if g.HasType(graph.IRI(d.IRI), nsDCAT+"Dataset") {
			rec.ID, rec.IRI = d.IRI, d.IRI
		} else if id := strings.TrimSpace(d.Dataset.Identifier); id != "" {
			rec.ID = id
		} else {
			m := harvest.Message{
				DE: "Datensatz „" + d.Dataset.Title + "“ hat weder IRI noch dct:identifier; ohne stabile Kennung übergangen",
				EN: "dataset “" + d.Dataset.Title + "” has neither an IRI nor dct:identifier; skipped without a stable identity"}
			out = append(out, harvest.Item{ID: "_:" + d.Dataset.Title, Err: &m})
			continue
		}
		out = append(out, harvest.Item{ID: rec.ID, Record: rec})
	}
	return out, nil
}

// NextPage finds the next page's URL in a page graph: hydra:next, else
// the deprecated hydra:nextPage, as IRI or literal, preferring the node
// describing this page (typed PartialCollectionView or PagedCollection).
// Relative links are resolved against the page; a link to another host is
// moved to the page's host.
func NextPage(g *graph.Graph, pageURL string) string {
	var best string
	bestRank := 99
	for _, t := range g.Triples() {
		if t.P.Value != nsHydra+"next" && t.P.Value != nsHydra+"nextPage" {
			continue
		}
		if t.O.IsBlank() || strings.TrimSpace(t.O.Value) == "" {
			continue
		}
		rank := 2
		if g.HasType(t.S, nsHydra+"PartialCollectionView") || g.HasType(t.S, nsHydra+"PagedCollection") {
			rank = 0
		}
		if t.P.Value == nsHydra+"nextPage" {
			rank++
		}
		if rank < bestRank {
			best, bestRank = strings.TrimSpace(t.O.Value), rank
		}
	}
	if best == "" {
		return ""
	}
	return resolve(pageURL, best)
}

func resolve(pageURL, next string) string {
	base, err := url.Parse(pageURL)
	if err != nil {
		return ""
	}
	u, err := base.Parse(next)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	if u.Host != base.Host {
		u.Scheme, u.Host = base.Scheme, base.Host
	}
	return u.String()
}

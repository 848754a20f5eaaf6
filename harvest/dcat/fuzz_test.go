package dcat_test

import (
	"bytes"
	"testing"

	"github.com/datenportal/datenportal/catalog/dcat/graph"
	"github.com/datenportal/datenportal/harvest/dcat"
	"github.com/datenportal/datenportal/harvest/internal/testenv"
)

func FuzzItems(f *testing.F) {
	f.Add(testenv.Fixture(f, "defects.ttl"), uint8(graph.Turtle))
	f.Add(testenv.Fixture(f, "bremen-transparenzportal-dataset-extracted.rdf"), uint8(graph.RDFXML))
	f.Add(testenv.Fixture(f, "udata-hydra-paged-collection-1.jsonld"), uint8(graph.JSONLD))
	f.Add([]byte(page("https://x/c", "../c?page=2", false, true, 1)), uint8(graph.Turtle))
	f.Fuzz(func(t *testing.T, b []byte, format uint8) {
		g, err := graph.Read(bytes.NewReader(b), graph.Format(format%4+1), "https://q.example.de/catalog", graph.Limits{MaxBytes: 1 << 20, MaxTriples: 20000})
		if err != nil {
			return
		}
		items, err := dcat.Items(g)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.ID == "" {
				t.Fatalf("item without id: %+v", it)
			}
		}
		if n := dcat.NextPage(g, "https://q.example.de/catalog"); n != "" && !bytes.HasPrefix([]byte(n), []byte("https://q.example.de/")) {
			t.Fatalf("next page %q leaves the source host", n)
		}
	})
}

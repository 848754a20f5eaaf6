package graph_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

var fuzzLimits = graph.Limits{MaxBytes: 1 << 16, MaxTriples: 2000, MaxLiteral: 4096, MaxDepth: 16}

func seed(f *testing.F, ext string) {
	files, _ := filepath.Glob("../testdata/fixtures/*" + ext)
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && len(b) < 16<<10 {
			f.Add(b)
		}
	}
}

// fuzzRead checks that reading never panics and that whatever parses
// survives a Turtle and an N-Triples round trip unchanged.
func fuzzRead(t *testing.T, data []byte, format graph.Format) {
	g, err := graph.Read(bytes.NewReader(data), format, "http://example.org/", fuzzLimits)
	if err != nil {
		return
	}
	for _, f := range []graph.Format{graph.Turtle, graph.NTriples} {
		var buf bytes.Buffer
		if err := graph.Write(&buf, g, f, testPrefixes); err != nil {
			t.Fatalf("write %s: %v", f, err)
		}
		back, err := graph.Read(&buf, f, "", graph.Limits{})
		if err != nil {
			t.Fatalf("re-read %s: %v\n%s", f, err, buf.String())
		}
		if !graph.Isomorphic(g, back) {
			t.Fatalf("%s round trip differs: %s", f, diff(g, back))
		}
	}
}

func FuzzTurtle(f *testing.F) {
	seed(f, ".ttl")
	f.Add([]byte(`@prefix ex: <http://ex/> . ex:s ex:p ( [ ex:q "x"@de ] 1.5e3 ) ; ex:r """a""" .`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, graph.Turtle) })
}

func FuzzNTriples(f *testing.F) {
	f.Add([]byte("<http://ex/s> <http://ex/p> \"x\\u00e4\"@de .\n_:b <http://ex/p> _:c .\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, graph.NTriples) })
}

func FuzzRDFXML(f *testing.F) {
	seed(f, ".rdf")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, graph.RDFXML) })
}

func FuzzJSONLD(f *testing.F) {
	seed(f, ".jsonld")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, graph.JSONLD) })
}

package graph_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

func TestBadInput(t *testing.T) {
	small := graph.Limits{MaxLiteral: 1000, MaxDepth: 10, MaxTriples: 100, MaxBytes: 1 << 20}
	deepTTL := "@prefix ex: <http://ex/> . ex:s ex:p " + strings.Repeat("[ ex:p ", 50) + strings.Repeat("] ", 50) + "."
	deepXML := `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/"><rdf:Description>` +
		strings.Repeat(`<ex:p rdf:parseType="Resource">`, 50) + strings.Repeat(`</ex:p>`, 50) + `</rdf:Description></rdf:RDF>`
	deepJSON := strings.Repeat(`{"http://ex/p": `, 100) + `"x"` + strings.Repeat("}", 100)
	var manyTriples strings.Builder
	for i := 0; i < 200; i++ {
		manyTriples.WriteString("<http://ex/s> <http://ex/p> \"" + strings.Repeat("x", i) + "\" .\n")
	}
	cases := []struct {
		name   string
		format graph.Format
		in     string
		want   string // substring of the error
	}{
		{"turtle syntax", graph.Turtle, "<http://ex/s> <http://ex/p> .", "line 1"},
		{"turtle unterminated string", graph.Turtle, "<http://ex/s> <http://ex/p> \"abc .", "unterminated"},
		{"turtle unknown prefix", graph.Turtle, "foo:s <http://ex/p> 1 .", `unknown prefix "foo"`},
		{"turtle huge literal", graph.Turtle, `<http://ex/s> <http://ex/p> "` + strings.Repeat("x", 2000) + `" .`, "literal size"},
		{"turtle deep nesting", graph.Turtle, deepTTL, "nesting"},
		{"turtle invalid utf8", graph.Turtle, "<http://ex/s> <http://ex/p> \"\xff\" .", "UTF-8"},
		{"ntriples prefixed name", graph.NTriples, "ex:s <http://ex/p> \"x\" .", "subject"},
		{"too many triples", graph.NTriples, manyTriples.String(), "triples"},
		{"too many bytes", graph.Turtle, "# " + strings.Repeat("x", 2<<20), "bytes"},
		{"xml doctype", graph.RDFXML, `<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY a "aaaa">]><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>`, "DTD"},
		{"xml undeclared prefix", graph.RDFXML, `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><foo:Bar/></rdf:RDF>`, "undeclared namespace prefix"},
		{"xml unknown entity", graph.RDFXML, `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/"><rdf:Description><ex:p>&bomb;</ex:p></rdf:Description></rdf:RDF>`, "entity"},
		{"xml unknown encoding", graph.RDFXML, `<?xml version="1.0" encoding="x-no-such"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>`, "encoding"},
		{"xml deep nesting", graph.RDFXML, deepXML, "nesting"},
		{"xml huge literal", graph.RDFXML, `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/"><rdf:Description><ex:p>` + strings.Repeat("x", 2000) + `</ex:p></rdf:Description></rdf:RDF>`, "literal size"},
		{"xml truncated", graph.RDFXML, `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/"><rdf:Description>`, "syntax error"},
		{"xml empty", graph.RDFXML, ``, "no RDF content"},
		{"jsonld syntax", graph.JSONLD, `{"@id": `, "syntax error"},
		{"jsonld remote context", graph.JSONLD, `{"@context": "http://127.0.0.1:1/ctx.jsonld", "@id": "http://ex/s", "name": "x"}`, "remote JSON-LD context"},
		{"jsonld deep nesting", graph.JSONLD, deepJSON, "nesting"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			_, err := graph.Read(strings.NewReader(c.in), c.format, "", small)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not mention %q", err, c.want)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func TestLatin1Declared(t *testing.T) {
	in := []byte(`<?xml version="1.0" encoding="ISO-8859-1"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/"><rdf:Description rdf:about="http://ex/s"><ex:p>Stra` + "\xdf" + `e</ex:p></rdf:Description></rdf:RDF>`)
	g, err := graph.Read(bytes.NewReader(in), graph.RDFXML, "", graph.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := g.Object(graph.IRI("http://ex/s"), "http://ex/p").Value; got != "Straße" {
		t.Errorf("got %q", got)
	}
}

func TestLimitErrorType(t *testing.T) {
	_, err := graph.Read(strings.NewReader(`<http://ex/s> <http://ex/p> "`+strings.Repeat("x", 100)+`" .`), graph.NTriples, "", graph.Limits{MaxLiteral: 10})
	var le *graph.LimitError
	if !errors.As(err, &le) {
		t.Fatalf("want *LimitError, got %T %v", err, err)
	}
}

// TestCyclicBlankNodes: cycles are legal RDF; every writer must terminate
// and the result must read back the same.
func TestCyclicBlankNodes(t *testing.T) {
	in := `_:a <http://ex/p> _:b . _:b <http://ex/p> _:c . _:c <http://ex/p> _:a . _:a <http://ex/q> _:a .`
	g, err := graph.Read(strings.NewReader(in), graph.NTriples, "", graph.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range graph.Formats {
		var buf bytes.Buffer
		if err := graph.Write(&buf, g, f, testPrefixes); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		back, err := graph.Read(&buf, f, "", graph.Limits{})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !graph.Isomorphic(g, back) {
			t.Errorf("%s: %s", f, diff(g, back))
		}
	}
}

func TestTurtleSyntaxVariants(t *testing.T) {
	cases := []struct {
		name, in string
		triples  int
	}{
		{"trailing semicolon", "@prefix ex: <http://ex/> . ex:s ex:p [ a ex:T ; ] ; .", 3 - 1},
		{"sparql prefix", "PREFIX ex: <http://ex/>\nex:s ex:p 1, 2.5, 1e3, true .", 4},
		{"collection", "@prefix ex: <http://ex/> . ex:s ex:p ( 1 2 ) .", 5},
		{"long string", "@prefix ex: <http://ex/> . ex:s ex:p \"\"\"a\n\"b\"\"\"\" , 'c'@de-DE .", 2},
		{"base", "@base <http://ex/> . <s> <p> <#o> .", 1},
		{"escapes", `<http://ex/s> <http://ex/p> "\u00e4\t\"" .`, 1},
		{"local with dot", "@prefix ex: <http://ex/> . ex:a.b ex:p ex:c.", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, err := graph.Read(strings.NewReader(c.in), graph.Turtle, "", graph.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if g.Len() != c.triples {
				t.Errorf("got %d triples, want %d:\n%s", g.Len(), c.triples, strings.Join(g.Sorted(), "\n"))
			}
		})
	}
}

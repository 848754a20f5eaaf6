package graph_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

var testPrefixes = []graph.Prefix{
	{"dcat", "http://www.w3.org/ns/dcat#"},
	{"dct", "http://purl.org/dc/terms/"},
	{"foaf", "http://xmlns.com/foaf/0.1/"},
	{"vcard", "http://www.w3.org/2006/vcard/ns#"},
	{"xsd", "http://www.w3.org/2001/XMLSchema#"},
	{"dcatde", "http://dcat-ap.de/def/dcatde/"},
}

func fixtures(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../testdata/fixtures/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	return files
}

func readFile(t testing.TB, path string) *graph.Graph {
	t.Helper()
	f, ok := graph.FormatByExt(filepath.Ext(path))
	if !ok {
		t.Fatalf("%s: unknown extension", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	g, err := graph.Read(bytes.NewReader(data), f, "http://example.org/base", graph.Limits{})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return g
}

func TestFixturesParse(t *testing.T) {
	for _, path := range fixtures(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			g := readFile(t, path)
			if g.Len() == 0 {
				t.Fatal("no triples")
			}
		})
	}
}

// TestFixturesMatchRapper compares our triple counts with raptor's, an
// independent parser, for the formats rapper reads.
func TestFixturesMatchRapper(t *testing.T) {
	if _, err := exec.LookPath("rapper"); err != nil {
		t.Skip("rapper (raptor2-utils) not on PATH: skipping the independent parser check")
	}
	for _, path := range fixtures(t) {
		ext := filepath.Ext(path)
		if ext == ".jsonld" {
			continue
		}
		t.Run(filepath.Base(path), func(t *testing.T) {
			want := rapperCount(t, path, map[string]string{".ttl": "turtle", ".rdf": "rdfxml"}[ext])
			if got := readFile(t, path).Len(); got != want {
				t.Errorf("we read %d triples, rapper %d", got, want)
			}
		})
	}
}

func rapperCount(t *testing.T, path, syntax string) int {
	t.Helper()
	out, err := exec.Command("rapper", "-c", "-i", syntax, "-I", "http://example.org/base", path).CombinedOutput()
	if err != nil {
		t.Fatalf("rapper %s: %v\n%s", path, err, out)
	}
	// "rapper: Parsing returned N triples"
	fields := strings.Fields(string(out))
	for i, f := range fields {
		if f == "returned" && i+1 < len(fields) {
			n, err := strconv.Atoi(fields[i+1])
			if err == nil {
				return n
			}
		}
	}
	t.Fatalf("rapper output not understood: %s", out)
	return 0
}

// TestRoundTrip: parse → write → parse gives an isomorphic graph, for
// every fixture and every format.
func TestRoundTrip(t *testing.T) {
	for _, path := range fixtures(t) {
		if testing.Short() && strings.Contains(path, "rostock-catalog") {
			continue
		}
		g := readFile(t, path)
		for _, f := range graph.Formats {
			t.Run(filepath.Base(path)+"/"+f.String(), func(t *testing.T) {
				var buf bytes.Buffer
				if err := graph.Write(&buf, g, f, testPrefixes); err != nil {
					t.Fatal(err)
				}
				back, err := graph.Read(bytes.NewReader(buf.Bytes()), f, "", graph.Limits{})
				if err != nil {
					t.Fatalf("re-read: %v\n%s", err, head(buf.String()))
				}
				if !graph.Isomorphic(g, back) {
					t.Errorf("not isomorphic after %s round trip: %s", f, diff(g, back))
				}
			})
		}
	}
}

func head(s string) string {
	if len(s) > 3000 {
		return s[:3000]
	}
	return s
}

func diff(a, b *graph.Graph) string {
	ca, cb := graph.Canonical(a), graph.Canonical(b)
	inA := map[string]int{}
	for _, s := range ca {
		inA[s]++
	}
	for _, s := range cb {
		inA[s]--
	}
	var out []string
	for s, n := range inA {
		if n != 0 && len(out) < 10 {
			out = append(out, strconv.Itoa(n)+" "+s)
		}
	}
	return strconv.Itoa(len(ca)) + " vs " + strconv.Itoa(len(cb)) + " triples; first differences:\n" + strings.Join(out, "\n")
}

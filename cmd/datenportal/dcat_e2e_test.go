package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

const (
	nsDCAT  = "http://www.w3.org/ns/dcat#"
	nsHydra = "http://www.w3.org/ns/hydra/core#"
)

// rdfDoc is one document as the server sent it.
type rdfDoc struct {
	name   string // for messages, e.g. "full.ttl"
	format graph.Format
	body   []byte
	g      *graph.Graph
	file   string // where body was saved for the outside tools
}

// TestDCATExportValid proves the "DCAT-AP.de in RDF" requirement on the
// running server: with the demo data and a generated catalogue of 330
// municipal datasets published through catalog.Service, the full dump,
// every catalogue page and single datasets, fetched over HTTP in Turtle,
// RDF/XML, JSON-LD and N-Triples,
//   - have zero SHACL violations under the official DCAT-AP.de 3.0 shapes
//     (only the language-vocabulary shape the validator README documents
//     as a gap is switched off),
//   - are read by rapper (Turtle, RDF/XML, N-Triples) into the same graph
//     our parser reads, and by the validator's parsers (all four) into the
//     same number of triples,
//   - are the same graph in all four formats (graph.Isomorphic),
//   - list exactly the public, active datasets: the full dump and the
//     union of the pages equal the published set, and what /dataset/{id}
//     says is what the dump says about that dataset.
//
// The validator is slow (seconds per document), so each document
// is validated once: the four full dumps, each page in one format and
// each sampled dataset in one format; cross-format isomorphism carries
// the verdict to the other formats.
func TestDCATExportValid(t *testing.T) {
	dir := t.TempDir()
	inst := startServe(t, dir, "--demo")
	defer inst.stop()
	gen := loadGenerated(t, dir, 330)

	// The public datasets are the demo's and the generator's public ones.
	var demoIDs []string
	for _, dd := range demoDatasets() {
		status, env := call(t, inst.base, "", "package_show", url.Values{"id": {dd.d.Name}})
		if status != http.StatusOK {
			t.Fatalf("package_show %s: %d %v", dd.d.Name, status, env)
		}
		demoIDs = append(demoIDs, env["result"].(map[string]any)["id"].(string))
	}
	want := map[string]bool{}
	for _, id := range slices.Concat(demoIDs, gen.public) {
		want[inst.base+"/dataset/"+id] = true
	}

	if len(gen.hidden) == 0 {
		t.Fatal("the generated catalogue has no private, draft or deleted dataset to keep out of the export")
	}

	tmp := t.TempDir()
	fetched := 0
	fetch := func(path, name string, f graph.Format) *rdfDoc {
		t.Helper()
		d := &rdfDoc{name: name, format: f, body: httpGet(t, inst.base+path)}
		d.g = parseRDF(t, name, d.body, f)
		// The extension tells the validator the format.
		fetched++
		d.file = filepath.Join(tmp, fmt.Sprintf("%03d.%s", fetched, f.Ext()))
		if err := os.WriteFile(d.file, d.body, 0o644); err != nil {
			t.Fatal(err)
		}
		return d
	}

	// The full dump in every format.
	var full []*rdfDoc
	for _, f := range graph.Formats {
		full = append(full, fetch("/catalog/full."+f.Ext(), "full."+f.Ext(), f))
	}
	sameGraph(t, "full dump", full, false)
	if got := datasetIRIs(full[0].g); !sameSet(got, want) {
		t.Errorf("full dump lists %d datasets, want the %d public ones; differences: %v", len(got), len(want), setDiff(got, want))
	}

	// Every page in every format; the hydra links name each format's own
	// URL, so they are compared with the format extension blanked out.
	var pages [][]*rdfDoc
	paged := map[string]bool{}
	last := 1
	for p := 1; p <= last; p++ {
		var docs []*rdfDoc
		for _, f := range graph.Formats {
			docs = append(docs, fetch("/catalog."+f.Ext()+"?page="+strconv.Itoa(p), fmt.Sprintf("catalog.%s?page=%d", f.Ext(), p), f))
		}
		sameGraph(t, fmt.Sprintf("page %d", p), docs, true)
		h := hydraOf(t, docs[0])
		if h.total != len(want) || h.perPage != 100 {
			t.Errorf("page %d: hydra totalItems %d itemsPerPage %d, want %d and 100", p, h.total, h.perPage, len(want))
		}
		last = h.last
		ids := datasetIRIs(docs[0].g)
		if n := len(ids); n > 100 || (p < h.last && n != 100) {
			t.Errorf("page %d of %d has %d datasets", p, h.last, n)
		}
		for iri := range ids {
			if paged[iri] {
				t.Errorf("%s is on two pages", iri)
			}
			paged[iri] = true
		}
		pages = append(pages, docs)
	}
	if len(pages) < 3 {
		t.Errorf("%d catalogue pages; the test wants several", len(pages))
	}
	if !sameSet(paged, want) {
		t.Errorf("the pages list %d datasets, want the %d public ones; differences: %v", len(paged), len(want), setDiff(paged, want))
	}

	// Three datasets, one of them with an uploaded file (the demo's), in
	// every format; each must be what the full dump says about it.
	sample := []string{demoIDs[0], gen.public[0], gen.public[len(gen.public)-1]}
	var single [][]*rdfDoc
	for _, id := range sample {
		var docs []*rdfDoc
		for _, f := range graph.Formats {
			docs = append(docs, fetch("/dataset/"+id+"."+f.Ext(), "dataset-"+id+"."+f.Ext(), f))
		}
		sameGraph(t, "dataset "+id, docs, false)
		part := describedBy(full[0].g, graph.IRI(inst.base+"/dataset/"+id))
		if !graph.Isomorphic(part, docs[0].g) {
			t.Errorf("dataset %s: /dataset/%s.ttl differs from what the full dump says:\n%s", id, id,
				lineDiff(graph.Canonical(docs[0].g), graph.Canonical(part)))
		}
		single = append(single, docs)
	}

	// Every document in a format rapper reads: rapper counts the same
	// statements in each format of one document, and the graph it reads
	// (its N-Triples output, read back) is the one our parser reads.
	// rapper counts statements as written, our graph is a set: a spatial
	// IRI with its bbox is repeated for every dataset of an organisation,
	// legal RDF that sets merge, so only the graphs are compared with ours.
	t.Run("rapper", func(t *testing.T) {
		needRapper(t)
		for _, docs := range slices.Concat([][]*rdfDoc{full}, pages, single) {
			count := -1
			for _, d := range docs {
				if _, ok := rapperSyntax[d.format]; !ok {
					continue
				}
				n, g := rapperRead(t, d.file, d.format)
				if count >= 0 && n != count {
					t.Errorf("%s: rapper reads %d triples, %d in %s", d.name, n, count, docs[0].name)
				}
				count = n
				if !graph.Isomorphic(g, d.g) {
					t.Errorf("%s: rapper's graph (%d triples) differs from ours (%d):\n%s", d.name, g.Len(), d.g.Len(),
						lineDiff(graph.Canonical(g), graph.Canonical(d.g)))
				}
			}
		}
	})

	// SHACL: each full dump, each page in one format (rotating through
	// the formats), each sampled dataset in one format. Two validators
	// run at a time on this 2-core machine.
	t.Run("shacl", func(t *testing.T) {
		if testing.Short() {
			t.Skip("!!! SHACL VALIDATION SKIPPED in -short: twelve validator runs take 10–25 s")
		}
		v := newSHACL(t)
		var todo []*rdfDoc
		todo = append(todo, full...)
		for i, docs := range pages {
			todo = append(todo, docs[i%len(docs)])
		}
		for i, docs := range single {
			todo = append(todo, docs[(i+1)%len(docs)])
		}
		// A control the validator must reject, so that a misconfigured
		// run (wrong shapes, nothing targeted) cannot pass: the first
		// sampled dataset without its mandatory dct:title.
		control := &rdfDoc{name: "control without dct:title", format: graph.Turtle, g: graph.New(graph.Limits{})}
		src := single[0][0].g
		for _, tr := range src.Triples() {
			if tr.P.Value != "http://purl.org/dc/terms/title" || !src.HasType(tr.S, nsDCAT+"Dataset") {
				if err := control.g.Add(tr); err != nil {
					t.Fatal(err)
				}
			}
		}
		var buf bytes.Buffer
		if err := graph.Write(&buf, control.g, graph.Turtle, nil); err != nil {
			t.Fatal(err)
		}
		control.file = filepath.Join(tmp, "control.ttl")
		if err := os.WriteFile(control.file, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		todo = append(todo, control)
		reports := make([]*shaclReport, len(todo))
		errs := make([]error, len(todo))
		var wg sync.WaitGroup
		sem := make(chan struct{}, 2)
		for i, d := range todo {
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				reports[i], errs[i] = v.validate(d.file)
			})
		}
		wg.Wait()
		for i, d := range todo {
			if errs[i] != nil {
				t.Errorf("%s: %v", d.name, errs[i])
				continue
			}
			r := reports[i]
			if d == control {
				if !hasViolation(r, "http://purl.org/dc/terms/title") {
					t.Errorf("the validator finds no dct:title violation in a dataset without a title: the check is not working (%d violations)", r.Violations)
				}
				continue
			}
			t.Logf("%s: %d triples (%s), %d violations, %d warnings", d.name, r.Input.Triples, r.Input.Format, r.Violations, r.Warnings)
			if r.Input.Triples != d.g.Len() {
				t.Errorf("%s: the validator's %s parser reads %d triples, ours %d", d.name, r.Input.Format, r.Input.Triples, d.g.Len())
			}
			if r.Violations != 0 {
				t.Errorf("%s: %d SHACL violations (DCAT-AP.de 3.0)", d.name, r.Violations)
				for _, res := range r.Results {
					if strings.HasSuffix(res.Severity, "Violation") {
						t.Errorf("  %s %s = %s: %s [%s]", res.FocusNode, res.Path, res.Value, res.Message, res.SourceShape)
					}
				}
			}
		}
	})
}

func hasViolation(r *shaclReport, path string) bool {
	for _, res := range r.Results {
		if strings.HasSuffix(res.Severity, "Violation") && strings.Trim(res.Path, "<>") == path {
			return true
		}
	}
	return false
}

// sameGraph requires docs (one document in several formats) to be one
// graph. With pageLinks, the format extension in catalogue page URLs is
// blanked out first: the hydra links name each format's own URL.
func sameGraph(t *testing.T, what string, docs []*rdfDoc, pageLinks bool) {
	t.Helper()
	canon := func(d *rdfDoc) *graph.Graph {
		if !pageLinks {
			return d.g
		}
		out := graph.New(d.g.Limits())
		fix := func(x graph.Term) graph.Term {
			if !x.IsBlank() {
				x.Value = strings.Replace(x.Value, "/catalog."+d.format.Ext()+"?", "/catalog.FORMAT?", 1)
			}
			return x
		}
		for _, tr := range d.g.Triples() {
			if err := out.Add(graph.Triple{S: fix(tr.S), P: tr.P, O: fix(tr.O)}); err != nil {
				t.Fatal(err)
			}
		}
		return out
	}
	first := canon(docs[0])
	if first.Len() == 0 {
		t.Fatalf("%s: %s is empty", what, docs[0].name)
	}
	for _, d := range docs[1:] {
		if g := canon(d); !graph.Isomorphic(first, g) {
			t.Errorf("%s: %s (%d triples) is not the graph of %s (%d triples):\n%s", what, d.name, g.Len(), docs[0].name, first.Len(),
				lineDiff(graph.Canonical(g), graph.Canonical(first)))
		}
	}
}

// datasetIRIs are the subjects typed dcat:Dataset.
func datasetIRIs(g *graph.Graph) map[string]bool {
	out := map[string]bool{}
	for _, s := range g.SubjectsOfType(nsDCAT + "Dataset") {
		out[s.Value] = true
	}
	return out
}

type hydraPage struct{ total, perPage, last int }

func hydraOf(t *testing.T, d *rdfDoc) hydraPage {
	t.Helper()
	ps := d.g.SubjectsOfType(nsHydra + "PagedCollection")
	if len(ps) != 1 {
		t.Fatalf("%s: %d hydra:PagedCollection nodes", d.name, len(ps))
	}
	num := func(p string) int {
		v := d.g.Object(ps[0], nsHydra+p).Value
		n, err := strconv.Atoi(v)
		if err != nil {
			t.Fatalf("%s: hydra:%s %q", d.name, p, v)
		}
		return n
	}
	lastURL := d.g.Object(ps[0], nsHydra+"last").Value
	i := strings.LastIndex(lastURL, "page=")
	last, err := strconv.Atoi(lastURL[i+len("page="):])
	if i < 0 || err != nil {
		t.Fatalf("%s: hydra:last %q", d.name, lastURL)
	}
	return hydraPage{total: num("totalItems"), perPage: num("itemsPerPage"), last: last}
}

// describedBy is the part of g that describes s: its triples and, in
// turn, those of the nodes it points to (blank nodes, distributions,
// spatial IRIs with a bbox), except other datasets and the catalogue.
func describedBy(g *graph.Graph, s graph.Term) *graph.Graph {
	out := graph.New(g.Limits())
	seen := map[graph.Term]bool{}
	var visit func(n graph.Term)
	visit = func(n graph.Term) {
		if seen[n] {
			return
		}
		seen[n] = true
		for _, tr := range g.About(n) {
			_ = out.Add(tr)
			if !tr.O.IsLiteral() && !g.HasType(tr.O, nsDCAT+"Dataset") && !g.HasType(tr.O, nsDCAT+"Catalog") {
				visit(tr.O)
			}
		}
	}
	visit(s)
	return out
}

func sameSet(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// setDiff names up to ten elements in one set and not the other.
func setDiff(got, want map[string]bool) []string {
	var d []string
	for k := range got {
		if !want[k] {
			d = append(d, "extra "+k)
		}
	}
	for k := range want {
		if !got[k] {
			d = append(d, "missing "+k)
		}
	}
	sort.Strings(d)
	if len(d) > 10 {
		d = append(d[:10], fmt.Sprintf("… %d more", len(d)-10))
	}
	return d
}

// lineDiff shows up to 20 lines only in a ("-") or only in b ("+").
func lineDiff(a, b []string) string {
	in := func(xs []string) map[string]int {
		m := map[string]int{}
		for _, x := range xs {
			m[x]++
		}
		return m
	}
	ma, mb := in(a), in(b)
	var out []string
	for _, x := range a {
		if mb[x] == 0 {
			out = append(out, "- "+x)
		} else {
			mb[x]--
		}
	}
	for _, x := range b {
		if ma[x] == 0 {
			out = append(out, "+ "+x)
		} else {
			ma[x]--
		}
	}
	if len(out) > 20 {
		out = append(out[:20], fmt.Sprintf("… %d more lines", len(out)-20))
	}
	return strings.Join(out, "\n")
}

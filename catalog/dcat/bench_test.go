package dcat_test

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	krdf "github.com/knakk/rdf"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/dcat"
	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

// benchCount is the number of datasets per benchmark iteration:
// DATENPORTAL_BENCH_DATASETS (e.g. 100000 for BENCHMARKS.md), default 2000
// so that a plain `go test -bench .` stays short.
func benchCount() int {
	if n, err := strconv.Atoi(os.Getenv("DATENPORTAL_BENCH_DATASETS")); err == nil && n > 0 {
		return n
	}
	return 2000
}

// genDataset makes a realistic municipal dataset with two distributions.
func genDataset(i int) *catalog.Dataset {
	d := fullDataset()
	d.ID = fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
	d.Title = "Datensatz " + strconv.Itoa(i)
	d.Distributions[0].ID = "r" + strconv.Itoa(i) + "a"
	d.Distributions[1].ID = "r" + strconv.Itoa(i) + "b"
	return d
}

func benchWrite(b *testing.B, f graph.Format) {
	n := benchCount()
	pool := make([]*catalog.Dataset, 1000)
	for i := range pool {
		pool[i] = genDataset(i)
	}
	var peak uint64
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for it := 0; it < b.N; it++ {
		doc, err := dcat.NewDocument(io.Discard, f, testBase, dcat.DCATAPDE3)
		if err != nil {
			b.Fatal(err)
		}
		doc.Catalog(dcat.CatalogInfo{Title: "Bench"})
		for i := 0; i < n; i++ {
			d := pool[i%len(pool)]
			if err := doc.Dataset(d); err != nil {
				b.Fatal(err)
			}
			if i%20000 == 0 {
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > peak {
					peak = m.HeapAlloc
				}
			}
		}
		doc.Close()
	}
	el := time.Since(start)
	b.ReportMetric(float64(n*b.N)/el.Seconds(), "datasets/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}

func BenchmarkWriteTurtle(b *testing.B)   { benchWrite(b, graph.Turtle) }
func BenchmarkWriteNTriples(b *testing.B) { benchWrite(b, graph.NTriples) }
func BenchmarkWriteRDFXML(b *testing.B)   { benchWrite(b, graph.RDFXML) }
func BenchmarkWriteJSONLD(b *testing.B)   { benchWrite(b, graph.JSONLD) }

// benchBare writes the same triples (pre-encoded, cycled) with knakk/rdf's
// encoder: the cost of serialisation alone, the floor for our writers.
func benchBare(b *testing.B, f krdf.Format) {
	n := benchCount()
	enc := dcat.NewEncoder(testBase, dcat.DCATAPDE3)
	pool := make([][]krdf.Triple, 1000)
	for i := range pool {
		for _, t := range enc.DatasetInCatalog(genDataset(i)) {
			pool[i] = append(pool[i], toKnakk(t))
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for it := 0; it < b.N; it++ {
		w := krdf.NewTripleEncoder(io.Discard, f)
		for i := 0; i < n; i++ {
			for _, t := range pool[i%len(pool)] {
				if err := w.Encode(t); err != nil {
					b.Fatal(err)
				}
			}
		}
		w.Close()
	}
	b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "datasets/s")
}

func BenchmarkBareKnakkTurtle(b *testing.B)   { benchBare(b, krdf.Turtle) }
func BenchmarkBareKnakkNTriples(b *testing.B) { benchBare(b, krdf.NTriples) }

func toKnakk(t graph.Triple) krdf.Triple {
	conv := func(x graph.Term) krdf.Term {
		switch x.Kind {
		case graph.KindIRI:
			i, _ := krdf.NewIRI(x.Value)
			return i
		case graph.KindBlank:
			bl, _ := krdf.NewBlank(x.Value)
			return bl
		}
		if x.Lang != "" {
			l, _ := krdf.NewLangLiteral(x.Value, x.Lang)
			return l
		}
		dt := x.Datatype
		if dt == "" {
			dt = graph.XSDString
		}
		i, _ := krdf.NewIRI(dt)
		return krdf.NewTypedLiteral(x.Value, i)
	}
	return krdf.Triple{Subj: conv(t.S).(krdf.Subject), Pred: conv(t.P).(krdf.Predicate), Obj: conv(t.O).(krdf.Object)}
}

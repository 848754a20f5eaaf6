package search

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// BenchmarkSearchMix replays one stream of portal traffic twice: cold
// (result cache and page cursors off: every request runs its query) and
// warm (both on, starting empty, so first sightings are misses). It
// reports p50/p99 over the whole stream and per kind of request.
//
// The stream (seeded, mixMin requests) is what a data
// portal's search page sees, drawn per request:
//
//   - 25 % front page: `*:*`, 3 facets (organization, res_format, tags),
//     10 rows — the same request every time;
//   - 20 % facet clicks: `*:*` plus one fq (30 %: two) on an organisation,
//     format or tag, 3 facets; values Zipf-distributed (s=1.1) over the
//     top 100 of each facet, so popular ones recur;
//   - 30 % free text: a word Zipf-drawn from the four benchmark queries
//     followed by the top 100 tags, 3 facets; 10 % ask for page 2;
//   - 10 % free text plus one facet click;
//   - 15 % a harvester walking all public datasets, sort id asc, 100 rows,
//     start 0, 100, 200, … (starting over at the end).
//
// 5 % of the non-harvester requests come from a member of a random
// organisation, whose answers differ (and are cached apart).
func BenchmarkSearchMix(b *testing.B) {
	ix, _ := benchIndex(b)
	for _, name := range []string{"cold", "warm"} {
		b.Run(name, func(b *testing.B) {
			// The testing package calls this once with b.N=1 and again
			// with the asked-for N; the stream is replayed only once per
			// process, or the second warm run would find the cache full.
			if mix.results == nil {
				mix.results = map[string][]metric{}
			}
			res, ok := mix.results[name]
			if !ok {
				if mix.stream == nil {
					mix.stream = mixStream(b, ix, mixMin())
				}
				res = replay(b, ix, mix.stream, name == "warm")
				mix.results[name] = res
			}
			for _, m := range res {
				b.ReportMetric(m.v, m.unit)
			}
		})
	}
}

var mix struct {
	stream  []mixRequest
	results map[string][]metric
}

type metric struct {
	v    float64
	unit string
}

// replay runs the stream with the result cache and page cursors off, or
// on and empty at the start.
func replay(b *testing.B, ix *Index, stream []mixRequest, warm bool) []metric {
	ctx := context.Background()
	cache, cursors := ix.cache, ix.cursors
	defer func() { ix.cache, ix.cursors = cache, cursors }()
	ix.cache, ix.cursors = nil, nil
	if warm {
		ix.cache = newLRU(DefaultResultCacheEntries, DefaultResultCacheBytes, resultSize)
		ix.cursors = newLRU(cursorEntries, cursorBytes, cursorSize)
	}
	hits0, cur0 := ix.cacheHits.Load(), ix.cursorHits.Load()
	all := make([]time.Duration, 0, len(stream))
	byKind := map[string][]time.Duration{}
	for _, r := range stream {
		start := time.Now()
		if _, err := ix.Search(ctx, r.sq); err != nil {
			b.Fatalf("%+v: %v", r.sq, err)
		}
		d := time.Since(start)
		all = append(all, d)
		byKind[r.kind] = append(byKind[r.kind], d)
	}
	p50, p99 := percentiles(all)
	out := []metric{{ms(p50), "p50-ms"}, {ms(p99), "p99-ms"}}
	for _, kind := range []string{"front", "facet", "text", "text_facet", "harvest"} {
		k50, k99 := percentiles(byKind[kind])
		out = append(out, metric{ms(k50), kind + "-p50-ms"}, metric{ms(k99), kind + "-p99-ms"})
	}
	return append(out,
		metric{float64(len(stream)), "requests"},
		metric{float64(distinct(stream)), "distinct"},
		metric{100 * float64(ix.cacheHits.Load()-hits0) / float64(len(stream)), "cached-%"},
		metric{float64(ix.cursorHits.Load() - cur0), "cursor-pages"},
		metric{peakRSSMB(), "peakRSS-MB"})
}

// mixMin is the shortest stream: long enough for popular requests to
// recur as they do in a day of traffic, not only in a loop.
func mixMin() int {
	if n, err := strconv.Atoi(os.Getenv("DATENPORTAL_BENCH_MIX")); err == nil && n > 0 {
		return n
	}
	return 2000
}

// distinct counts different requests: how often the stream repeats.
func distinct(stream []mixRequest) int {
	seen := map[string]bool{}
	for _, r := range stream {
		seen[fmt.Sprintf("%#v", r.sq)] = true
	}
	return len(seen)
}

type mixRequest struct {
	kind string // front, facet, text, text_facet, harvest
	sq   catalog.SearchQuery
}

func mixStream(b *testing.B, ix *Index, n int) []mixRequest {
	b.Helper()
	facets := []string{"organization", "res_format", "tags"}
	// Facet values by popularity, read from the index itself.
	top, err := ix.Search(context.Background(), catalog.SearchQuery{Q: "*:*", FacetFields: facets, FacetLimit: 100})
	if err != nil {
		b.Fatal(err)
	}
	values := map[string][]string{}
	for _, f := range facets {
		for _, fc := range top.Facets[f] {
			values[f] = append(values[f], fc.Value)
		}
		if len(values[f]) < 2 {
			b.Fatalf("facet %s has %d values", f, len(values[f]))
		}
	}
	words := []string{"Solarpotenzialkataster", "Stadt", "Haushalt 2024", `"Wahlergebnisse Bundestagswahl"`}
	words = append(words, values["tags"]...)
	var orgIDs []string
	for _, o := range bench.src.g.Organizations() {
		orgIDs = append(orgIDs, o.ID)
	}

	r := rand.New(rand.NewSource(42))
	zipf := map[string]*rand.Zipf{"words": rand.NewZipf(r, 1.1, 1, uint64(len(words)-1))}
	for f, vs := range values {
		zipf[f] = rand.NewZipf(r, 1.1, 1, uint64(len(vs)-1))
	}
	click := func() string {
		f := facets[r.Intn(len(facets))]
		return f + ":" + strconv.Quote(values[f][zipf[f].Uint64()])
	}
	word := func() string { return words[zipf["words"].Uint64()] }

	out := make([]mixRequest, 0, n)
	harvest := 0
	total := top.Count
	for range n {
		sq := catalog.SearchQuery{Q: "*:*", Rows: 10, FacetFields: facets}
		kind := ""
		switch p := r.Intn(100); {
		case p < 25:
			kind = "front"
		case p < 45:
			kind = "facet"
			sq.FQ = []string{click()}
			if r.Intn(100) < 30 {
				sq.FQ = append(sq.FQ, click())
			}
		case p < 75:
			kind = "text"
			sq.Q = word()
			if r.Intn(100) < 10 {
				sq.Start = 10
			}
		case p < 85:
			kind = "text_facet"
			sq.Q, sq.FQ = word(), []string{click()}
		default:
			kind = "harvest"
			sq = catalog.SearchQuery{Q: "*:*", Rows: 100, Start: harvest, Sort: "id asc"}
			if harvest += 100; harvest >= total {
				harvest = 0
			}
		}
		if kind != "harvest" && r.Intn(100) < 5 {
			sq.Visibility.OrgIDs = []string{orgIDs[r.Intn(len(orgIDs))]}
		}
		out = append(out, mixRequest{kind: kind, sq: sq})
	}
	return out
}

// BenchmarkSearchPager is a harvester deep in its walk: it has just read
// start=49,900 and now asks for start=50,000 (100 rows, sort id asc).
// "offset" is that request without page cursors (Bleve collects 50,100
// hits), "cursor" the same request continuing after the previous page.
// The result cache is off in both; only the second request is timed.
func BenchmarkSearchPager(b *testing.B) {
	ix, _ := benchIndex(b)
	ctx := context.Background()
	prev := catalog.SearchQuery{Q: "*:*", Rows: 100, Start: 49900, Sort: "id asc"}
	next := prev
	next.Start = 50000
	cache, cursors := ix.cache, ix.cursors
	defer func() { ix.cache, ix.cursors = cache, cursors }()
	var ids [2][]string
	for i, name := range []string{"offset", "cursor"} {
		b.Run(name, func(b *testing.B) {
			ix.cache, ix.cursors = nil, nil
			lat := make([]time.Duration, 0, b.N)
			for range b.N {
				if name == "cursor" {
					ix.cursors = newLRU(cursorEntries, cursorBytes, cursorSize)
				}
				if _, err := ix.Search(ctx, prev); err != nil {
					b.Fatal(err)
				}
				used := ix.cursorHits.Load()
				start := time.Now()
				r, err := ix.Search(ctx, next)
				lat = append(lat, time.Since(start))
				if err != nil {
					b.Fatal(err)
				}
				if (ix.cursorHits.Load() > used) != (name == "cursor") {
					b.Fatalf("%s: cursor used = %v", name, ix.cursorHits.Load() > used)
				}
				ids[i] = r.IDs
			}
			p50, p99 := percentiles(lat)
			b.ReportMetric(ms(p50), "p50-ms")
			b.ReportMetric(ms(p99), "p99-ms")
		})
	}
	if len(ids[0]) != 100 || fmt.Sprint(ids[0]) != fmt.Sprint(ids[1]) {
		b.Errorf("offset and cursor pages differ: %d vs %d ids", len(ids[0]), len(ids[1]))
	}
}

package search

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/search/gen"
)

// BenchmarkSearchMix replays one stream of portal traffic twice: cold
// (result cache and page cursors off: every request runs its query) and
// warm (both on, starting empty, so first sightings are misses). It
// reports p50/p99 over the whole stream and per kind of request.
//
// The stream (seeded, mixMin requests) is gen.MixStream, the same that
// cmd/datenportal's package_search-over-HTTP benchmark replays: front page,
// facet clicks, free text, text plus click and a harvester, with 5 % of
// the requests from organisation members, whose answers are cached apart.
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
	for _, kind := range gen.MixKinds {
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
	kind string // one of gen.MixKinds
	sq   catalog.SearchQuery
}

func mixStream(b *testing.B, ix *Index, n int) []mixRequest {
	b.Helper()
	var orgIDs []string
	for _, o := range bench.src.g.Organizations() {
		orgIDs = append(orgIDs, o.ID)
	}
	reqs, err := gen.MixStream(context.Background(), ix.Search, orgIDs, n)
	if err != nil {
		b.Fatal(err)
	}
	out := make([]mixRequest, len(reqs))
	for i, r := range reqs {
		out[i] = mixRequest{kind: r.Kind, sq: r.Query}
		if r.MemberOrg != "" {
			out[i].sq.Visibility.OrgIDs = []string{r.MemberOrg}
		}
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

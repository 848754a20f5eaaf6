package main

import (
	"io"
	"net/http"
	"os"
	"sort"
	"testing"
	"time"
)

// TestCatalogPageLatency measures the p50/p99 of a full 100-dataset DCAT
// catalogue page in each format over HTTP on the real server, for
// BENCHMARKS.md. It runs only with DATENPORTAL_BENCH_CATALOG=1:
//
//	DATENPORTAL_BENCH_CATALOG=1 go test ./cmd/datenportal -run TestCatalogPageLatency -v
func TestCatalogPageLatency(t *testing.T) {
	if os.Getenv("DATENPORTAL_BENCH_CATALOG") == "" {
		t.Skip("benchmark: set DATENPORTAL_BENCH_CATALOG=1")
	}
	dir := t.TempDir()
	inst := startServe(t, dir)
	defer inst.stop()
	loadGenerated(t, dir, 150)
	client := &http.Client{}
	for _, f := range []string{"ttl", "rdf", "jsonld", "nt"} {
		url := inst.base + "/catalog." + f + "?page=1"
		var lat []time.Duration
		var size int64
		for i := range 60 {
			t0 := time.Now()
			res, err := client.Get(url)
			if err != nil {
				t.Fatal(err)
			}
			n, _ := io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", url, res.StatusCode)
			}
			if i >= 10 { // warm-up: caches, index catch-up
				lat = append(lat, time.Since(t0))
			}
			size = n
		}
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		t.Logf("/catalog.%s?page=1 (100 datasets, %d KB): p50 %.1f ms, p99 %.1f ms", f, size>>10,
			float64(lat[len(lat)/2].Microseconds())/1000, float64(lat[len(lat)*99/100].Microseconds())/1000)
	}
}

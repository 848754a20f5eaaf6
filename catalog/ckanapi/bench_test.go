package ckanapi_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
)

// BenchmarkPackageShow measures package_show over HTTP with 16 parallel
// clients, next to a gin handler that serves the same bytes from memory
// in the same run (the physical limit of HTTP + gin on this machine).
//
//	go test ./catalog/ckanapi -run XXX -bench PackageShow -benchtime 5s
func BenchmarkPackageShow(b *testing.B) {
	e := newEnv(b)
	e.create(richPackage("bench"))
	showURL := e.site + "/api/3/action/package_show?id=bench"
	body := e.ok(e.get("package_show", "", map[string][]string{"id": {"bench"}})).Raw

	static := gin.New()
	static.GET("/api/3/action/package_show", func(c *gin.Context) { c.Data(http.StatusOK, "application/json;charset=utf-8", body) })
	ss := httptest.NewServer(static)
	defer ss.Close()

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 64}}
	b.Run("ckanapi", func(b *testing.B) { parallelGet(b, client, showURL) })
	b.Run("static", func(b *testing.B) { parallelGet(b, client, ss.URL+"/api/3/action/package_show?id=bench") })
	b.Logf("response: %d bytes", len(body))
}

func parallelGet(b *testing.B, client *http.Client, u string) {
	b.SetParallelism((16 + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	b.ReportAllocs()
	var mu sync.Mutex
	var lat []time.Duration
	stop := peakHeap()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var local []time.Duration
		for pb.Next() {
			t0 := time.Now()
			res, err := client.Get(u)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				b.Errorf("status %d", res.StatusCode)
				return
			}
			local = append(local, time.Since(t0))
		}
		mu.Lock()
		lat = append(lat, local...)
		mu.Unlock()
	})
	b.StopTimer()
	reportLatency(b, lat)
	b.ReportMetric(float64(stop())/(1<<20), "peak-heap-MiB")
}

// BenchmarkPackageCreate measures sequential package_create calls,
// including validation, the SQLite commit and waiting for the index.
//
//	go test ./catalog/ckanapi -run XXX -bench PackageCreate -benchtime 200x
func BenchmarkPackageCreate(b *testing.B) {
	e := newEnv(b)
	b.ReportAllocs()
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := richPackage(fmt.Sprintf("bench-%d", i))
		t0 := time.Now()
		r := e.post("package_create", e.editorToken, p)
		lat = append(lat, time.Since(t0))
		if r.Status != http.StatusOK {
			b.Fatalf("%d %s", r.Status, r.Raw)
		}
	}
	b.StopTimer()
	reportLatency(b, lat)
}

func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	q := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) }
	b.ReportMetric(q(0.50), "p50-µs")
	b.ReportMetric(q(0.99), "p99-µs")
}

// peakHeap samples the heap in use until the returned function is called,
// which returns the largest value seen.
func peakHeap() func() uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(done); wg.Wait(); return peak.Load() }
}

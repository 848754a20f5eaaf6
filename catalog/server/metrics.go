package server

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// metrics is a small Prometheus text-format registry: request counts and
// latency histograms per route. A full client library would add a
// dependency tree for four metric families.
type metrics struct {
	mu       sync.Mutex
	requests map[reqKey]uint64
	hist     map[string]*histogram
	gauges   []func(w io.Writer)
}

type reqKey struct {
	method, route string
	status        int
}

var buckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type histogram struct {
	counts []uint64 // per bucket, cumulative at render time
	sum    float64
	n      uint64
}

func newMetrics() *metrics {
	return &metrics{requests: map[reqKey]uint64{}, hist: map[string]*histogram{}}
}

func (m *metrics) middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		d := time.Since(start).Seconds()
		m.mu.Lock()
		m.requests[reqKey{c.Request.Method, route, c.Writer.Status()}]++
		h := m.hist[route]
		if h == nil {
			h = &histogram{counts: make([]uint64, len(buckets))}
			m.hist[route] = h
		}
		for i, b := range buckets {
			if d <= b {
				h.counts[i]++
				break
			}
		}
		h.sum += d
		h.n++
		m.mu.Unlock()
	}
}

// addGauge registers a function that writes gauge lines at scrape time.
func (m *metrics) addGauge(f func(w io.Writer)) {
	m.mu.Lock()
	m.gauges = append(m.gauges, f)
	m.mu.Unlock()
}

func (m *metrics) write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintln(w, "# HELP datenportal_http_requests_total HTTP requests by method, route and status.")
	fmt.Fprintln(w, "# TYPE datenportal_http_requests_total counter")
	keys := make([]reqKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.route != b.route {
			return a.route < b.route
		}
		if a.method != b.method {
			return a.method < b.method
		}
		return a.status < b.status
	})
	for _, k := range keys {
		fmt.Fprintf(w, "datenportal_http_requests_total{method=%q,route=%q,status=\"%d\"} %d\n", k.method, k.route, k.status, m.requests[k])
	}
	fmt.Fprintln(w, "# HELP datenportal_http_request_duration_seconds HTTP request latency by route.")
	fmt.Fprintln(w, "# TYPE datenportal_http_request_duration_seconds histogram")
	routes := make([]string, 0, len(m.hist))
	for r := range m.hist {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	for _, r := range routes {
		h := m.hist[r]
		var cum uint64
		for i, b := range buckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "datenportal_http_request_duration_seconds_bucket{route=%q,le=%q} %d\n", r, strconv.FormatFloat(b, 'g', -1, 64), cum)
		}
		fmt.Fprintf(w, "datenportal_http_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", r, h.n)
		fmt.Fprintf(w, "datenportal_http_request_duration_seconds_sum{route=%q} %s\n", r, strconv.FormatFloat(h.sum, 'g', -1, 64))
		fmt.Fprintf(w, "datenportal_http_request_duration_seconds_count{route=%q} %d\n", r, h.n)
	}
	for _, g := range m.gauges {
		g(w)
	}
}

// fmtFloat renders a gauge value.
func fmtFloat(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

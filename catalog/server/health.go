package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// healthz answers as long as the process serves HTTP.
func (s *Server) healthz(c *gin.Context) {
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte("ok\n"))
}

// readyz checks every dependency in parallel with a short timeout, so a
// load balancer takes an instance out when its database, file store or
// index is unreachable, and the operator sees which one.
func (s *Server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 3*time.Second)
	defer cancel()
	type result struct {
		Status string `json:"status"`
		Error  string `json:"error,omitempty"`
	}
	res := map[string]result{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for name, p := range s.cfg.Ready {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := result{Status: "ok"}
			if err := p.Ping(ctx); err != nil {
				r = result{Status: "fail", Error: err.Error()}
				s.cfg.Logger.Warn("readiness check failed", "dependency", name, "err", err)
			}
			mu.Lock()
			res[name] = r
			mu.Unlock()
		}()
	}
	wg.Wait()
	status := http.StatusOK
	for _, r := range res {
		if r.Status != "ok" {
			status = http.StatusServiceUnavailable
		}
	}
	c.JSON(status, gin.H{"ready": status == http.StatusOK, "checks": res})
}

func (s *Server) metricsHandler(c *gin.Context) {
	c.Header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	c.Status(http.StatusOK)
	s.metrics.write(c.Writer)
}

// AddGauge registers a gauge: f returns the current value, read at scrape
// time (catalogue size, index lag, …).
func (s *Server) AddGauge(name, help string, f func(ctx context.Context) (float64, error)) {
	s.metrics.addGauge(func(w io.Writer) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		v, err := f(ctx)
		if err != nil {
			return
		}
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s gauge\n%s %s\n", name, help, name, name, fmtFloat(v))
	})
}

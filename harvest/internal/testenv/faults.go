package testenv

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

// Fault breaks one response of a source server.
type Fault struct {
	Name string
	// At is the 1-based number of the request that is broken.
	At int
	// Config is merged into the source's config for this fault (limits).
	Config string
	// Want is a substring of the job's English error.
	Want  string
	apply func(w http.ResponseWriter, r *http.Request, next http.Handler)
}

// Faults every source must survive: the job fails with a clear message,
// writes nothing and withdraws nothing. Paging faults (At 2) need a source
// whose listing takes at least two requests.
func Faults(paged bool) []Fault {
	fs := []Fault{
		{Name: "html instead of data", At: 1, Want: "HTML", apply: func(w http.ResponseWriter, r *http.Request, _ http.Handler) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte("<!DOCTYPE html><html><head><title>Wartungsarbeiten</title></head><body><p>Das Portal ist gleich wieder da.</p></body></html>"))
		}},
		{Name: "truncated payload", At: 1, Want: "", apply: func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			b := rec.Body.Bytes()
			w.Write(b[:len(b)/2])
		}},
		{Name: "malformed payload", At: 1, Want: "", apply: func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.Write(bytes.ReplaceAll(rec.Body.Bytes(), []byte(`"`), []byte(`<`)))
		}},
		{Name: "slow source", At: 1, Config: `"request_timeout":0.3`, Want: "timeout", apply: func(w http.ResponseWriter, r *http.Request, _ http.Handler) {
			select {
			case <-r.Context().Done():
			case <-time.After(3 * time.Second):
			}
		}},
		{Name: "huge response", At: 1, Config: `"max_response_bytes":1500000`, Want: "larger than 1500000", apply: func(w http.ResponseWriter, r *http.Request, _ http.Handler) {
			chunk := []byte(strings.Repeat(" ", 32<<10))
			for range 64 {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}},
		{Name: "server error", At: 1, Want: "500", apply: func(w http.ResponseWriter, r *http.Request, _ http.Handler) {
			http.Error(w, "Internal Server Error", http.StatusInternalServerError)
		}},
	}
	if paged {
		fs = append(fs, Fault{Name: "500 in the middle of paging", At: 2, Want: "500", apply: func(w http.ResponseWriter, r *http.Request, _ http.Handler) {
			http.Error(w, "Internal Server Error", http.StatusInternalServerError)
		}})
	}
	return fs
}

// Switch serves next, or the fault when armed.
type Switch struct {
	Next  http.Handler
	mu    sync.Mutex
	fault *Fault
	n     int
}

// Arm breaks request number f.At from now on (counting anew).
func (s *Switch) Arm(f *Fault) {
	s.mu.Lock()
	s.fault, s.n = f, 0
	s.mu.Unlock()
}

func (s *Switch) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.n++
	f, n := s.fault, s.n
	s.mu.Unlock()
	if f != nil && n == f.At {
		f.apply(w, r, s.Next)
		return
	}
	s.Next.ServeHTTP(w, r)
}

// RunFaults harvests the source once cleanly (with withdraw "delete"),
// then once per fault, and checks that every faulty run fails with a
// message in both languages, writes nothing and withdraws nothing.
// config is the source's JSON config without braces (may be empty).
func RunFaults(t *testing.T, kinds harvest.Kinds, kind string, next http.Handler, path, config string, paged bool) {
	for _, f := range Faults(paged) {
		t.Run(f.Name, func(t *testing.T) {
			sw := &Switch{Next: next}
			srv := httptest.NewServer(sw)
			defer srv.Close()
			e := New(t, kinds)
			cfg := `"withdraw":"delete"`
			for _, extra := range []string{config, f.Config} {
				if extra != "" {
					cfg += "," + extra
				}
			}
			src := e.AddSource(t, "quelle", kind, srv.URL+path, "{"+cfg+"}")
			first := e.Run(t, src.Name)
			if first.State != harvest.JobDone || first.Counts.Created == 0 {
				LogReport(t, e.Report(t, first.ID))
				t.Fatalf("clean run: state %s, created %d", first.State, first.Counts.Created)
			}
			before := e.LastSeq(t)
			sw.Arm(&f)
			j := e.Run(t, src.Name)
			if j.State != harvest.JobFailed || j.Error == nil || j.Complete {
				LogReport(t, e.Report(t, j.ID))
				t.Fatalf("faulty run: state %s complete %v error %v, want failed", j.State, j.Complete, j.Error)
			}
			if j.Error.DE == "" || j.Error.EN == "" || f.Want != "" && !strings.Contains(j.Error.EN, f.Want) {
				t.Errorf("error %+v, want both languages and %q", j.Error, f.Want)
			}
			if after := e.LastSeq(t); after != before {
				t.Errorf("a failed run wrote %d change-log entries", after-before)
			}
			for id, d := range e.Datasets(t, src.ID) {
				if d.State != catalog.StateActive {
					t.Errorf("dataset %s is %s after a failed run", id, d.State)
				}
			}
		})
	}
}

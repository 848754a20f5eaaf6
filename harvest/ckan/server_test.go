package ckan_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/datenportal/datenportal/harvest/internal/testenv"
)

// fakeCKAN answers package_search and package_show like CKAN 2.10 over
// an editable set of package dicts.
type fakeCKAN struct {
	mu       sync.Mutex
	pkgs     map[string]map[string]any
	searches []string // fq of each package_search, for assertions
	shows    []string
}

var modifiedFQ = regexp.MustCompile(`metadata_modified:\[(\S+) TO \*\]`)

func newFakeCKAN(t *testing.T) *fakeCKAN {
	f := &fakeCKAN{pkgs: map[string]map[string]any{}}
	var demo struct {
		Result struct {
			Results []map[string]any `json:"results"`
		} `json:"result"`
	}
	if err := json.Unmarshal(testenv.Fixture(t, "demo-ckan-package_search-rows3.json"), &demo); err != nil {
		t.Fatal(err)
	}
	for _, p := range demo.Result.Results {
		f.put(p)
	}
	var show struct {
		Result map[string]any `json:"result"`
	}
	if err := json.Unmarshal(testenv.Fixture(t, "govdata-package_show-rlp-geologie.json"), &show); err != nil {
		t.Fatal(err)
	}
	show.Result["type"] = "dataset"
	f.put(show.Result)
	return f
}

func (f *fakeCKAN) put(p map[string]any) {
	f.mu.Lock()
	f.pkgs[p["id"].(string)] = p
	f.mu.Unlock()
}

func (f *fakeCKAN) remove(id string) {
	f.mu.Lock()
	delete(f.pkgs, id)
	f.mu.Unlock()
}

func (f *fakeCKAN) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	q := r.URL.Query()
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	switch r.URL.Path {
	case "/api/3/action/package_search":
		f.searches = append(f.searches, q.Get("fq"))
		if q.Get("sort") != "id asc" {
			http.Error(w, "unexpected sort", 400)
			return
		}
		var since time.Time
		if m := modifiedFQ.FindStringSubmatch(q.Get("fq")); m != nil {
			since, _ = time.Parse(time.RFC3339, m[1])
		}
		var ids []string
		for id, p := range f.pkgs {
			mod, _ := time.Parse("2006-01-02T15:04:05.999999", p["metadata_modified"].(string))
			if mod.Before(since) {
				continue
			}
			ids = append(ids, id)
		}
		sort.Strings(ids)
		start, _ := strconv.Atoi(q.Get("start"))
		rows, _ := strconv.Atoi(q.Get("rows"))
		results := []any{}
		for i := start; i < len(ids) && i < start+rows; i++ {
			p := f.pkgs[ids[i]]
			if q.Get("fl") != "" {
				results = append(results, map[string]any{"id": p["id"], "metadata_modified": p["metadata_modified"]})
			} else {
				results = append(results, p)
			}
		}
		json.NewEncoder(w).Encode(map[string]any{"help": "x", "success": true,
			"result": map[string]any{"count": len(ids), "sort": "id asc", "results": results}})
	case "/api/3/action/package_show":
		f.shows = append(f.shows, q.Get("id"))
		p, ok := f.pkgs[q.Get("id")]
		if !ok {
			w.WriteHeader(404)
			json.NewEncoder(w).Encode(map[string]any{"success": false, "error": map[string]any{"__type": "Not Found Error", "message": "Not found"}})
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"success": true, "result": p})
	default:
		http.NotFound(w, r)
	}
}

// stuck serves every package_search as if start were 0.
func stuck(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		q.Set("start", "0")
		r.URL.RawQuery = q.Encode()
		next.ServeHTTP(w, r)
	})
}

// capped serves at most max rows per page, like a portal with a low
// ckan.search.rows_max.
func capped(next http.Handler, max int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if n, _ := strconv.Atoi(q.Get("rows")); n > max {
			q.Set("rows", strconv.Itoa(max))
			r.URL.RawQuery = q.Encode()
		}
		next.ServeHTTP(w, r)
	})
}

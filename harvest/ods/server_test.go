package ods_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"sync"
	"testing"

	"github.com/datenportal/datenportal/harvest/internal/testenv"
)

// fakeODS answers /catalog/datasets (limit, offset, order_by, where on
// metadata_processed or dataset_uid) and /catalog/exports/json.
type fakeODS struct {
	mu       sync.Mutex
	datasets map[string]map[string]any // by dataset_uid
	total    int                       // >0: pretend this total_count
	paths    []string
}

var (
	sinceRE = regexp.MustCompile(`metadata_processed >= date'([0-9-]+)'`)
	uidRE   = regexp.MustCompile(`dataset_uid='([^']+)'`)
)

func newFakeODS(t *testing.T, clones int) *fakeODS {
	f := &fakeODS{datasets: map[string]map[string]any{}}
	var page struct {
		Results []map[string]any `json:"results"`
	}
	if err := json.Unmarshal(testenv.Fixture(t, "ods-explore-v2.1-catalog-datasets-example.json"), &page); err != nil {
		t.Fatal(err)
	}
	for _, d := range page.Results {
		f.put(d)
	}
	for i := range clones {
		b, _ := json.Marshal(page.Results[1])
		var c map[string]any
		json.Unmarshal(b, &c)
		c["dataset_uid"], c["dataset_id"] = fmt.Sprintf("da_k%04d", i), fmt.Sprintf("klon-%04d", i)
		c["metas"].(map[string]any)["default"].(map[string]any)["title"] = fmt.Sprintf("Einwohner Stadtteil %d", i)
		f.put(c)
	}
	return f
}

func (f *fakeODS) put(d map[string]any) {
	f.mu.Lock()
	f.datasets[d["dataset_uid"].(string)] = d
	f.mu.Unlock()
}

func processed(d map[string]any) string {
	return d["metas"].(map[string]any)["default"].(map[string]any)["metadata_processed"].(string)
}

func (f *fakeODS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.paths = append(f.paths, r.URL.Path)
	q := r.URL.Query()
	var list []map[string]any
	where := q.Get("where")
	for _, d := range f.datasets {
		if m := sinceRE.FindStringSubmatch(where); m != nil && processed(d)[:10] < m[1] {
			continue
		}
		if m := uidRE.FindStringSubmatch(where); m != nil && d["dataset_uid"] != m[1] {
			continue
		}
		list = append(list, d)
	}
	sort.Slice(list, func(i, j int) bool { return list[i]["dataset_id"].(string) < list[j]["dataset_id"].(string) })
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	switch r.URL.Path {
	case "/api/explore/v2.1/catalog/datasets":
		limit, _ := strconv.Atoi(q.Get("limit"))
		offset, _ := strconv.Atoi(q.Get("offset"))
		if q.Get("order_by") != "dataset_id" || limit > 100 || offset+limit > 10000 {
			http.Error(w, `{"error":"bad paging"}`, 400)
			return
		}
		total := len(list)
		if f.total > 0 {
			total = f.total
		}
		page := []map[string]any{}
		for i := offset; i < len(list) && i < offset+limit; i++ {
			page = append(page, list[i])
		}
		json.NewEncoder(w).Encode(map[string]any{"total_count": total, "results": page})
	case "/api/explore/v2.1/catalog/exports/json":
		if q.Get("select") != "" {
			var ids []map[string]any
			for _, d := range list {
				ids = append(ids, map[string]any{"dataset_uid": d["dataset_uid"], "dataset_id": d["dataset_id"]})
			}
			json.NewEncoder(w).Encode(ids)
			return
		}
		json.NewEncoder(w).Encode(list)
	default:
		http.NotFound(w, r)
	}
}

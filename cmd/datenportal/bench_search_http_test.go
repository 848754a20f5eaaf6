package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/ckanapi"
	"github.com/datenportal/datenportal/catalog/server"
	"github.com/datenportal/datenportal/search"
	"github.com/datenportal/datenportal/search/gen"
)

// TestSearchHTTPBenchmark measures package_search over real HTTP on the
// whole stack (SQLite, local files, Bleve index, gin engine, CKAN layer)
// against the plain Bleve request for the same question on the same open
// index, for BENCHMARKS.md. search/bench_test.go times Index.Search in
// process; this adds what a client pays on top: parameter parsing, the
// actor, loading the hits from the store and rendering CKAN JSON.
//
//	DATENPORTAL_BENCH_SEARCH_DATASETS=100000 go test ./cmd/datenportal \
//	    -run TestSearchHTTPBenchmark -v -timeout 60m
//
// DATENPORTAL_BENCH_SEARCH_ROUNDS (default 100) is the number of requests
// per case, DATENPORTAL_BENCH_MIX (default 2000) the length of the stream,
// DATENPORTAL_BENCH_SEARCH_DIR keeps the loaded data directory for the
// next run (loading is then not measured).
func TestSearchHTTPBenchmark(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("DATENPORTAL_BENCH_SEARCH_DATASETS"))
	if n <= 0 {
		t.Skip("benchmark: set DATENPORTAL_BENCH_SEARCH_DATASETS=100000")
	}
	rounds := envInt("DATENPORTAL_BENCH_SEARCH_ROUNDS", 100)
	t.Logf("load before: %s", loadavg())
	dir, keep := os.LookupEnv("DATENPORTAL_BENCH_SEARCH_DIR")
	if !keep {
		dir = t.TempDir()
	}
	// Same seed and organisation count as search/bench_test.go, so that
	// hit counts can be compared with the in-process tables.
	g := gen.New(1, 300)
	benchLoad(t, dir, g, n)
	t.Logf("peak RSS while loading and indexing: %.0f MB", hwmMB())
	resetHWM(t)

	// Cold: every request runs its query, as BenchmarkSearch measures.
	st := openBenchStack(t, dir, search.Options{NoResultCache: true, NoPageCursors: true})
	org := g.Organizations()[0].Name
	t.Logf("%-16s %8s %8s %8s %8s %8s %7s %s", "case", "p50 ms", "p99 ms", "raw p50", "raw p99", "ratio", "hits", "raw hits / KB")
	// Pooled over the cases, drawn alike: the "p50 for the mix",
	// as search/bench_test.go's mix_pooled.
	var pooled, pooledRaw []time.Duration
	for _, bc := range httpCases {
		ours, raw := runHTTPCase(t, st, bc, org, rounds)
		pooled, pooledRaw = append(pooled, ours...), append(pooledRaw, raw...)
	}
	p50, p99 := pctl(pooled)
	r50, r99 := pctl(pooledRaw)
	t.Logf("%-16s %8.1f %8.1f %8.1f %8.1f %8.2f", "mix_pooled", ms(p50), ms(p99), ms(r50), ms(r99), float64(p50)/float64(max(r50, 1)))
	stream := httpMixStream(t, st, g, mixLen())
	replayHTTP(t, st, stream, "cold")
	st.close()

	// Warm: the defaults of serve, cache and cursors starting empty.
	st = openBenchStack(t, dir, search.Options{})
	replayHTTP(t, st, stream, "warm")
	st.close()
	t.Logf("peak RSS while serving: %.0f MB", hwmMB())
	t.Logf("index %.0f MB, database %.0f MB", float64(treeSize(filepath.Join(dir, "index")))/(1<<20),
		float64(treeSize(filepath.Join(dir, dbFile)))/(1<<20))
	t.Logf("load after: %s", loadavg())
}

// benchLoad fills dir's store with n generated datasets and builds the
// index with `datenportal reindex`'s code, unless a kept directory holds
// them already. The store is written directly: the generator's states,
// dates and ids are kept (the service would stamp every dataset "now"),
// and it is the same catalogue the in-process benchmark indexes.
func benchLoad(t *testing.T, dir string, g *gen.Generator, n int) {
	a := openBenchApp(t, dir, appOptions{})
	defer a.Close()
	ctx := context.Background()
	have, err := a.store.CountDatasets(ctx, catalog.DatasetFilter{States: []string{catalog.StateActive, catalog.StateDraft, catalog.StateDeleted},
		Visibility: catalog.Visibility{AllPrivate: true}})
	if err != nil {
		t.Fatal(err)
	}
	if have == n {
		t.Logf("reusing %d datasets in %s", n, dir)
		return
	}
	if have != 0 {
		t.Fatalf("%s holds %d datasets, want 0 or %d", dir, have, n)
	}
	start := time.Now()
	for _, o := range g.Organizations() {
		if err := a.store.CreateOrganization(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	err = g.Each(n, func(d *catalog.Dataset) error {
		_, err := a.store.CreateDataset(ctx, d)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	load := time.Since(start)
	t.Logf("loaded %d datasets into SQLite in %s (%.0f datasets/s)", n, load.Round(time.Second), float64(n)/load.Seconds())
	start = time.Now()
	if err := search.Reindex(ctx, filepath.Join(dir, "index"), a.store, search.Options{}); err != nil {
		t.Fatal(err)
	}
	build := time.Since(start)
	// The size is logged at the end: the segments merged away are only
	// deleted once the index is opened again, and would count twice here.
	t.Logf("reindex %s (%.0f docs/s, merged into one segment)", build.Round(time.Second), float64(n)/build.Seconds())
}

// benchStack is the serving process: the app with its index and the real
// gin engine behind a loopback listener.
type benchStack struct {
	a      *app
	srv    *httptest.Server
	client *http.Client
	stop   context.CancelFunc
}

func openBenchStack(t *testing.T, dir string, opts search.Options) *benchStack {
	t.Helper()
	a := openBenchApp(t, dir, appOptions{withIndex: true, search: opts})
	ctx, stop := context.WithCancel(context.Background())
	if err := a.indexer.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	go a.indexer.Run(ctx)
	m := &Main{Stderr: io.Discard}
	h, portal, err := m.handlers(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	s := server.New(server.Config{BaseURL: a.cfg.BaseURL, Logger: a.log,
		Auth: portal.WithSession(ckanapi.AuthMiddleware(a.svc))}, a.svc, h)
	srv := httptest.NewServer(s.Handler())
	// One connection is kept alive, as a client of the API would.
	return &benchStack{a: a, srv: srv, client: srv.Client(), stop: stop}
}

func (s *benchStack) close() {
	s.srv.Close()
	s.stop()
	s.a.Close()
}

func openBenchApp(t *testing.T, dir string, opt appOptions) *app {
	t.Helper()
	env := map[string]string{"DATENPORTAL_DATA_DIR": dir, "DATENPORTAL_BASE_URL": "http://127.0.0.1"}
	m := &Main{Stderr: io.Discard, Getenv: func(k string) string { return env[k] }}
	cfg, fs, err := m.commandConfig("bench", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	if err := cfg.finish(); err != nil {
		t.Fatal(err)
	}
	a, err := openApp(context.Background(), cfg, slog.New(slog.DiscardHandler), opt)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// httpCase is one request of the query mix: its CKAN parameters and the
// plain Bleve request of search/bench_test.go's benchCases, rebuilt here
// with the index's field names because those are the package's own.
type httpCase struct {
	name string
	p    url.Values
	raw  func(org string) *bleve.SearchRequest
}

const (
	fAll       = "_all"
	fSortMod   = "sort_modified"
	fTagsFacet = "facet_tags"
)

var scoreSort = []string{"-_score", "-" + fSortMod, "_id"}

func ckanParams(q string, rows, start int, sort string, facets []string, fq ...string) url.Values {
	v := url.Values{"q": {q}, "rows": {strconv.Itoa(rows)}}
	if start > 0 {
		v.Set("start", strconv.Itoa(start))
	}
	if sort != "" {
		v.Set("sort", sort)
	}
	if len(facets) > 0 {
		b, _ := json.Marshal(facets)
		v.Set("facet.field", string(b))
	}
	// One filter goes in fq; several in fq_list, so that each stays a
	// filter of its own as in the SearchQuery of the in-process cases.
	switch len(fq) {
	case 0:
	case 1:
		v.Set("fq", fq[0])
	default:
		b, _ := json.Marshal(fq)
		v.Set("fq_list", string(b))
	}
	return v
}

func rawMatch(text string) query.Query {
	q := query.NewMatchQuery(text)
	q.SetField(fAll)
	q.Analyzer = de.AnalyzerName
	return q
}

func rawTerm(field, term string) query.Query {
	q := query.NewTermQuery(term)
	q.SetField(field)
	return q
}

func rawRequest(q query.Query, size, from int, sortBy []string, filters ...query.Query) *bleve.SearchRequest {
	public := query.NewConjunctionQuery([]query.Query{rawTerm("state", "active"), rawTerm("capacity", "public")})
	bq := query.NewBooleanQuery([]query.Query{q}, nil, nil)
	bq.AddFilter(query.NewConjunctionQuery(append(filters, public)))
	req := bleve.NewSearchRequestOptions(bq, size, from, false)
	req.SortBy(sortBy)
	return req
}

var threeFacets = []string{"organization", "res_format", "tags"}

var httpCases = []httpCase{
	{"selective_term", ckanParams("Solarpotenzialkataster", 10, 0, "", nil),
		func(string) *bleve.SearchRequest {
			return rawRequest(rawMatch("Solarpotenzialkataster"), 10, 0, scoreSort)
		}},
	{"broad_term", ckanParams("Stadt", 10, 0, "", nil),
		func(string) *bleve.SearchRequest { return rawRequest(rawMatch("Stadt"), 10, 0, scoreSort) }},
	{"two_terms", ckanParams("Haushalt 2024", 10, 0, "", nil),
		func(string) *bleve.SearchRequest {
			q := query.NewMatchQuery("Haushalt 2024")
			q.SetField(fAll)
			q.SetOperator(query.MatchQueryOperatorAnd)
			return rawRequest(q, 10, 0, scoreSort)
		}},
	{"phrase", ckanParams(`"Wahlergebnisse Bundestagswahl"`, 10, 0, "", nil),
		func(string) *bleve.SearchRequest {
			q := query.NewMatchPhraseQuery("Wahlergebnisse Bundestagswahl")
			q.SetField(fAll)
			q.Analyzer = de.AnalyzerName
			return rawRequest(q, 10, 0, scoreSort)
		}},
	{"facets_3", ckanParams("*:*", 10, 0, "", threeFacets),
		func(string) *bleve.SearchRequest {
			req := rawRequest(query.NewMatchAllQuery(), 10, 0, scoreSort)
			for _, f := range []string{"organization", "res_format", fTagsFacet} {
				req.AddFacet(f, bleve.NewFacetRequest(f, 51))
			}
			return req
		}},
	{"fq_filters", ckanParams("*:*", 100, 0, "metadata_modified desc", nil,
		"organization:ORG", "res_format:CSV", "metadata_modified:[2020-01-01T00:00:00Z TO *]"),
		func(org string) *bleve.SearchRequest {
			yes := true
			dr := query.NewDateRangeInclusiveQuery(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Time{}, &yes, nil)
			dr.SetField("metadata_modified")
			return rawRequest(query.NewMatchAllQuery(), 100, 0, []string{"-" + fSortMod, "_id"},
				rawTerm("organization", org), rawTerm("res_format", "CSV"), dr)
		}},
	{"deep_paging", ckanParams("*:*", 100, 50000, "id asc", nil),
		func(string) *bleve.SearchRequest {
			return rawRequest(query.NewMatchAllQuery(), 100, 50000, []string{"_id"})
		}},
}

// runHTTPCase alternates our request over HTTP and the raw Bleve request
// in one loop, so that both see the same machine load, and returns both
// latency samples.
func runHTTPCase(t *testing.T, st *benchStack, bc httpCase, org string, rounds int) (ours, raw []time.Duration) {
	t.Helper()
	p := url.Values{}
	for k, vs := range bc.p {
		for _, v := range vs {
			p.Add(k, strings.ReplaceAll(v, "ORG", org))
		}
	}
	ctx := context.Background()
	ours, raw = make([]time.Duration, 0, rounds), make([]time.Duration, 0, rounds)
	var res searchResponse
	var rawHits uint64
	for i := range rounds + 5 { // the first five warm connection and page cache
		start := time.Now()
		res = st.get(t, p, "")
		d := time.Since(start)
		start = time.Now()
		rr, err := st.a.index.SearchBleve(ctx, bc.raw(org))
		rd := time.Since(start)
		if err != nil {
			t.Fatal(err)
		}
		rawHits = rr.Total
		if i >= 5 {
			ours, raw = append(ours, d), append(raw, rd)
		}
	}
	p50, p99 := pctl(ours)
	r50, r99 := pctl(raw)
	t.Logf("%-16s %8.1f %8.1f %8.1f %8.1f %8.2f %7d %d / %d", bc.name, ms(p50), ms(p99), ms(r50), ms(r99),
		float64(p50)/float64(max(r50, 1)), res.count, rawHits, res.bytes>>10)
	return ours, raw
}

// searchResponse is what the benchmark checks of an answer.
type searchResponse struct {
	count   int
	results int
	bytes   int
}

// get runs one package_search and reads the whole body, as a client
// must before it can use the answer.
func (s *benchStack) get(t *testing.T, p url.Values, token string) searchResponse {
	req, err := http.NewRequest(http.MethodGet, s.srv.URL+"/api/3/action/package_search?"+p.Encode(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("package_search %s: %d %s", p.Encode(), resp.StatusCode, clipBody(body))
	}
	var env struct {
		Result struct {
			Count   int               `json:"count"`
			Results []json.RawMessage `json:"results"`
		} `json:"result"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatal(err)
	}
	return searchResponse{count: env.Result.Count, results: len(env.Result.Results), bytes: len(body)}
}

func pctl(d []time.Duration) (p50, p99 time.Duration) {
	if len(d) == 0 {
		return 0, 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2], s[min(len(s)-1, len(s)*99/100)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func envInt(k string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(k)); err == nil && n > 0 {
		return n
	}
	return def
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " / ")
}

// hwmMB is this process's peak RSS since the last reset (Linux); the
// server runs in it.
func hwmMB() float64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for l := range strings.SplitSeq(string(raw), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}

// resetHWM starts the peak over at the current RSS, so that serving is
// not charged with the generator's and the loader's memory.
func resetHWM(t *testing.T) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		t.Logf("cannot reset VmHWM: %v", err)
	}
}

func treeSize(path string) int64 {
	var n int64
	filepath.Walk(path, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}

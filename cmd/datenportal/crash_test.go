package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/search"
)

// runMainEnv makes the test binary the datenportal binary: a child started
// with it set runs main with its own arguments. A crash test needs a real
// process to SIGKILL, and re-executing the already built test binary costs
// nothing, where `go build` would cost seconds and need the toolchain.
const runMainEnv = "DATENPORTAL_TEST_RUN_MAIN"

func init() {
	if os.Getenv(runMainEnv) == "1" {
		main()
		os.Exit(0)
	}
}

// serveProcess is `datenportal serve` running as a child process.
type serveProcess struct {
	cmd  *exec.Cmd
	base string
	logs *syncWriter
	buf  *bytes.Buffer
	done chan error
}

// startProcess runs serve on a free port with dataDir's stack (the
// database and bucket of testEnv, so the test also runs on PostgreSQL and
// S3) and waits until it listens. JSON logs let the test read the port.
func startProcess(t *testing.T, dataDir string) *serveProcess {
	t.Helper()
	env := []string{runMainEnv + "=1", "DATENPORTAL_LOG_FORMAT=json"}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DATENPORTAL_") {
			env = append(env, kv)
		}
	}
	get := testEnv(t, dataDir)
	for _, k := range []string{"DATENPORTAL_DATA_DIR", "DATENPORTAL_DATABASE_URL", "DATENPORTAL_STORAGE_URL",
		"DATENPORTAL_S3_ACCESS_KEY", "DATENPORTAL_S3_SECRET_KEY"} {
		if v := get(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	cmd := exec.Command(os.Args[0], "serve", "--addr", "127.0.0.1:0")
	cmd.Env = env
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serveProcess{cmd: cmd, buf: &bytes.Buffer{}, done: make(chan error, 1)}
	p.logs = &syncWriter{w: p.buf}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Bytes()
			p.logs.Write(line)
			p.logs.Write([]byte{'\n'})
			var rec struct{ Msg, Addr string }
			if json.Unmarshal(line, &rec) == nil && rec.Msg == "Datenportal listening" {
				addr <- rec.Addr
			}
		}
		p.done <- cmd.Wait()
	}()
	t.Cleanup(func() { p.kill() })
	select {
	case a := <-addr:
		p.base = "http://" + a
		return p
	case err := <-p.done:
		p.done <- err
		t.Fatalf("serve exited before listening: %v\n%s", err, p.log())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not listen within 60 s\n%s", p.log())
	}
	return nil
}

func (p *serveProcess) log() string {
	p.logs.mu.Lock()
	defer p.logs.mu.Unlock()
	return p.buf.String()
}

// kill sends SIGKILL (no shutdown code runs) and reaps the process.
func (p *serveProcess) kill() {
	_ = p.cmd.Process.Kill()
	err := <-p.done
	p.done <- err
}

// stop shuts down as an operator does (SIGTERM) and requires a clean exit.
func (p *serveProcess) stop(t *testing.T) {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		p.done <- err
		if err != nil {
			t.Errorf("serve after SIGTERM: %v\n%s", err, p.log())
		}
	case <-time.After(30 * time.Second):
		t.Errorf("serve did not stop within 30 s of SIGTERM")
		p.kill()
	}
}

// The vocabulary of the burst: few values, so facet counts collide.
var (
	crashOrgs     = []string{"stadt-nordheim", "gemeinde-suedfeld", "landkreis-ostland"}
	crashTags     = []string{"Haushalt", "Verkehr", "Umwelt", "Bildung", "Wahlen", "Gesundheit", "Bauen", "Kultur"}
	crashFormats  = []string{"CSV", "JSON", "XLSX", "PDF", "GEOJSON"}
	crashGroups   = []string{"envi", "tran", "educ", "gove", "heal"}
	crashLicenses = []string{"dl-by-de/2.0", "dl-zero-de/2.0", "cc-by/4.0"}
	facetFields   = []string{"organization", "tags", "res_format", "groups", "license_id"}
)

// pickSome returns 1..most distinct elements of from.
func pickSome(r *rand.Rand, from []string, most int) []string {
	p := r.Perm(len(from))[:1+r.IntN(most)]
	out := make([]string, len(p))
	for i, j := range p {
		out[i] = from[j]
	}
	return out
}

// crashPackage is a package dict for package_create or the fields of a
// package_patch: all resources share one licence, so that CKAN's single
// license_id of package_show is what the license_id facet counts.
func crashPackage(r *rand.Rand) map[string]any {
	var tags, groups []map[string]string
	for _, s := range pickSome(r, crashTags, 3) {
		tags = append(tags, map[string]string{"name": s})
	}
	for _, s := range pickSome(r, crashGroups, 2) {
		groups = append(groups, map[string]string{"name": s})
	}
	lic := "http://dcat-ap.de/def/licenses/" + crashLicenses[r.IntN(len(crashLicenses))]
	var res []map[string]any
	for i, f := range pickSome(r, crashFormats, 2) {
		res = append(res, map[string]any{"url": fmt.Sprintf("https://nordheim.example/daten/%d.%s", i, strings.ToLower(f)),
			"format": f, "license": lic, "name": "Daten (" + f + ")"})
	}
	return map[string]any{
		"title": fmt.Sprintf("Messreihe %d", r.IntN(1_000_000)), "notes": "Werte der Messstellen im Gemeindegebiet.",
		"tags": tags, "groups": groups, "resources": res, "private": r.IntN(10) == 0,
	}
}

// TestCrashDuringWrites proves the "Search" requirement: kill -9 the
// server during a burst of writes; after the restart the search results
// equal the store. Five times, at different moments of the burst, six
// clients create, patch and delete datasets over the CKAN API while the
// process is SIGKILLed; after each restart
//   - package_search q=*:* (every page) finds exactly the ids of
//     package_list and of the store's public active datasets, and
//   - the organization, tags, res_format, groups and license_id facet
//     counts equal the counts computed from package_show of every dataset.
//
// The server is a real child process (the test binary re-executed as the
// datenportal binary), on the stack testenv selects.
func TestCrashDuringWrites(t *testing.T) {
	dir := t.TempDir()
	run(t, dir, "", "migrate")
	run(t, dir, "", "admin", "create-user", "--name", "kira", "--email", "kira@nordheim.example")
	for _, o := range crashOrgs {
		run(t, dir, "", "admin", "create-org", "--name", o, "--title", "Verwaltung "+o,
			"--contributor-id", "http://dcat-ap.de/def/contributors/"+o)
		run(t, dir, "", "admin", "add-member", "--org", o, "--user", "kira", "--role", "editor")
	}
	token := strings.TrimSpace(run(t, dir, "", "admin", "create-token", "--user", "kira"))

	// Moments of the kill after the burst starts, from the first index
	// batches to late in a burst with hundreds of changes to re-apply.
	killAfter := []time.Duration{100 * time.Millisecond, 300 * time.Millisecond, 600 * time.Millisecond,
		1000 * time.Millisecond, 1500 * time.Millisecond}
	if testing.Short() {
		t.Log("-short: two kills instead of five")
		killAfter = []time.Duration{300 * time.Millisecond, 1000 * time.Millisecond}
	}
	for round, after := range killAfter {
		p := startProcess(t, dir)
		if round > 0 {
			checkSearchEqualsStore(t, p.base, dir, fmt.Sprintf("after kill %d", round))
		}
		n := burst(t, p, token, round, after)
		t.Logf("kill %d: SIGKILL %v into the burst, after %d answered writes; %s", round+1, after, n, indexLag(t, dir))
	}
	p := startProcess(t, dir)
	checkSearchEqualsStore(t, p.base, dir, fmt.Sprintf("after kill %d", len(killAfter)))
	p.stop(t)
}

// burst runs six writers against p and SIGKILLs p d after the first six
// writes were answered (so that a slow machine, or -race, still kills a
// running burst). It returns the number of writes answered before the
// kill. Any answer but success before the kill fails the test: the
// clients only touch their own datasets, so nothing may conflict.
func burst(t *testing.T, p *serveProcess, token string, round int, d time.Duration) int64 {
	t.Helper()
	var killed atomic.Bool
	var writes atomic.Int64
	const warmUp = 6
	running := make(chan struct{})
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 20 * time.Second}
	for w := range 6 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(round), uint64(w)))
			var mine []string
			for i := 0; ; i++ {
				action, body := "package_create", crashPackage(r)
				switch x := r.IntN(10); {
				case x < 3 && len(mine) > 0:
					action = "package_patch"
					body["id"] = mine[r.IntN(len(mine))]
				case x < 5 && len(mine) > 0:
					k := r.IntN(len(mine))
					action, body = "package_delete", map[string]any{"id": mine[k]}
					mine = slices.Delete(mine, k, k+1)
				default:
					body["name"] = fmt.Sprintf("messreihe-r%d-w%d-%d", round, w, i)
					body["owner_org"] = crashOrgs[r.IntN(len(crashOrgs))]
				}
				status, env, err := postAction(client, p.base, token, action, body)
				if err != nil || killed.Load() {
					if !killed.Load() {
						t.Errorf("%s before the kill: %v", action, err)
					}
					return
				}
				if status != http.StatusOK || env["success"] != true {
					t.Errorf("%s before the kill: %d %v", action, status, env)
					return
				}
				if writes.Add(1) == warmUp {
					close(running)
				}
				if action == "package_create" {
					mine = append(mine, env["result"].(map[string]any)["id"].(string))
				}
			}
		})
	}
	select {
	case <-running:
		time.Sleep(d)
	case <-time.After(30 * time.Second):
		t.Errorf("fewer than %d writes answered within 30 s", warmUp)
	}
	killed.Store(true)
	p.kill()
	wg.Wait()
	return writes.Load()
}

// indexLag tells how far the killed server's index was behind the store,
// which is what the restart must catch up (0 means the kill only tested
// that nothing committed is lost).
func indexLag(t *testing.T, dataDir string) string {
	t.Helper()
	ix, err := search.Open(filepath.Join(dataDir, "index"), search.Options{})
	if err != nil {
		t.Fatalf("opening the index a SIGKILLed server left: %v", err)
	}
	seq, err := ix.Seq()
	ix.Close()
	if err != nil {
		t.Fatalf("reading the index's sequence: %v", err)
	}
	a := openTestApp(t, dataDir)
	last, err := a.store.LastSeq(context.Background())
	a.Close()
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("the index was %d changes behind the store (%d of %d)", last-seq, seq, last)
}

// postAction calls a CKAN action with a JSON body; unlike call it returns
// transport errors, which are expected once the server is killed.
func postAction(c *http.Client, base, token, action string, body any) (int, map[string]any, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return 0, nil, err
	}
	req, err := http.NewRequest(http.MethodPost, base+"/api/3/action/"+action, bytes.NewReader(b))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, err
	}
	var env map[string]any
	if err := json.Unmarshal(raw, &env); err != nil {
		return resp.StatusCode, nil, fmt.Errorf("status %d, not JSON: %s", resp.StatusCode, clipBody(raw))
	}
	return resp.StatusCode, env, nil
}

// actionResult calls action (anonymously) and returns its result; anything but
// success fails the test.
func actionResult(t *testing.T, base, action string, body any) any {
	t.Helper()
	status, env, err := postAction(http.DefaultClient, base, "", action, body)
	if err != nil || status != http.StatusOK || env["success"] != true {
		t.Fatalf("%s %v: %d %v %v", action, body, status, env, err)
	}
	return env["result"]
}

// checkSearchEqualsStore compares what search says with what the store
// says, as an anonymous client sees both.
func checkSearchEqualsStore(t *testing.T, base, dataDir, when string) {
	t.Helper()
	// Search, every page of 1000 (CKAN's maximum), in id order so pages
	// are stable.
	searched := map[string]string{} // id → name
	count := -1
	for start := 0; count < 0 || start < count; start += 1000 {
		res := actionResult(t, base, "package_search", map[string]any{"q": "*:*", "rows": 1000, "start": start,
			"sort": "id asc", "fl": "id name", "facet": "false"}).(map[string]any)
		count = int(res["count"].(float64))
		rows := res["results"].([]any)
		if len(rows) == 0 && start < count {
			t.Fatalf("%s: package_search start=%d returned no rows of %d", when, start, count)
		}
		for _, x := range rows {
			m := x.(map[string]any)
			id, name := m["id"].(string), m["name"].(string)
			if _, dup := searched[id]; dup {
				t.Errorf("%s: package_search returns %s twice", when, id)
			}
			searched[id] = name
		}
	}
	if len(searched) != count {
		t.Errorf("%s: package_search count %d, but %d distinct ids over all pages", when, count, len(searched))
	}

	// package_list, and the store itself.
	listed := map[string]bool{}
	for _, n := range actionResult(t, base, "package_list", map[string]any{}).([]any) {
		listed[n.(string)] = true
	}
	a := openTestApp(t, dataDir)
	stored := map[string]string{}
	err := a.svc.EachDataset(context.Background(), catalog.ListFilter{}, func(d *catalog.Dataset) error {
		stored[d.ID] = d.Name
		return nil
	})
	a.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) == 0 {
		t.Fatalf("%s: the store has no public dataset; the burst wrote nothing", when)
	}
	searchedNames := map[string]bool{}
	for _, n := range searched {
		searchedNames[n] = true
	}
	if !sameSet(searchedNames, listed) {
		t.Errorf("%s: package_search finds %d datasets, package_list lists %d; differences: %v",
			when, len(searchedNames), len(listed), setDiff(searchedNames, listed))
	}
	storedIDs, searchedIDs := keySet(stored), keySet(searched)
	if !sameSet(searchedIDs, storedIDs) {
		t.Errorf("%s: package_search finds %d ids, the store has %d public active datasets; differences: %v",
			when, len(searchedIDs), len(storedIDs), setDiff(searchedIDs, storedIDs))
	}

	// Facets from the index against counts from package_show.
	res := actionResult(t, base, "package_search", map[string]any{"q": "*:*", "rows": 0,
		"facet.field": facetFields, "facet.limit": -1}).(map[string]any)
	got := map[string]map[string]int{}
	for _, f := range facetFields {
		got[f] = map[string]int{}
		for v, n := range res["facets"].(map[string]any)[f].(map[string]any) {
			got[f][v] = int(n.(float64))
		}
	}
	want := facetsFromShow(t, base, slices.Sorted(maps.Keys(listed)))
	for _, f := range facetFields {
		if !equalCounts(got[f], want[f]) {
			t.Errorf("%s: facet %s from the index %v, from package_show %v", when, f, got[f], want[f])
		}
	}
	t.Logf("%s: %d public datasets in the store, %d found by search", when, len(stored), len(searched))
}

// facetsFromShow counts facet values over package_show of every name,
// each value once per dataset as Solr and Bleve count documents.
func facetsFromShow(t *testing.T, base string, names []string) map[string]map[string]int {
	t.Helper()
	out := map[string]map[string]int{}
	for _, f := range facetFields {
		out[f] = map[string]int{}
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, len(names))
	jobs := make(chan string)
	for range 4 {
		wg.Go(func() {
			for name := range jobs {
				status, env, err := postAction(http.DefaultClient, base, "", "package_show", map[string]any{"id": name})
				if err == nil && (status != http.StatusOK || env["success"] != true) {
					err = fmt.Errorf("package_show %s: %d %v", name, status, env)
				}
				if err != nil {
					errs <- err
					continue
				}
				vals := facetValues(env["result"].(map[string]any))
				mu.Lock()
				for f, vs := range vals {
					for v := range vs {
						out[f][v]++
					}
				}
				mu.Unlock()
			}
		})
	}
	for _, n := range names {
		jobs <- n
	}
	close(jobs)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	return out
}

// facetValues are a package dict's values for each facet field, as a
// CKAN client reads them.
func facetValues(pd map[string]any) map[string]map[string]bool {
	v := map[string]map[string]bool{}
	for _, f := range facetFields {
		v[f] = map[string]bool{}
	}
	if o, ok := pd["organization"].(map[string]any); ok {
		v["organization"][o["name"].(string)] = true
	}
	if l, ok := pd["license_id"].(string); ok && l != "" {
		v["license_id"][l] = true
	}
	for _, x := range dictList(pd["tags"]) {
		v["tags"][x["name"].(string)] = true
	}
	for _, x := range dictList(pd["groups"]) {
		v["groups"][x["name"].(string)] = true
	}
	for _, x := range dictList(pd["resources"]) {
		// The index folds formats to upper case (search/fields.go), so
		// "csv" and "CSV" count as one and fq=res_format:GeoJSON still
		// matches; the facet names GEOJSON where package_show says GeoJSON.
		if f, _ := x["format"].(string); f != "" {
			v["res_format"][strings.ToUpper(f)] = true
		}
	}
	return v
}

func dictList(x any) []map[string]any {
	xs, _ := x.([]any)
	out := make([]map[string]any, 0, len(xs))
	for _, e := range xs {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func keySet[V any](m map[string]V) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, n := range a {
		if b[k] != n {
			return false
		}
	}
	return true
}

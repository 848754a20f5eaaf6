package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/storage/testenv"
)

// instance is a running `datenportal serve` in this process.
type instance struct {
	base string
	stop func()
}

// stacks remembers each data directory's test, so that every command of
// one test talks to the same database and bucket (testenv picks SQLite +
// local files, or PostgreSQL + S3 in CI's second pass).
var stacks = map[string]map[string]string{}

func testEnv(t *testing.T, dataDir string) func(string) string {
	env, ok := stacks[dataDir]
	if !ok {
		env = testenv.Env(t)
		stacks[dataDir] = env
	}
	return func(k string) string {
		if k == "DATENPORTAL_DATA_DIR" {
			return dataDir
		}
		return env[k]
	}
}

// run executes one command like the shell would and returns its stdout.
func run(t *testing.T, dataDir string, stdin string, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: testEnv(t, dataDir)}
	if err := m.Run(context.Background(), args); err != nil {
		t.Fatalf("datenportal %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	return out.String()
}

// startServe runs serve on port 0 and waits until it listens.
func startServe(t *testing.T, dataDir string, extra ...string) *instance {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	var logs bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &syncWriter{w: &logs}, Getenv: testEnv(t, dataDir),
		Ready: func(addr string) { ready <- addr }}
	go func() { done <- m.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, extra...)) }()
	select {
	case addr := <-ready:
		inst := &instance{base: "http://" + addr}
		inst.stop = func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve returned %v", err)
			}
		}
		return inst
	case err := <-done:
		cancel()
		t.Fatalf("serve exited early: %v\n%s", err, logs.String())
	case <-time.After(60 * time.Second):
		cancel()
		t.Fatalf("serve did not start\n%s", logs.String())
	}
	return nil
}

// call performs a CKAN action and decodes the envelope.
func call(t *testing.T, base, token, action string, body any) (int, map[string]any) {
	t.Helper()
	var req *http.Request
	if body == nil {
		req, _ = http.NewRequest(http.MethodGet, base+"/api/3/action/"+action, nil)
	} else if q, ok := body.(url.Values); ok {
		req, _ = http.NewRequest(http.MethodGet, base+"/api/3/action/"+action+"?"+q.Encode(), nil)
	} else {
		b, _ := json.Marshal(body)
		req, _ = http.NewRequest(http.MethodPost, base+"/api/3/action/"+action, bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", action, err)
	}
	defer resp.Body.Close()
	var env map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		t.Fatalf("%s: decoding response: %v", action, err)
	}
	return resp.StatusCode, env
}

// TestEndToEnd drives the real commands: admin CLI creates the accounts,
// the API publishes, and the data survives a restart.
func TestEndToEnd(t *testing.T) {
	dir := t.TempDir()
	run(t, dir, "", "migrate")
	run(t, dir, "", "admin", "create-user", "--name", "anna", "--email", "anna@musterstadt.example")
	run(t, dir, "", "admin", "create-org", "--name", "stadt-teststadt", "--title", "Stadt Teststadt",
		"--contributor-id", "http://dcat-ap.de/def/contributors/stadtTeststadt")
	run(t, dir, "", "admin", "add-member", "--org", "stadt-teststadt", "--user", "anna", "--role", "editor")
	token := strings.TrimSpace(run(t, dir, "", "admin", "create-token", "--user", "anna"))
	if !strings.HasPrefix(token, "dp_") || strings.Contains(token, " ") {
		t.Fatalf("create-token printed %q, want only the token", token)
	}

	inst := startServe(t, dir)
	pkg := map[string]any{
		"name": "haushaltsplan-2026", "title": "Haushaltsplan 2026", "owner_org": "stadt-teststadt",
		"notes": "Der Haushaltsplan der Stadt Teststadt.",
		"tags":  []map[string]string{{"name": "Haushalt"}},
		"resources": []map[string]any{{"url": "https://teststadt.example/haushalt.csv", "format": "CSV",
			"license": "http://dcat-ap.de/def/licenses/dl-zero-de/2.0"}},
	}
	status, env := call(t, inst.base, token, "package_create", pkg)
	if status != http.StatusOK || env["success"] != true {
		t.Fatalf("package_create: %d %v", status, env)
	}
	id := env["result"].(map[string]any)["id"].(string)

	status, env = call(t, inst.base, "", "package_search", url.Values{"q": {"Haushalt"}})
	if status != http.StatusOK || env["result"].(map[string]any)["count"].(float64) != 1 {
		t.Fatalf("package_search after create: %d %v", status, env)
	}
	inst.stop()

	inst = startServe(t, dir)
	defer inst.stop()
	status, env = call(t, inst.base, "", "package_show", url.Values{"id": {"haushaltsplan-2026"}})
	if status != http.StatusOK || env["result"].(map[string]any)["id"] != id {
		t.Fatalf("package_show after restart: %d %v", status, env)
	}
	status, env = call(t, inst.base, "", "package_search", url.Values{"q": {"haushaltsplan"}})
	if status != http.StatusOK || env["result"].(map[string]any)["count"].(float64) != 1 {
		t.Fatalf("package_search after restart: %d %v", status, env)
	}
	// Resumable uploads are mounted (tus discovery).
	req, _ := http.NewRequest(http.MethodOptions, inst.base+"/api/upload/tus/", nil)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.Header.Get("Tus-Version") == "" {
		t.Fatalf("tus discovery: %v %v", err, resp)
	} else {
		resp.Body.Close()
	}
	for _, p := range []string{"/healthz", "/readyz", "/metrics"} {
		resp, err := http.Get(inst.base + p)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %v %v", p, err, resp)
		}
		resp.Body.Close()
	}
}

// TestDemo starts with --demo and finds the demo datasets and files.
func TestDemo(t *testing.T) {
	dir := t.TempDir()
	inst := startServe(t, dir, "--demo")
	defer inst.stop()
	status, env := call(t, inst.base, "", "package_search", url.Values{"q": {"Kita"}, "rows": {"5"}})
	if status != http.StatusOK {
		t.Fatalf("package_search: %d %v", status, env)
	}
	res := env["result"].(map[string]any)
	if res["count"].(float64) < 1 {
		t.Fatalf("demo: searching Kita found nothing: %v", res)
	}
	status, env = call(t, inst.base, "", "package_show", url.Values{"id": {"baumkataster"}})
	if status != http.StatusOK {
		t.Fatalf("package_show baumkataster: %d %v", status, env)
	}
	r := env["result"].(map[string]any)["resources"].([]any)[0].(map[string]any)
	resp, err := http.Get(r["url"].(string))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Contains(b, []byte("Winter-Linde")) {
		t.Fatalf("download %s: %d %q", r["url"], resp.StatusCode, b)
	}
	if n := len(demoDatasets()); n < 12 {
		t.Fatalf("demo has %d datasets, want at least a dozen", n)
	}
	status, env = call(t, inst.base, "", "package_list", nil)
	if got := len(env["result"].([]any)); status != http.StatusOK || got != len(demoDatasets()) {
		t.Fatalf("package_list: %d, %d names, want %d", status, got, len(demoDatasets()))
	}
}

// TestReindexWhileServing rebuilds the index with the CLI while serve runs
// and checks that search keeps answering and still finds the data.
func TestReindexWhileServing(t *testing.T) {
	dir := t.TempDir()
	inst := startServe(t, dir, "--demo")
	defer inst.stop()
	out := run(t, dir, "", "reindex")
	if !strings.Contains(out, "rebuilt") {
		t.Fatalf("reindex printed %q", out)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		status, env := call(t, inst.base, "", "package_search", url.Values{"q": {"Baumkataster"}})
		if status != http.StatusOK {
			t.Fatalf("search during reindex: %d %v", status, env)
		}
		if env["result"].(map[string]any)["count"].(float64) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after reindex the dataset is not found: %v", env)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

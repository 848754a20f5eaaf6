package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/storage/sqlite"
	"github.com/datenportal/datenportal/storage/testenv"
)

const harvestTTL = `@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://q.example.de/ds/1> a dcat:Dataset ; dct:title "Baustellen" ; dct:description "Aktuelle Baustellen" ;
  dcat:distribution [ a dcat:Distribution ; dcat:accessURL <https://q.example.de/b.csv> ; dct:license <http://dcat-ap.de/def/licenses/dl-zero-de/2.0> ] .
`

// harvestCmd runs a harvest subcommand on the test's stack (testEnv: SQLite
// by default, PostgreSQL with DATENPORTAL_TEST_STORE=postgres); both
// stores implement harvest.Store, so neither may skip.
func harvestCmd(t *testing.T, dataDir string, allowPrivate bool, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	env := testEnv(t, dataDir)
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		if k == "DATENPORTAL_HARVEST_ALLOW_PRIVATE" && allowPrivate {
			return "true"
		}
		return env(k)
	}}
	err := m.harvest(context.Background(), args)
	return out.String(), err
}

func TestHarvestCommands(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/turtle")
		w.Write([]byte(harvestTTL))
	}))
	defer srv.Close()
	dir := t.TempDir()
	run(t, dir, "", "admin", "create-org", "--name", "stadt", "--title", "Stadt Musterstadt")

	out, err := harvestCmd(t, dir, true, "add", "--name", "quelle", "--type", "dcat", "--url", srv.URL+"/catalog.ttl",
		"--org", "stadt", "--schedule", "@daily", "--config", `{"withdraw":"delete"}`)
	if err != nil || !strings.Contains(out, "added harvest source quelle") {
		t.Fatalf("add: %v %s", err, out)
	}
	if _, err := harvestCmd(t, dir, true, "add", "--name", "kaputt", "--type", "gopher", "--url", srv.URL, "--org", "stadt"); err == nil ||
		!strings.Contains(err.Error(), "unknown source kind") {
		t.Errorf("unknown kind: %v", err)
	}
	if _, err := harvestCmd(t, dir, true, "add", "--name", "kaputt", "--type", "ckan", "--url", "file:///etc/passwd", "--org", "stadt"); err == nil {
		t.Error("file URL accepted")
	}
	out, err = harvestCmd(t, dir, true, "run", "quelle")
	if err != nil || !strings.Contains(out, "neu 1") {
		t.Fatalf("run: %v\n%s", err, out)
	}
	out, err = harvestCmd(t, dir, true, "list")
	if err != nil || !strings.Contains(out, "quelle") || !strings.Contains(out, "@daily") || !strings.Contains(out, "done") {
		t.Errorf("list: %v\n%s", err, out)
	}
	out, err = harvestCmd(t, dir, true, "jobs", "quelle")
	if err != nil || strings.Count(out, "\n") != 2 {
		t.Fatalf("jobs: %v\n%s", err, out)
	}
	jobID := strings.Fields(strings.Split(out, "\n")[1])[0]
	checkStoredJob(t, dir, jobID)
	out, err = harvestCmd(t, dir, true, "report", "--lang", "en", jobID)
	if err != nil || !strings.Contains(out, "created 1") {
		t.Errorf("report: %v\n%s", err, out)
	}
	out, err = harvestCmd(t, dir, true, "report", "--json", jobID)
	if err != nil || !strings.Contains(out, `"created": 1`) {
		t.Errorf("report --json: %v\n%s", err, out)
	}
	// Without DATENPORTAL_HARVEST_ALLOW_PRIVATE the 127.0.0.1 source is
	// refused, the job fails and the command says so.
	out, err = harvestCmd(t, dir, false, "run", "quelle")
	if err == nil || !strings.Contains(out, "DATENPORTAL_HARVEST_ALLOW_PRIVATE") {
		t.Errorf("run without the allow flag: %v\n%s", err, out)
	}
}

// checkStoredJob reads the job from the store the commands used (SQLite in
// dir, or the test's PostgreSQL schema), so the test proves which stack
// it ran on: finished, lease released, one dataset created.
func checkStoredJob(t *testing.T, dir, jobID string) {
	t.Helper()
	var st harvest.Store
	if testenv.Postgres() {
		st = testenv.Store(t).(harvest.Store)
	} else {
		s, err := sqlite.Open(t.Context(), filepath.Join(dir, dbFile))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		st = s
	}
	j, err := st.Job(t.Context(), jobID)
	if err != nil || j.State != harvest.JobDone || j.LeaseOwner != "" || j.Counts.Created != 1 {
		t.Fatalf("job %s in the store (postgres: %v): %+v, %v", jobID, testenv.Postgres(), j, err)
	}
}

package main

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/storage/sqlite"
	"github.com/datenportal/datenportal/storage/testenv"
)

// Removing a source withdraws its datasets, or with --keep-datasets hands
// them to the organisation as local datasets; either way the source, its
// jobs and its schedule are gone.
func TestHarvestRemove(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/turtle")
		body := harvestTTL
		if strings.HasSuffix(r.URL.Path, "/b.ttl") {
			body = strings.ReplaceAll(strings.ReplaceAll(harvestTTL, "Baustellen", "Parkplätze"), "/ds/1", "/ds/2")
		}
		w.Write([]byte(body))
	}))
	defer srv.Close()
	dir := t.TempDir()
	run(t, dir, "", "admin", "create-org", "--name", "stadt", "--title", "Stadt Musterstadt")
	for _, src := range []string{"a", "b"} {
		if out, err := harvestCmd(t, dir, true, "add", "--name", "quelle-"+src, "--type", "dcat", "--url", srv.URL+"/"+src+".ttl",
			"--org", "stadt", "--schedule", "@daily"); err != nil {
			t.Fatalf("add %s: %v %s", src, err, out)
		}
		if out, err := harvestCmd(t, dir, true, "run", "quelle-"+src); err != nil || !strings.Contains(out, "neu 1") {
			t.Fatalf("run %s: %v\n%s", src, err, out)
		}
	}
	out, err := harvestCmd(t, dir, true, "remove", "quelle-a")
	if err != nil || !strings.Contains(out, "1 datasets withdrawn, 0 kept") {
		t.Fatalf("remove: %v %s", err, out)
	}
	out, err = harvestCmd(t, dir, true, "remove", "--keep-datasets", "quelle-b")
	if err != nil || !strings.Contains(out, "0 datasets withdrawn, 1 kept") {
		t.Fatalf("remove --keep-datasets: %v %s", err, out)
	}
	if _, err := harvestCmd(t, dir, true, "remove", "quelle-a"); err == nil {
		t.Error("removing a removed source succeeded")
	}
	if out, err := harvestCmd(t, dir, true, "list"); err != nil || strings.Contains(out, "quelle-") {
		t.Errorf("list after removal: %v\n%s", err, out)
	}

	var st catalog.Store
	if testenv.Postgres() {
		st = testenv.Store(t)
	} else {
		s, err := sqlite.Open(t.Context(), filepath.Join(dir, dbFile))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		st = s
	}
	withdrawn, err := st.Dataset(t.Context(), "baustellen")
	if err != nil || withdrawn.State != catalog.StateDeleted {
		t.Fatalf("dataset of the removed source: %+v, %v; want deleted", withdrawn, err)
	}
	kept, err := st.Dataset(t.Context(), "parkplaetze")
	if err != nil || kept.State != catalog.StateActive || kept.Harvest != nil {
		t.Fatalf("kept dataset: %+v, %v; want active and local", kept, err)
	}
}

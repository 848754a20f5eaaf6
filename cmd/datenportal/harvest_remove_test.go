package main

import (
	"log/slog"
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

// The binary wires the harvest sources into the catalogue: an organisation
// a source fills cannot be deleted until the source is removed.
func TestOrganizationWithHarvestSourceIsKept(t *testing.T) {
	dir := t.TempDir()
	run(t, dir, "", "admin", "create-org", "--name", "stadt", "--title", "Stadt Musterstadt")
	if out, err := harvestCmd(t, dir, true, "add", "--name", "quelle", "--type", "dcat", "--url", "https://q.example.de/catalog.ttl",
		"--org", "stadt"); err != nil {
		t.Fatalf("add: %v %s", err, out)
	}
	cfg := defaultConfig()
	if err := cfg.applyEnv(testEnv(t, dir)); err != nil {
		t.Fatal(err)
	}
	a, err := openApp(t.Context(), &cfg, slog.New(slog.DiscardHandler), appOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	sys := catalog.WithActor(t.Context(), &catalog.Actor{User: &catalog.User{Name: "root", Sysadmin: true}})
	if err := a.svc.DeleteOrganization(sys, "stadt"); catalog.ErrorCode(err) != catalog.ECONFLICT {
		t.Fatalf("delete with a harvest source: %v, want ECONFLICT", err)
	}
	h, err := newHarvester(a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.RemoveSource(t.Context(), "quelle", false); err != nil {
		t.Fatal(err)
	}
	if err := a.svc.DeleteOrganization(sys, "stadt"); err != nil {
		t.Fatalf("delete after the source was removed: %v", err)
	}
	if _, err := harvestCmd(t, dir, true, "add", "--name", "neu", "--type", "dcat", "--url", "https://q.example.de/catalog.ttl",
		"--org", "stadt"); err == nil {
		t.Error("a source was added to a deleted organisation")
	}
}

package main

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

// harvestWalk harvests the catalogue as ckanext-dcat's DCAT harvester does:
// fetch /catalog.ttl?page=1 and follow hydra:next until a page has none.
// between, if set, runs after each page (page number, datasets on it)
// before the next one is fetched. It returns how often each dataset IRI
// was seen and the hydra:totalItems of the first page.
func harvestWalk(t *testing.T, base string, between func(page int, iris []string)) (map[string]int, int) {
	t.Helper()
	seen := map[string]int{}
	total := -1
	next := base + "/catalog.ttl?page=1"
	for page := 1; next != ""; page++ {
		if page > 50 {
			t.Fatal("hydra:next does not end")
		}
		g := parseRDF(t, next, httpGet(t, next), graph.Turtle)
		var iris []string
		for iri := range datasetIRIs(g) {
			seen[iri]++
			iris = append(iris, iri)
		}
		next = ""
		for _, p := range g.SubjectsOfType(nsHydra + "PagedCollection") {
			if total < 0 {
				v := g.Object(p, nsHydra+"totalItems").Value
				if _, err := fmt.Sscan(v, &total); err != nil {
					t.Fatalf("page %d: hydra:totalItems %q", page, v)
				}
			}
			// ckanext-dcat ≥ 1.7 reads hydra:next, older ones nextPage.
			if n := g.Object(p, nsHydra+"next"); !n.IsZero() {
				next = n.Value
			} else if n := g.Object(p, nsHydra+"nextPage"); !n.IsZero() {
				next = n.Value
			}
		}
		if next != "" && !strings.HasPrefix(next, base+"/") {
			t.Fatalf("page %d: hydra:next %q leaves the server", page, next)
		}
		if between != nil {
			between(page, iris)
		}
	}
	return seen, total
}

// firstOfPage is the first dataset of a catalogue page.
func firstOfPage(t *testing.T, base string, page int) string {
	t.Helper()
	u := fmt.Sprintf("%s/catalog.nt?page=%d", base, page)
	g := parseRDF(t, u, httpGet(t, u), graph.NTriples)
	// Datasets are written in page order, each with its rdf:type first.
	for _, tr := range g.Triples() {
		if tr.P.Value == graph.RDFType && tr.O.Value == nsDCAT+"Dataset" {
			return tr.S.Value
		}
	}
	t.Fatalf("%s lists no dataset", u)
	return ""
}

// TestHarvestLoopDuringEdits proves what a DCAT harvester gets when it
// pages through the catalogue while the portal is being edited (DCAT
// §E 14). A missed dataset is not harmless: ckanext-dcat deletes every
// dataset of the source it did not see in a run. Pages follow an order
// edits do not change, and hydra:next carries a cursor, so:
//   - every dataset that was public throughout the walk is seen exactly
//     once, also when datasets on pages already read are edited or deleted;
//   - a dataset deleted before the walk is not seen.
func TestHarvestLoopDuringEdits(t *testing.T) {
	dir := t.TempDir()
	run(t, dir, "", "migrate")
	run(t, dir, "", "admin", "create-user", "--name", "ops", "--email", "ops@musterstadt.example", "--sysadmin")
	token := strings.TrimSpace(run(t, dir, "", "admin", "create-token", "--user", "ops"))
	inst := startServe(t, dir)
	defer inst.stop()
	gen := loadGenerated(t, dir, 250)
	if len(gen.public) <= 200 {
		t.Fatalf("only %d public datasets; the walk needs more than two pages", len(gen.public))
	}
	iri := func(id string) string { return inst.base + "/dataset/" + id }
	idOf := map[string]string{}
	for _, id := range gen.public {
		idOf[iri(id)] = id
	}

	var mu sync.Mutex
	edited := map[string]bool{}
	// edit runs on the editor goroutine too, so it reports with Errorf.
	edit := func(t *testing.T, id string, n int) {
		t.Helper()
		status, env, err := postAction(http.DefaultClient, inst.base, token, "package_patch", map[string]any{"id": id, "title": fmt.Sprintf("Bearbeitet %d", n)})
		if err != nil || status != http.StatusOK || env["success"] != true {
			t.Errorf("package_patch %s: %d %v %v", id, status, env, err)
			return
		}
		mu.Lock()
		edited[iri(id)] = true
		mu.Unlock()
	}
	// check applies the guarantee to one walk; public is the set that was
	// public throughout.
	check := func(t *testing.T, seen map[string]int, public []string) {
		t.Helper()
		mu.Lock()
		defer mu.Unlock()
		var missed, twice []string
		for _, id := range public {
			if seen[iri(id)] == 0 {
				missed = append(missed, id)
			}
		}
		for s, n := range seen {
			if n > 1 {
				twice = append(twice, s)
			}
		}
		slices.Sort(missed)
		if len(missed) > 0 {
			t.Errorf("the harvester never saw %d of %d datasets that were public throughout the walk "+
				"(%d datasets edited during it); ckanext-dcat would delete them: %v",
				len(missed), len(public), len(edited), missed)
		}
		if len(twice) > 0 {
			t.Errorf("datasets were seen twice: %v", twice)
		}
	}
	reset := func() {
		mu.Lock()
		clear(edited)
		mu.Unlock()
	}

	t.Run("quiet", func(t *testing.T) {
		reset()
		seen, total := harvestWalk(t, inst.base, nil)
		if total != len(gen.public) {
			t.Errorf("hydra:totalItems %d, want %d", total, len(gen.public))
		}
		check(t, seen, gen.public)
		if len(seen) != len(gen.public) {
			t.Errorf("saw %d datasets, want the %d public ones", len(seen), len(gen.public))
		}
	})

	// The simplest edit during a harvest: after page 1, a data officer
	// corrects the title of a dataset the harvester has just read. The
	// dataset that opened page 2 before the edit is the one at risk: if
	// pages are cut by offset, the edited dataset's move to the end shifts
	// it onto page 1, which the harvester has already read.
	t.Run("edit after page 1", func(t *testing.T) {
		reset()
		var atRisk string
		seen, _ := harvestWalk(t, inst.base, func(page int, iris []string) {
			if page == 1 {
				atRisk = firstOfPage(t, inst.base, 2)
				slices.Sort(iris)
				edit(t, idOf[iris[0]], 0)
			}
		})
		if seen[atRisk] == 0 {
			t.Errorf("%s opened page 2 when page 1 was read; after an edit on page 1 it moved to page 1 and was skipped "+
				"(catalogue pages are cut by offset in an order that edits change)", atRisk)
		}
		check(t, seen, gen.public)
	})

	// The same with a delete: a dataset on page 1 is deleted after the
	// harvester read page 1; the others must still all be seen.
	t.Run("delete after page 1", func(t *testing.T) {
		reset()
		var gone string
		seen, _ := harvestWalk(t, inst.base, func(page int, iris []string) {
			if page == 1 {
				slices.Sort(iris)
				gone = idOf[iris[0]]
				if status, env := call(t, inst.base, token, "package_delete", map[string]any{"id": gone}); status != http.StatusOK {
					t.Fatalf("package_delete: %d %v", status, env)
				}
			}
		})
		check(t, seen, slices.DeleteFunc(slices.Clone(gen.public), func(id string) bool { return id == gone }))
		// Put it back for the subtests that follow.
		if status, env := call(t, inst.base, token, "package_patch", map[string]any{"id": gone, "state": "active"}); status != http.StatusOK {
			t.Fatalf("undeleting %s: %d %v", gone, status, env)
		}
	})

	// Edits at random while the harvester pages, as on a busy portal.
	t.Run("concurrent edits", func(t *testing.T) {
		reset()
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			r := rand.New(rand.NewPCG(14, 14))
			for n := 1; ; n++ {
				select {
				case <-stop:
					return
				case <-time.After(5 * time.Millisecond):
				}
				edit(t, gen.public[r.IntN(len(gen.public))], n)
			}
		})
		seen, _ := harvestWalk(t, inst.base, func(int, []string) { time.Sleep(30 * time.Millisecond) })
		close(stop)
		wg.Wait()
		check(t, seen, gen.public)
	})

	// A dataset deleted before the walk is gone from it, and the others
	// are all still there, each once.
	t.Run("deleted", func(t *testing.T) {
		reset()
		gone := gen.public[len(gen.public)/2]
		if status, env := call(t, inst.base, token, "package_delete", map[string]any{"id": gone}); status != http.StatusOK {
			t.Fatalf("package_delete: %d %v", status, env)
		}
		rest := slices.DeleteFunc(slices.Clone(gen.public), func(id string) bool { return id == gone })
		seen, total := harvestWalk(t, inst.base, nil)
		if seen[iri(gone)] != 0 {
			t.Errorf("the deleted dataset %s is still in the catalogue", gone)
		}
		if total != len(rest) {
			t.Errorf("hydra:totalItems %d after the delete, want %d", total, len(rest))
		}
		check(t, seen, rest)
	})
}

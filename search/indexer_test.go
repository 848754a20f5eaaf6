package search

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/search/gen"
)

func count(t *testing.T, ix *Index, q catalog.SearchQuery) int {
	t.Helper()
	r, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return r.Count
}

func TestIndexerFollowsChanges(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	byName := func(n string) catalog.SearchQuery {
		return catalog.SearchQuery{Q: "name:" + n, Visibility: catalog.Visibility{AllPrivate: true}, IncludeDrafts: true, IncludeDeleted: true}
	}
	steps := []struct {
		name   string
		change func() int64
		q      catalog.SearchQuery
		want   int
	}{
		{"create", func() int64 {
			return f.store.put(&catalog.Dataset{ID: "id-neu", Name: "neu", Title: "Neuer Datensatz Spielstraßen", OrganizationID: "org-muster"})
		}, catalog.SearchQuery{Q: "Spielstraßen"}, 1},
		{"update title", func() int64 {
			return f.store.put(&catalog.Dataset{ID: "id-neu", Name: "neu", Title: "Umbenannt Sackgassen", OrganizationID: "org-muster"})
		}, catalog.SearchQuery{Q: "Spielstraßen"}, 0},
		{"made private", func() int64 {
			return f.store.put(&catalog.Dataset{ID: "id-neu", Name: "neu", Title: "Umbenannt Sackgassen", OrganizationID: "org-muster", Private: true})
		}, catalog.SearchQuery{Q: "Sackgassen"}, 0},
		{"private seen by member", func() int64 { return 0 }, catalog.SearchQuery{Q: "Sackgassen", Visibility: catalog.Visibility{OrgIDs: []string{"org-muster"}}}, 1},
		{"soft delete", func() int64 {
			return f.store.put(&catalog.Dataset{ID: "id-neu", Name: "neu", Title: "Umbenannt Sackgassen", OrganizationID: "org-muster", State: catalog.StateDeleted})
		}, catalog.SearchQuery{Q: "Sackgassen", Visibility: catalog.Visibility{AllPrivate: true}}, 0},
		{"deleted still indexed for sysadmin tools", func() int64 { return 0 }, byName("neu"), 1},
		{"purge", func() int64 { return f.store.purge("id-neu") }, byName("neu"), 0},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			seq := s.change()
			if err := f.x.CatchUp(ctx); err != nil {
				t.Fatal(err)
			}
			if seq > 0 && f.x.Applied() != seq {
				t.Errorf("Applied = %d, want %d", f.x.Applied(), seq)
			}
			if got := count(t, f.ix, s.q); got != s.want {
				t.Errorf("count = %d, want %d", got, s.want)
			}
		})
	}
}

func TestRunAndWaitFor(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	f.x.opts.Poll = time.Hour // only Notify (from WaitFor) may wake it
	go func() { defer wg.Done(); f.x.Run(ctx) }()
	defer func() { cancel(); wg.Wait() }()

	for i := range 5 {
		seq := f.store.put(&catalog.Dataset{ID: "id-w", Name: "w", Title: "Wartetest", Version: string(rune('a' + i))})
		wctx, wcancel := context.WithTimeout(ctx, 5*time.Second)
		err := f.x.WaitFor(wctx, seq)
		wcancel()
		if err != nil {
			t.Fatalf("WaitFor(%d): %v", seq, err)
		}
		if got := count(t, f.ix, catalog.SearchQuery{Q: "version:" + string(rune('a'+i))}); got != 1 {
			t.Fatalf("after WaitFor(%d): count = %d, want 1", seq, got)
		}
	}
	// A sequence that never comes ends with the caller's deadline.
	wctx, wcancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer wcancel()
	if err := f.x.WaitFor(wctx, 1<<40); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("WaitFor(future) = %v, want deadline exceeded", err)
	}
}

func TestRunSurvivesStoreErrors(t *testing.T) {
	f := newFixture(t)
	var errs atomic.Int32
	f.x.opts.Poll = 5 * time.Millisecond
	f.x.opts.OnError = func(error) { errs.Add(1) }
	f.store.mu.Lock()
	f.store.failing = errors.New("database is locked")
	f.store.mu.Unlock()
	seq := f.store.appendLocked("id-radwegenetz", "radwegenetz", catalog.OpUpdate)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- f.x.Run(ctx) }()
	deadline := time.Now().Add(5 * time.Second)
	for errs.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if errs.Load() == 0 {
		t.Fatal("OnError not called")
	}
	f.store.mu.Lock()
	f.store.failing = nil
	f.store.mu.Unlock()
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	if err := f.x.WaitFor(wctx, seq); err != nil {
		t.Fatalf("WaitFor after recovery: %v", err)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run = %v, want context.Canceled", err)
	}
}

func TestPersistentSeqAndCatchUp(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := newMemStore()
	loadCatalog(t, st)

	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := NewIndexer(ix, st, IndexerOptions{}).CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	last, _ := st.LastSeq(ctx)
	if seq, _ := ix.Seq(); seq != last {
		t.Errorf("Seq = %d, want %d", seq, last)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	// Changes made while the server was down are applied at start-up.
	st.put(&catalog.Dataset{ID: "id-offline", Name: "offline", Title: "Nachts geändert Glockenspiel"})
	ix, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	x := NewIndexer(ix, st, IndexerOptions{})
	if x.Applied() < 1 {
		t.Errorf("reopened index remembers no sequence")
	}
	if err := x.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if got := count(t, ix, catalog.SearchQuery{Q: "Glockenspiel"}); got != 1 {
		t.Errorf("offline change: count = %d, want 1", got)
	}
	if got := count(t, ix, catalog.SearchQuery{}); got != 22 {
		t.Errorf("all: count = %d, want 22", got)
	}
}

func TestRebuildWhileSearching(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := newMemStore()
	loadCatalog(t, st)
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	x := NewIndexer(ix, st, IndexerOptions{})
	if err := x.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	want := count(t, ix, catalog.SearchQuery{Q: "Haushalt"})

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var failures atomic.Int32
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				r, err := ix.Search(ctx, catalog.SearchQuery{Q: "Haushalt", Rows: 10})
				if err != nil || r.Count != want {
					failures.Add(1)
				}
				time.Sleep(100 * time.Microsecond)
			}
		}()
	}
	for range 2 {
		if err := x.Rebuild(ctx); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	if n := failures.Load(); n > 0 {
		t.Errorf("%d searches failed or saw a partial index during rebuilds", n)
	}
	gens, _ := generations(dir)
	if len(gens) != 1 || gens[0] != 3 {
		t.Errorf("generations on disk = %v, want [3]", gens)
	}
	if cur, _ := readCurrent(dir); cur != "gen-000003" {
		t.Errorf("CURRENT = %q", cur)
	}
	// The sequence continues: a change after the rebuild is applied.
	st.put(&catalog.Dataset{ID: "id-nach", Name: "nach", Title: "Nach dem Neuaufbau Zugspitze"})
	if err := x.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if got := count(t, ix, catalog.SearchQuery{Q: "Zugspitze"}); got != 1 {
		t.Errorf("after rebuild: count = %d, want 1", got)
	}
}

func TestExternalReindexIsAdopted(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := newMemStore()
	loadCatalog(t, st)
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	x := NewIndexer(ix, st, IndexerOptions{})
	if err := x.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	// `datenportal reindex` in another process.
	if err := Reindex(ctx, dir, st, Options{}); err != nil {
		t.Fatal(err)
	}
	st.put(&catalog.Dataset{ID: "id-spaet", Name: "spaet", Title: "Später Rübezahl"})
	if err := x.step(ctx); err != nil {
		t.Fatal(err)
	}
	if h, _ := ix.acquire(); h.gen != "gen-000002" {
		t.Errorf("live generation = %s, want gen-000002", h.gen)
		h.release()
	} else {
		h.release()
	}
	if got := count(t, ix, catalog.SearchQuery{Q: "Rübezahl"}); got != 1 {
		t.Errorf("count = %d, want 1", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "gen-000001")); !os.IsNotExist(err) {
		t.Errorf("old generation not removed: %v", err)
	}
}

func TestOrganizationRename(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.x.opts.OrgTTL = time.Nanosecond
	f.x.orgs.ttl = time.Nanosecond
	if err := f.x.step(ctx); err != nil { // records the names the index has
		t.Fatal(err)
	}
	f.store.putOrg(&catalog.Organization{ID: "org-kreis", Name: "kreis-vorbild-neu", Title: "Kreis Vorbild"})
	if err := f.x.step(ctx); err != nil {
		t.Fatal(err)
	}
	if got := count(t, f.ix, catalog.SearchQuery{FQ: []string{"organization:kreis-vorbild-neu"}}); got != 5 {
		t.Errorf("new name: count = %d, want 5", got)
	}
	if got := count(t, f.ix, catalog.SearchQuery{FQ: []string{"organization:landkreis-vorbild"}}); got != 0 {
		t.Errorf("old name: count = %d, want 0", got)
	}
}

func TestStaleMappingIsRebuilt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := newMemStore()
	loadCatalog(t, st)
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	h, _ := ix.acquire()
	h.idx.SetInternal(keyMapping, []byte("0"))
	h.release()
	if err := NewIndexer(ix, st, IndexerOptions{}).CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if got := count(t, ix, catalog.SearchQuery{}); got != 21 {
		t.Errorf("count = %d, want 21", got)
	}
	if cur, _ := readCurrent(dir); cur != "gen-000002" {
		t.Errorf("CURRENT = %q, want a rebuilt generation", cur)
	}
}

// A rebuilt generation goes live as one segment.
func TestRebuildCompacts(t *testing.T) {
	ctx := context.Background()
	src := genSource{g: gen.New(2, 5), n: 3000}
	ix, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// Small batches: without compaction they stay several segments.
	defer func(n int) { rebuildBatch = n }(rebuildBatch)
	rebuildBatch = 50
	if err := NewIndexer(ix, src, IndexerOptions{}).Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	h, _ := ix.acquire()
	defer h.release()
	adv, _ := h.idx.Advanced()
	if n, err := segmentCount(adv.(*scorch.Scorch)); err != nil || n != 1 {
		t.Errorf("%d segments after a rebuild, want 1", n)
	}
	if n, _ := ix.DocCount(); n != 3000 {
		t.Errorf("DocCount after compaction = %d, want 3000", n)
	}
}

package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// SharedOpener returns two stores on the same, empty database, as two
// processes (serve and an admin command) or two server instances hold it.
type SharedOpener func(t *testing.T) (a, b catalog.Store)

// RunShared checks that two stores on one database behave as one: each
// sees the other's writes, writes from both interleave without loss, and
// uniqueness and optimistic concurrency hold across them.
func RunShared(t *testing.T, open func(t *testing.T) (a, b catalog.Store)) {
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, a, b catalog.Store)
	}{
		{"SeeEachOther", testSeeEachOther},
		{"ConcurrentWriters", testSharedWriters},
		{"StaleAcross", testStaleAcross},
		{"SameNameRace", testSameNameRace},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, b := open(t)
			tc.fn(t, a, b)
		})
	}
}

func testSeeEachOther(t *testing.T, a, b catalog.Store) {
	create(t, a, full(1))
	sameDataset(t, "written by a, read by b", get(t, b, dsID(1)), full(1))
	d := full(1)
	d.Title = "von b"
	update(t, b, d)
	sameDataset(t, "written by b, read by a", get(t, a, dsID(1)), d)
	if err := b.CreateUser(ctx(t), user("u1", "anna")); err != nil {
		t.Fatal(err)
	}
	if _, err := a.User(ctx(t), "anna"); err != nil {
		t.Fatalf("user created by b, read by a: %v", err)
	}
	if la, lb := lastSeq(t, a), lastSeq(t, b); la != lb || la == 0 {
		t.Fatalf("LastSeq differs: a %d, b %d", la, lb)
	}
}

func testSharedWriters(t *testing.T, a, b catalog.Store) {
	const perWriter = 25
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		s := a
		if w%2 == 1 {
			s = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				if _, err := s.CreateDataset(ctx(t), minimal(1+w*perWriter+i)); err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for _, s := range []catalog.Store{a, b} {
		if n, err := s.CountDatasets(ctx(t), catalog.DatasetFilter{}); err != nil || n != 8*perWriter {
			t.Fatalf("count %d, %v; want %d", n, err, 8*perWriter)
		}
		cs, err := s.Changes(ctx(t), 0, 10000)
		if err != nil || len(cs) != 8*perWriter {
			t.Fatalf("%d changes, %v; want %d", len(cs), err, 8*perWriter)
		}
		seen := map[string]bool{}
		for i, c := range cs {
			if i > 0 && c.Seq <= cs[i-1].Seq {
				t.Fatalf("change log out of order: %d after %d", c.Seq, cs[i-1].Seq)
			}
			if seen[c.DatasetID] || c.Op != catalog.OpCreate {
				t.Fatalf("unexpected change %+v", c)
			}
			seen[c.DatasetID] = true
		}
	}
}

func testStaleAcross(t *testing.T, a, b catalog.Store) {
	create(t, a, minimal(1))
	seenByA := get(t, a, dsID(1))
	version := seenByA.ModifiedAt
	d := get(t, b, dsID(1))
	d.Title, d.ModifiedAt = "b war schneller", d.ModifiedAt.Add(time.Second)
	if _, err := b.UpdateDataset(ctx(t), d, version); err != nil {
		t.Fatal(err)
	}
	seenByA.Title, seenByA.ModifiedAt = "a kommt zu spät", seenByA.ModifiedAt.Add(2*time.Second)
	_, err := a.UpdateDataset(ctx(t), seenByA, version)
	wantCode(t, "stale update from the other store", err, catalog.ECONFLICT)
	if got := get(t, a, dsID(1)); got.Title != "b war schneller" {
		t.Fatalf("title %q: the stale update won", got.Title)
	}
}

func testSameNameRace(t *testing.T, a, b catalog.Store) {
	for round := range 20 {
		x, y := minimal(1000+2*round), minimal(1001+2*round)
		x.Name, y.Name = fmt.Sprintf("race-%d", round), fmt.Sprintf("race-%d", round)
		var errA, errB error
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); _, errA = a.CreateDataset(ctx(t), x) }()
		go func() { defer wg.Done(); _, errB = b.CreateDataset(ctx(t), y) }()
		wg.Wait()
		if (errA == nil) == (errB == nil) {
			t.Fatalf("round %d: want exactly one create to win: %v / %v", round, errA, errB)
		}
		lost := errA
		if lost == nil {
			lost = errB
		}
		wantField(t, "losing create", lost, catalog.ECONFLICT, "name")
	}
}

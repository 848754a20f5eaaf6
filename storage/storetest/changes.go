package storetest

import (
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

var changeTests = []test{
	{"ChangeOps", testChangeOps},
	{"ChangePaging", testChangePaging},
	{"ChangeConcurrentWriters", testConcurrentWriters},
	{"ChangeNoLostUpdate", testNoLostUpdate},
}

func testChangeOps(t *testing.T, s catalog.Store) {
	if n := lastSeq(t, s); n != 0 {
		t.Fatalf("empty store: LastSeq %d", n)
	}
	if cs, err := s.Changes(ctx(t), 0, 10); err != nil || len(cs) != 0 {
		t.Fatalf("empty store: Changes %v, %v", cs, err)
	}
	start := time.Now().Add(-time.Second)
	steps := []struct {
		name    string
		edit    func(d *catalog.Dataset) // nil: purge
		create  bool
		op      string
		public  bool
		orgWant string
	}{
		{"create public", func(d *catalog.Dataset) {}, true, catalog.OpCreate, true, "org-1"},
		{"make private", func(d *catalog.Dataset) { d.Private = true }, false, catalog.OpUpdate, false, "org-1"},
		{"make public, move org", func(d *catalog.Dataset) { d.OrganizationID = "org-2" }, false, catalog.OpUpdate, true, "org-2"},
		{"delete", func(d *catalog.Dataset) { d.State = catalog.StateDeleted }, false, catalog.OpDelete, false, "org-2"},
		{"edit while deleted", func(d *catalog.Dataset) { d.State = catalog.StateDeleted; d.Title = "x" }, false, catalog.OpUpdate, false, "org-2"},
		{"restore", func(d *catalog.Dataset) {}, false, catalog.OpUpdate, true, "org-2"},
		{"to draft", func(d *catalog.Dataset) { d.State = catalog.StateDraft }, false, catalog.OpUpdate, false, "org-2"},
		{"delete a draft", func(d *catalog.Dataset) { d.State = catalog.StateDeleted }, false, catalog.OpDelete, false, "org-2"},
		{"purge", nil, false, catalog.OpPurge, false, "org-2"},
		{"create private draft again", func(d *catalog.Dataset) { d.State = catalog.StateDraft; d.Private = true }, true, catalog.OpCreate, false, "org-2"},
	}
	org := "org-1"
	var prev int64
	for _, st := range steps {
		var seq int64
		var err error
		switch {
		case st.edit == nil:
			seq, err = s.PurgeDataset(ctx(t), dsID(1))
		default:
			d := minimal(1)
			d.OrganizationID = org
			st.edit(d)
			org = d.OrganizationID
			if st.create {
				seq, err = s.CreateDataset(ctx(t), d)
			} else {
				seq, err = s.UpdateDataset(ctx(t), d, time.Time{})
			}
		}
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if seq <= prev {
			t.Fatalf("%s: seq %d not after %d", st.name, seq, prev)
		}
		prev = seq
		cs, err := s.Changes(ctx(t), seq-1, 10)
		if err != nil || len(cs) != 1 {
			t.Fatalf("%s: Changes(%d) = %v, %v; want one entry", st.name, seq-1, cs, err)
		}
		c := cs[0]
		want := catalog.Change{Seq: seq, DatasetID: dsID(1), Name: dsName(1), Op: st.op, Public: st.public, OrganizationID: st.orgWant, At: c.At}
		if c != want {
			t.Fatalf("%s: change %+v, want %+v", st.name, c, want)
		}
		if c.At.Before(start) || c.At.After(time.Now().Add(time.Second)) {
			t.Fatalf("%s: change time %v is not now", st.name, c.At)
		}
		if got := lastSeq(t, s); got != seq {
			t.Fatalf("%s: LastSeq %d, want %d", st.name, got, seq)
		}
	}
}

func testChangePaging(t *testing.T, s catalog.Store) {
	var seqs []int64
	for i := 1; i <= 25; i++ {
		seqs = append(seqs, create(t, s, minimal(i)))
	}
	for _, limit := range []int{1, 7, 25, 100} {
		var got []int64
		for after := int64(0); ; {
			cs, err := s.Changes(ctx(t), after, limit)
			if err != nil {
				t.Fatal(err)
			}
			if len(cs) > limit {
				t.Fatalf("Changes(%d, %d) returned %d entries", after, limit, len(cs))
			}
			if len(cs) == 0 {
				break
			}
			for _, c := range cs {
				got = append(got, c.Seq)
			}
			after = cs[len(cs)-1].Seq
		}
		if fmt.Sprint(got) != fmt.Sprint(seqs) {
			t.Fatalf("limit %d: paged seqs %v, want %v", limit, got, seqs)
		}
	}
	// Paging may start in the middle.
	cs, err := s.Changes(ctx(t), seqs[9], 3)
	if err != nil || len(cs) != 3 || cs[0].Seq != seqs[10] || cs[0].Name != dsName(11) {
		t.Fatalf("Changes after seq %d: %+v, %v", seqs[9], cs, err)
	}
	if cs, err := s.Changes(ctx(t), lastSeq(t, s), 10); err != nil || len(cs) != 0 {
		t.Fatalf("Changes after the last: %v, %v", cs, err)
	}
}

// testConcurrentWriters has 8 goroutines each create a dataset and update
// it 49 times while a reader tails the change log. Every write must have
// exactly one entry, and the tailing reader must see every entry exactly
// once: an entry that commits after a reader has passed its seq would be
// lost to the search index.
func testConcurrentWriters(t *testing.T, s catalog.Store) {
	const writers, writes = 8, 50
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		wrote  = map[int64]string{}
		errs   = make(chan error, writers)
		done   = make(chan struct{})
		tailed []catalog.Change
		tailOK = make(chan error, 1)
	)
	go func() { // the tailing reader
		var after int64
		for {
			select {
			case <-done:
				tailOK <- nil
				return
			default:
			}
			cs, err := s.Changes(ctx(t), after, 37)
			if err != nil {
				tailOK <- err
				return
			}
			for _, c := range cs {
				tailed = append(tailed, c)
				after = c.Seq
			}
			if len(cs) == 0 {
				time.Sleep(100 * time.Microsecond) // let the writers run
			}
		}
	}()
	for w := 1; w <= writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := minimal(w)
			prev := d.ModifiedAt
			for i := 0; i < writes; i++ {
				var seq int64
				var err error
				if i == 0 {
					seq, err = s.CreateDataset(ctx(t), d)
				} else {
					d.Title = "v" + strconv.Itoa(i)
					d.ModifiedAt = prev.Add(time.Microsecond)
					seq, err = s.UpdateDataset(ctx(t), d, prev)
					prev = d.ModifiedAt
				}
				if err != nil {
					errs <- fmt.Errorf("writer %d write %d: %w", w, i, err)
					return
				}
				mu.Lock()
				if _, dup := wrote[seq]; dup {
					errs <- fmt.Errorf("seq %d returned twice", seq)
				}
				wrote[seq] = d.ID
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	close(done)
	if err := <-tailOK; err != nil {
		t.Fatal(err)
	}
	// Catch up the tail, then compare with the whole log.
	after := int64(0)
	if len(tailed) > 0 {
		after = tailed[len(tailed)-1].Seq
	}
	rest, err := s.Changes(ctx(t), after, 10000)
	if err != nil {
		t.Fatal(err)
	}
	tailed = append(tailed, rest...)
	if len(tailed) != writers*writes {
		t.Fatalf("tailing reader saw %d entries, want %d", len(tailed), writers*writes)
	}
	perDataset := map[string]int{}
	for i, c := range tailed {
		if i > 0 && c.Seq <= tailed[i-1].Seq {
			t.Fatalf("change log out of order at %d: %d after %d", i, c.Seq, tailed[i-1].Seq)
		}
		if wrote[c.Seq] != c.DatasetID {
			t.Fatalf("change %d for %s, but that write was for %q", c.Seq, c.DatasetID, wrote[c.Seq])
		}
		perDataset[c.DatasetID]++
	}
	for w := 1; w <= writers; w++ {
		if perDataset[dsID(w)] != writes {
			t.Fatalf("dataset %d has %d changes, want %d", w, perDataset[dsID(w)], writes)
		}
		if got := get(t, s, dsID(w)); got.Title != "v"+strconv.Itoa(writes-1) {
			t.Fatalf("dataset %d title %q: an update was lost", w, got.Title)
		}
	}
}

// testNoLostUpdate increments a counter in one dataset from 8 goroutines
// with read-modify-write under optimistic concurrency; every increment
// must survive.
func testNoLostUpdate(t *testing.T, s catalog.Store) {
	const workers, increments = 8, 25
	d := minimal(1)
	d.Extras = map[string]string{"counter": "0"}
	create(t, s, d)
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for done := 0; done < increments; {
				cur, err := s.Dataset(ctx(t), dsID(1))
				if err != nil {
					errs <- err
					return
				}
				n, _ := strconv.Atoi(cur.Extras["counter"])
				seen := cur.ModifiedAt
				cur.Extras["counter"] = strconv.Itoa(n + 1)
				cur.ModifiedAt = seen.Add(time.Microsecond)
				_, err = s.UpdateDataset(ctx(t), cur, seen)
				switch catalog.ErrorCode(err) {
				case "":
					done++
				case catalog.ECONFLICT:
				default:
					errs <- err
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
	got := get(t, s, dsID(1))
	if got.Extras["counter"] != strconv.Itoa(workers*increments) {
		t.Fatalf("counter %s, want %d: updates were lost", got.Extras["counter"], workers*increments)
	}
	if seq := lastSeq(t, s); seq <= 0 {
		t.Fatalf("LastSeq %d", seq)
	}
	cs, err := s.Changes(ctx(t), 0, 10000)
	if err != nil || len(cs) != 1+workers*increments {
		t.Fatalf("%d changes, %v; want one per successful write (%d)", len(cs), err, 1+workers*increments)
	}
}

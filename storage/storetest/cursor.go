package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// testCursorEdges pins down what a cursor means where a key-based
// definition could be read two ways: ties on created, a cursor whose
// dataset is gone, times finer than the stores keep, and Offset counted
// from the cursor.
func testCursorEdges(t *testing.T, s catalog.Store) {
	// 1–5 share one created time, 6 is later, 7 earlier.
	for i := 1; i <= 7; i++ {
		d := minimal(i)
		switch i {
		case 6:
			d.CreatedAt = t0.Add(time.Microsecond)
		case 7:
			d.CreatedAt = t0.Add(-time.Microsecond)
		}
		create(t, s, d)
	}
	if _, err := s.PurgeDataset(ctx(t), dsID(3)); err != nil {
		t.Fatal(err)
	}
	deleted := get(t, s, dsID(4))
	deleted.State = catalog.StateDeleted
	update(t, s, deleted)
	at := func(d time.Duration, i int) *catalog.DatasetCursor {
		id := ""
		if i > 0 {
			id = dsID(i)
		}
		return &catalog.DatasetCursor{CreatedAt: t0.Add(d), ID: id}
	}
	cases := []struct {
		name          string
		after         *catalog.DatasetCursor
		offset, limit int
		want          []int
	}{
		{"no cursor", nil, 0, 0, []int{7, 1, 2, 5, 6}},
		{"ties broken by id", at(0, 1), 0, 0, []int{2, 5, 6}},
		{"empty id: all of that time", at(0, 0), 0, 0, []int{1, 2, 5, 6}},
		{"last of the tie", at(0, 5), 0, 0, []int{6}},
		{"purged dataset", at(0, 3), 0, 0, []int{5, 6}},
		{"deleted dataset", at(0, 4), 0, 0, []int{5, 6}},
		{"last dataset", at(time.Microsecond, 6), 0, 0, []int{}},
		{"nanoseconds are dropped as in stored times", at(999*time.Nanosecond, 1), 0, 0, []int{2, 5, 6}},
		{"another zone is the same instant", &catalog.DatasetCursor{CreatedAt: t0.In(time.FixedZone("X", 5*3600)), ID: dsID(2)}, 0, 0, []int{5, 6}},
		{"offset counts from the cursor", at(0, 1), 1, 0, []int{5, 6}},
		{"offset and limit", at(-time.Microsecond, 7), 1, 2, []int{2, 5}},
		{"offset past the end", at(0, 1), 3, 0, []int{}},
	}
	for _, c := range cases {
		f := catalog.DatasetFilter{Order: catalog.OrderCreated, After: c.after, Offset: c.offset, Limit: c.limit}
		want := []string{}
		for _, i := range c.want {
			want = append(want, dsName(i))
		}
		checkList(t, s, c.name, f, want, 5)
	}
}

// testCreatedWalk pages through OrderCreated with cursors while datasets
// are edited, deleted, purged and created between pages, as a DCAT
// harvester does on a busy portal. Every dataset that exists throughout is
// seen exactly once; edits neither move nor repeat one.
func testCreatedWalk(t *testing.T, s catalog.Store) {
	const n, per = 20, 3
	for i := 1; i <= n; i++ {
		d := minimal(i)
		// Created order is neither id nor name order; pairs tie.
		d.CreatedAt = t0.Add(time.Duration((i*7)%n/2) * time.Second)
		create(t, s, d)
	}
	touch := func(i int, state string) {
		d := get(t, s, dsID(i))
		d.Title += " (bearbeitet)"
		d.ModifiedAt = d.ModifiedAt.Add(time.Hour)
		if state != "" {
			d.State = state
		}
		update(t, s, d)
	}
	// rest lists what is still to be read after the page just read.
	rest := func(read []*catalog.Dataset) []*catalog.Dataset {
		var out []*catalog.Dataset
		f := catalog.DatasetFilter{Order: catalog.OrderCreated, After: keyOf(read[len(read)-1])}
		if err := s.EachDataset(ctx(t), f, func(d *catalog.Dataset) error {
			out = append(out, d)
			return nil
		}); err != nil || len(out) == 0 {
			t.Fatalf("rest of the walk: %d datasets, %v", len(out), err)
		}
		return out
	}
	gone := map[string]bool{}   // names not public throughout
	unread := map[string]bool{} // names deleted before their page
	added := map[string]bool{}  // names created during the walk
	between := []func(read []*catalog.Dataset){
		func(read []*catalog.Dataset) { // edit what was read, the cursor's dataset and the next one
			touch(idNum(read[0]), "")
			touch(idNum(read[len(read)-1]), "")
			touch(idNum(rest(read)[0]), "")
		},
		func(read []*catalog.Dataset) { // purge the dataset the cursor names
			last := read[len(read)-1]
			if _, err := s.PurgeDataset(ctx(t), last.ID); err != nil {
				t.Fatal(err)
			}
			gone[last.Name] = true
		},
		func(read []*catalog.Dataset) { // delete the next one and the last one
			r := rest(read)
			for _, d := range []*catalog.Dataset{r[0], r[len(r)-1]} {
				touch(idNum(d), catalog.StateDeleted)
				gone[d.Name], unread[d.Name] = true, true
			}
		},
		func([]*catalog.Dataset) { // a new dataset comes after all others
			d := minimal(n + 1)
			d.CreatedAt = t0.Add(time.Hour)
			create(t, s, d)
			added[d.Name] = true
		},
	}
	seen := map[string]int{}
	var after *catalog.DatasetCursor
	for page := 0; ; page++ {
		if page > n {
			t.Fatal("the walk does not end")
		}
		var read []*catalog.Dataset
		f := catalog.DatasetFilter{Order: catalog.OrderCreated, After: after, Limit: per}
		if err := s.EachDataset(ctx(t), f, func(d *catalog.Dataset) error {
			read = append(read, d)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if len(read) == 0 {
			break
		}
		for _, d := range read {
			seen[d.Name]++
		}
		after = keyOf(read[len(read)-1])
		if page < len(between) {
			between[page](read)
		}
	}
	var missed, twice []string
	for i := 1; i <= n+1; i++ {
		name := dsName(i)
		switch {
		case seen[name] > 1:
			twice = append(twice, name)
		case seen[name] == 0 && (i <= n && !gone[name] || added[name]):
			missed = append(missed, name)
		}
	}
	if len(missed) > 0 || len(twice) > 0 {
		t.Fatalf("walk with edits: missed %v, seen twice %v (seen: %v)", missed, twice, seen)
	}
	for name := range unread {
		if seen[name] != 0 {
			t.Errorf("%s was deleted before its page and still listed", name)
		}
	}
}

// idNum is i for the dataset dsID(i).
func idNum(d *catalog.Dataset) int {
	var i int
	if _, err := fmt.Sscanf(d.ID, "00000000-0000-4000-8000-%012d", &i); err != nil {
		panic("storetest: not a dsID: " + d.ID)
	}
	return i
}

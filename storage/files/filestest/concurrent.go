package filestest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

func testConcurrentPuts(t *testing.T, s catalog.FileStore, prefix string) {
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			key := fmt.Sprintf("%sc/%d", prefix, i)
			data := Data(uint64(100+i), 256<<10+i)
			fi, err := s.Put(context.Background(), key, bytes.NewReader(data), -1, "")
			if err == nil && fi.SHA256 != sum(data) {
				err = fmt.Errorf("%s: wrong hash", key)
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for i := range n {
		key := fmt.Sprintf("%sc/%d", prefix, i)
		if !bytes.Equal(readAll(t, s, key), Data(uint64(100+i), 256<<10+i)) {
			t.Fatalf("%s: content mixed up", key)
		}
	}
}

func testOverwrite(t *testing.T, s catalog.FileStore, prefix string) {
	ctx := context.Background()
	key := prefix + "over"
	a, b := Data(10, 5000), Data(11, 3000)
	put(t, s, key, a, -1, "text/plain")
	put(t, s, key, b, int64(len(b)), "text/csv")
	if got := readAll(t, s, key); !bytes.Equal(got, b) {
		t.Fatalf("after overwrite read %d bytes, want the second body", len(got))
	}
	st, err := s.Stat(ctx, key)
	if err != nil || st.Size != int64(len(b)) || (st.SHA256 != "" && st.SHA256 != sum(b)) {
		t.Fatalf("Stat after overwrite = %+v, %v", st, err)
	}
	// A failed overwrite keeps the previous object.
	r := &afterN{r: Stream(12, 1<<20), n: 1000, err: errBoom}
	if _, err := s.Put(ctx, key, r, -1, ""); !errors.Is(err, errBoom) {
		t.Fatalf("failing overwrite: %v", err)
	}
	if got := readAll(t, s, key); !bytes.Equal(got, b) {
		t.Fatal("failed overwrite damaged the previous object")
	}
}

func testWalk(t *testing.T, s catalog.FileStore, prefix string) {
	ctx := context.Background()
	want := map[string]int{prefix + "w/1": 1, prefix + "w/2/x": 22, prefix + "w3": 333}
	for k, n := range want {
		put(t, s, k, Data(20, n), int64(n), "")
	}
	got := walkKeys(t, s, prefix)
	if len(got) != len(want) {
		t.Fatalf("Walk found %v, want %v", got, want)
	}
	for k, n := range want {
		if fi, ok := got[k]; !ok || fi.Size != int64(n) || fi.ModTime.IsZero() {
			t.Fatalf("Walk entry for %s = %+v, want size %d", k, fi, n)
		}
	}
	stop := errors.New("stop")
	calls := 0
	err := s.Walk(ctx, func(catalog.FileInfo) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Fatalf("Walk with failing callback: err %v after %d calls", err, calls)
	}
	if err := s.Delete(ctx, prefix+"w/2/x"); err != nil {
		t.Fatal(err)
	}
	if got := walkKeys(t, s, prefix); len(got) != 2 {
		t.Fatalf("after Delete Walk found %v", got)
	}
}

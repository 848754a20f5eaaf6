package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

var miscTests = []test{
	{"Downloads", testDownloads},
	{"Ping", testPing},
	{"ContextCancelled", testCancelled},
	{"Closed", testClosed},
}

func testDownloads(t *testing.T, s catalog.Store) {
	if err := s.AddDownloads(ctx(t), nil); err != nil {
		t.Fatalf("AddDownloads(nil): %v", err)
	}
	if err := s.AddDownloads(ctx(t), map[string]int64{"r1": 2, "r2": 5}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddDownloads(ctx(t), map[string]int64{"r1": 3, "r3": 0}); err != nil {
		t.Fatal(err)
	}
	// Counters are added concurrently by every server instance.
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				if err := s.AddDownloads(ctx(t), map[string]int64{"r2": 1, "r4": 10}); err != nil {
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
	got, err := s.Downloads(ctx(t), []string{"r1", "r2", "r3", "r4", "r404"})
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]int64{"r1": 5, "r2": 85, "r3": 0, "r4": 800, "r404": 0} {
		if got[id] != want {
			t.Errorf("downloads of %s = %d, want %d (all: %v)", id, got[id], want, got)
		}
	}
	if got, err := s.Downloads(ctx(t), nil); err != nil || len(got) != 0 {
		t.Fatalf("Downloads(nil) = %v, %v", got, err)
	}
	wantCode(t, "negative count", s.AddDownloads(ctx(t), map[string]int64{"r1": 100, "r2": -1}), catalog.EINVALID)
	if got, _ := s.Downloads(ctx(t), []string{"r1"}); got["r1"] != 5 {
		t.Fatalf("a rejected batch was partly applied: r1 = %d", got["r1"])
	}
}

func testPing(t *testing.T, s catalog.Store) {
	if err := s.Ping(ctx(t)); err != nil {
		t.Fatal(err)
	}
}

func testCancelled(t *testing.T, s catalog.Store) {
	for i := 1; i <= 10; i++ {
		create(t, s, minimal(i))
	}
	seq := lastSeq(t, s)

	dead, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.CreateDataset(dead, minimal(20))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("CreateDataset with a cancelled context: %v, want context.Canceled", err)
	}
	d := minimal(1)
	d.Title = "nie geschrieben"
	if _, err := s.UpdateDataset(dead, d, time.Time{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("UpdateDataset with a cancelled context: %v", err)
	}
	if _, err := s.Dataset(dead, dsID(1)); !errors.Is(err, context.Canceled) {
		t.Fatalf("Dataset with a cancelled context: %v", err)
	}
	if _, err := s.Dataset(ctx(t), dsID(20)); catalog.ErrorCode(err) != catalog.ENOTFOUND {
		t.Fatalf("cancelled create was written: %v", err)
	}
	if got := get(t, s, dsID(1)); got.Title == d.Title {
		t.Fatal("cancelled update was written")
	}
	if lastSeq(t, s) != seq {
		t.Fatal("cancelled writes logged changes")
	}

	// Cancelled in the middle of a listing: no dataset after the cancel.
	mid, cancel := context.WithCancel(ctx(t))
	defer cancel()
	calls := 0
	err = s.EachDataset(mid, catalog.DatasetFilter{}, func(*catalog.Dataset) error {
		calls++
		if calls == 3 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || calls != 3 {
		t.Fatalf("EachDataset cancelled after 3: %v after %d calls", err, calls)
	}

	// A deadline that passes while writers queue gives DeadlineExceeded
	// or succeeds, never a half-written dataset.
	short, cancelShort := context.WithTimeout(ctx(t), time.Millisecond)
	defer cancelShort()
	var wg sync.WaitGroup
	for i := 30; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.CreateDataset(short, full(i))
			if err != nil && !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
				t.Errorf("create %d under deadline: %v", i, err)
			}
		}()
	}
	wg.Wait()
	for i := 30; i < 40; i++ {
		got, err := s.Dataset(ctx(t), dsID(i))
		switch catalog.ErrorCode(err) {
		case catalog.ENOTFOUND:
			if _, err := s.DatasetByDistribution(ctx(t), distID(i, 0)); catalog.ErrorCode(err) != catalog.ENOTFOUND {
				t.Fatalf("dataset %d absent but its distribution is there", i)
			}
		case "":
			sameDataset(t, "created under deadline", got, full(i))
		default:
			t.Fatal(err)
		}
	}
	cs, err := s.Changes(ctx(t), seq, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if _, err := s.Dataset(ctx(t), c.DatasetID); err != nil {
			t.Fatalf("change %d for dataset %s that was not written", c.Seq, c.DatasetID)
		}
	}
}

func testClosed(t *testing.T, s catalog.Store) {
	create(t, s, minimal(1))
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	_, err := s.Dataset(ctx(t), dsID(1))
	wantCode(t, "read after Close", err, catalog.EUNAVAILABLE)
	_, err = s.CreateDataset(ctx(t), minimal(2))
	wantCode(t, "write after Close", err, catalog.EUNAVAILABLE)
	wantCode(t, "Ping after Close", s.Ping(ctx(t)), catalog.EUNAVAILABLE)
}

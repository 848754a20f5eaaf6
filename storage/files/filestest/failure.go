package filestest

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

// failPoint is past the first multipart part of any store configured with
// parts under 12 MiB, so that S3 must abort a started multipart upload.
func failPoint() int64 { return 12<<20 + 4321 }

// afterN runs hook once n bytes have been read, then keeps reading or
// returns err.
type afterN struct {
	r    io.Reader
	n    int64
	hook func()
	err  error
}

func (a *afterN) Read(p []byte) (int, error) {
	if a.n <= 0 {
		if a.hook != nil {
			a.hook()
			a.hook = nil
		}
		if a.err != nil {
			return 0, a.err
		}
	} else if int64(len(p)) > a.n {
		p = p[:a.n]
	}
	n, err := a.r.Read(p)
	a.n -= int64(n)
	return n, err
}

func testCancelledMidPut(t *testing.T, s catalog.FileStore, prefix string) {
	for _, size := range []int64{-1, 4 * failPoint()} {
		key := prefix + "cancelled"
		ctx, cancel := context.WithCancel(context.Background())
		r := &afterN{r: Stream(1, 4*failPoint()), n: failPoint(), hook: cancel}
		_, err := s.Put(ctx, key, r, size, "")
		cancel()
		if err == nil {
			t.Fatalf("size %d: Put succeeded after its context was cancelled", size)
		}
		assertAbsent(t, s, key)
	}
	// A context cancelled before the call stores nothing either.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Put(ctx, prefix+"pre-cancelled", strings.NewReader("x"), 1, ""); err == nil {
		t.Fatal("Put with cancelled context succeeded")
	}
	assertAbsent(t, s, prefix+"pre-cancelled")
}

func testFailingReader(t *testing.T, s catalog.FileStore, prefix string) {
	tooLarge := catalog.Errorf(catalog.ETOOLARGE, "upload over limit")
	tests := []struct {
		name string
		at   int64
		size int64
		err  error
	}{
		{"early unknown size", 1000, -1, errBoom},
		{"early known size", 1000, 5000, errBoom},
		{"after first part unknown size", failPoint(), -1, errBoom},
		{"after first part known size", failPoint(), 2 * failPoint(), errBoom},
		{"limit reader", failPoint(), -1, tooLarge},
	}
	for _, tc := range tests {
		key := prefix + "failing"
		r := &afterN{r: Stream(2, 4*failPoint()), n: tc.at, err: tc.err}
		_, err := s.Put(context.Background(), key, r, tc.size, "")
		if !errors.Is(err, tc.err) {
			t.Fatalf("%s: Put error %v, want %v", tc.name, err, tc.err)
		}
		if tc.err == tooLarge {
			wantCode(t, tc.name, err, catalog.ETOOLARGE)
		}
		assertAbsent(t, s, key)
	}
}

func testSizeMismatch(t *testing.T, s catalog.FileStore, prefix string) {
	tests := []struct {
		name       string
		body, size int64
	}{
		{"short small", 100, 200},
		{"long small", 200, 100},
		{"long by one", 101, 100},
		{"zero declared", 1, 0},
		{"short large", failPoint(), failPoint() + 1},
		{"long large", failPoint() + 1, failPoint()},
	}
	for _, tc := range tests {
		key := prefix + "mismatch"
		_, err := s.Put(context.Background(), key, Stream(4, tc.body), tc.size, "")
		wantCode(t, tc.name, err, catalog.EBADREQUEST)
		assertAbsent(t, s, key)
	}
}

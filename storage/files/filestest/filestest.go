// Package filestest is the conformance suite every catalog.FileStore runs.
// The local directory and S3 stores pass the same tests, so code above them
// may rely on one behaviour: streamed puts with correct hash and size,
// seekable reads, ENOTFOUND for absent keys, EINVALID for keys we would
// never generate, and nothing left under a key after a failed put. Every
// test writes under its own random prefix, so the suite can share a bucket
// with other runs and never assumes the store starts empty.
package filestest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	mrand "math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// Run runs the suite. open returns the store under test; it is called once
// per subtest and may return the same store each time.
func Run(t *testing.T, open func(t *testing.T) catalog.FileStore) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s catalog.FileStore, prefix string)
	}{
		{"PutOpenStatDelete", testPutOpenStatDelete},
		{"EmptyObject", testEmpty},
		{"LargeStreamed", testLarge},
		{"SeekAndPartialReads", testSeek},
		{"MissingKey", testMissing},
		{"InvalidKeys", testInvalidKeys},
		{"CancelledMidPut", testCancelledMidPut},
		{"FailingReaderMidPut", testFailingReader},
		{"DeclaredSizeMismatch", testSizeMismatch},
		{"ConcurrentPuts", testConcurrentPuts},
		{"Overwrite", testOverwrite},
		{"Walk", testWalk},
		{"Ping", func(t *testing.T, s catalog.FileStore, _ string) {
			if err := s.Ping(context.Background()); err != nil {
				t.Fatalf("Ping: %v", err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, prefix := open(t), randomPrefix(t)
			t.Cleanup(func() { removePrefix(t, s, prefix) })
			tc.fn(t, s, prefix)
		})
	}
}

func randomPrefix(t *testing.T) string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "conformance/" + hex.EncodeToString(b) + "/"
}

// Data returns n deterministic pseudo-random bytes; tests compare hashes
// instead of keeping copies of large objects.
func Data(seed uint64, n int) []byte {
	b := make([]byte, n)
	var s [32]byte
	s[0] = byte(seed)
	s[1] = byte(seed >> 8)
	mrand.NewChaCha8(s).Read(b)
	return b
}

// Stream is an io.Reader of n pseudo-random bytes that never holds them
// all, for objects larger than a test should allocate.
func Stream(seed uint64, n int64) io.Reader {
	var s [32]byte
	s[0] = byte(seed)
	s[1] = byte(seed >> 8)
	return io.LimitReader(mrand.NewChaCha8(s), n)
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func put(t *testing.T, s catalog.FileStore, key string, b []byte, size int64, ct string) catalog.FileInfo {
	t.Helper()
	fi, err := s.Put(context.Background(), key, bytes.NewReader(b), size, ct)
	if err != nil {
		t.Fatalf("Put(%s): %v", key, err)
	}
	return fi
}

func readAll(t *testing.T, s catalog.FileStore, key string) []byte {
	t.Helper()
	f, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("Open(%s): %v", key, err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatalf("read %s: %v", key, err)
	}
	return b
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := catalog.ErrorCode(err); got != code {
		t.Fatalf("%s: error code %q (%v), want %q", what, got, err, code)
	}
}

// assertAbsent checks that key is neither statable nor walked.
func assertAbsent(t *testing.T, s catalog.FileStore, key string) {
	t.Helper()
	_, err := s.Stat(context.Background(), key)
	wantCode(t, "Stat after failed put", err, catalog.ENOTFOUND)
	if keys := walkKeys(t, s, key); len(keys) != 0 {
		t.Fatalf("Walk still lists %v", keys)
	}
}

func walkKeys(t *testing.T, s catalog.FileStore, prefix string) map[string]catalog.FileInfo {
	t.Helper()
	got := map[string]catalog.FileInfo{}
	err := s.Walk(context.Background(), func(fi catalog.FileInfo) error {
		if strings.HasPrefix(fi.Key, prefix) {
			got[fi.Key] = fi
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	return got
}

// removePrefix deletes what a test stored, so that runs against a shared
// bucket do not accumulate objects.
func removePrefix(t *testing.T, s catalog.FileStore, prefix string) {
	var keys []string
	err := s.Walk(context.Background(), func(fi catalog.FileInfo) error {
		if strings.HasPrefix(fi.Key, prefix) {
			keys = append(keys, fi.Key)
		}
		return nil
	})
	for _, k := range keys {
		if derr := s.Delete(context.Background(), k); err == nil {
			err = derr
		}
	}
	if err != nil {
		t.Errorf("cleaning up %s: %v", prefix, err)
	}
}

func near(a, b time.Time, d time.Duration) bool {
	diff := a.Sub(b)
	return diff < d && diff > -d
}

// errBoom is what failing readers return; the store must hand it back.
var errBoom = errors.New("filestest: boom")

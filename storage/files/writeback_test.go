package files

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The writer passes every byte through and asks for writeback of
// consecutive ranges of at least writebackEvery bytes, never of bytes not
// yet written.
func TestWritebackFile(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "x"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type span struct{ off, n int64 }
	var kicks []span
	w := &writebackFile{f: f, kick: func(_ *os.File, off, n int64) { kicks = append(kicks, span{off, n}) }}
	want := bytes.Repeat([]byte("0123456789abcdefghijklmnopqrstuvwxyz"), (20<<20)/36+1)
	var written int64
	for i, p := 0, want; len(p) > 0; i++ {
		n := min(len(p), 1000+i*4099%300000)
		m, err := w.Write(p[:n])
		if err != nil || m != n {
			t.Fatal(m, err)
		}
		written += int64(m)
		if len(kicks) > 0 {
			if k := kicks[len(kicks)-1]; k.off+k.n > written {
				t.Fatalf("writeback of %d..%d requested after only %d bytes", k.off, k.off+k.n, written)
			}
		}
		p = p[n:]
	}
	got, _ := os.ReadFile(f.Name())
	if !bytes.Equal(got, want) {
		t.Fatalf("file has %d bytes, want %d", len(got), len(want))
	}
	if len(kicks) != int(int64(len(want))/writebackEvery) {
		t.Fatalf("%d writeback requests for %d bytes: %v", len(kicks), len(want), kicks)
	}
	var next int64
	for _, k := range kicks {
		if k.off != next || k.n < writebackEvery {
			t.Fatalf("writeback ranges %v are not consecutive ranges of ≥ %d", kicks, writebackEvery)
		}
		next = k.off + k.n
	}
	startWriteback(f, 0, int64(len(want))) // the real call must not fail or block
}

// A writer for a file that already holds bytes asks for writeback of the
// bytes it writes, at their file offsets.
func TestWritebackWriterOffset(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "x"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.Write(make([]byte, 100))
	var first int64 = -1
	w := NewWritebackWriter(f, 100).(*writebackFile)
	w.kick = func(_ *os.File, off, n int64) {
		if first < 0 {
			first = off
		}
	}
	w.Write(make([]byte, writebackEvery))
	if first != 100 {
		t.Fatalf("first writeback at %d, want 100", first)
	}
}

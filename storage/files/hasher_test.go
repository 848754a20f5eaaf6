package files

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// Writes of every size, across buffer boundaries, hash like crypto/sha256.
func TestAsyncHash(t *testing.T) {
	data := make([]byte, 3<<20+17)
	for i := range data {
		data[i] = byte(i * 7)
	}
	for _, chunk := range []int{1, 1000, 32 << 10, 1 << 20, 1<<20 + 1, len(data)} {
		a := newAsyncHash()
		for p := data; len(p) > 0; {
			n := min(chunk, len(p))
			a.Write(p[:n])
			// The caller may scribble over its buffer right after Write.
			p = p[n:]
		}
		want := sha256.Sum256(data)
		if got := a.Sum(); got != hex.EncodeToString(want[:]) {
			t.Fatalf("chunk %d: hash mismatch", chunk)
		}
		a.Close() // second close is harmless
	}
	empty := newAsyncHash()
	if got := empty.Sum(); got != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Fatalf("empty hash %s", got)
	}
}

// The caller reusing its buffer must not change the hash.
func TestAsyncHashCopiesInput(t *testing.T) {
	a := newAsyncHash()
	buf := []byte("abc")
	a.Write(buf)
	copy(buf, "xyz")
	want := sha256.Sum256([]byte("abc"))
	if a.Sum() != hex.EncodeToString(want[:]) {
		t.Fatal("hash saw the overwritten buffer")
	}
}

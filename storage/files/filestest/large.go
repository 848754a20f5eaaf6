package filestest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

// largeSize is big enough to need several multipart parts on S3 (minio-go
// refuses parts under 5 MiB) and to show a store that buffers whole bodies.
func largeSize() int64 {
	if testing.Short() {
		return 12 << 20
	}
	return 64 << 20
}

func streamSum(seed uint64, n int64) string {
	h := sha256.New()
	io.Copy(h, Stream(seed, n))
	return hex.EncodeToString(h.Sum(nil))
}

func testLarge(t *testing.T, s catalog.FileStore, prefix string) {
	n := largeSize()
	want := streamSum(7, n)
	for _, size := range []int64{-1, n} {
		key := prefix + "large"
		fi, err := s.Put(context.Background(), key, Stream(7, n), size, "application/octet-stream")
		if err != nil {
			t.Fatalf("size %d: Put: %v", size, err)
		}
		if fi.Size != n || fi.SHA256 != want {
			t.Fatalf("size %d: Put = %+v, want size %d sha %s", size, fi, n, want)
		}
		f, err := s.Open(context.Background(), key)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		h := sha256.New()
		got, err := io.Copy(h, f)
		f.Close()
		if err != nil || got != n || hex.EncodeToString(h.Sum(nil)) != want {
			t.Fatalf("read back %d bytes (err %v), hash match %v", got, err, hex.EncodeToString(h.Sum(nil)) == want)
		}
	}
}

func testSeek(t *testing.T, s catalog.FileStore, prefix string) {
	data := Data(3, 1<<20+123)
	size := int64(len(data))
	key := prefix + "seek"
	put(t, s, key, data, size, "")
	f, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	steps := []struct {
		name    string
		offset  int64
		whence  int
		wantPos int64
		read    int
	}{
		{"read head", 0, io.SeekCurrent, 0, 100},
		{"skip forward", 1000, io.SeekCurrent, 1100, 4096},
		{"tail", -10, io.SeekEnd, size - 10, 10},
		{"size probe", 0, io.SeekEnd, size, 0},
		{"rewind", 0, io.SeekStart, 0, 70000},
		{"backwards", 500, io.SeekStart, 500, 1},
		{"middle", size / 2, io.SeekStart, size / 2, 300000},
		{"same place twice", size / 2, io.SeekStart, size / 2, 5},
	}
	for _, st := range steps {
		pos, err := f.Seek(st.offset, st.whence)
		if err != nil || pos != st.wantPos {
			t.Fatalf("%s: Seek = %d, %v; want %d", st.name, pos, err, st.wantPos)
		}
		buf := make([]byte, st.read)
		if _, err := io.ReadFull(f, buf); err != nil {
			t.Fatalf("%s: read %d: %v", st.name, st.read, err)
		}
		if !bytes.Equal(buf, data[pos:pos+int64(st.read)]) {
			t.Fatalf("%s: wrong bytes at %d", st.name, pos)
		}
	}
	if _, err := f.Seek(size+10, io.SeekStart); err == nil {
		if n, err := f.Read(make([]byte, 10)); n != 0 || err != io.EOF {
			t.Fatalf("read past end = %d, %v; want 0, EOF", n, err)
		}
	}
	if _, err := f.Seek(-1, io.SeekStart); err == nil {
		t.Fatal("Seek to -1 succeeded")
	}
	// After a rejected seek the file still reads from a valid position.
	f.Seek(0, io.SeekStart)
	buf := make([]byte, 8)
	if _, err := io.ReadFull(f, buf); err != nil || !bytes.Equal(buf, data[:8]) {
		t.Fatalf("read after bad seek: %v", err)
	}
}

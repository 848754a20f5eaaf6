package filestest

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

func testPutOpenStatDelete(t *testing.T, s catalog.FileStore, prefix string) {
	ctx := context.Background()
	body := []byte("name;einwohner\nMünster;316403\n")
	for _, size := range []int64{int64(len(body)), -1} {
		key := prefix + "small"
		before := time.Now()
		fi := put(t, s, key, body, size, "text/csv")
		if fi.Key != key || fi.Size != int64(len(body)) || fi.SHA256 != sum(body) || fi.ContentType != "text/csv" {
			t.Fatalf("size %d: Put returned %+v", size, fi)
		}
		if !near(fi.ModTime, before, 5*time.Minute) {
			t.Fatalf("Put ModTime %v far from now %v", fi.ModTime, before)
		}
		st, err := s.Stat(ctx, key)
		if err != nil {
			t.Fatalf("Stat: %v", err)
		}
		if st.Key != key || st.Size != fi.Size || !near(st.ModTime, fi.ModTime, 2*time.Second) {
			t.Fatalf("Stat = %+v, Put = %+v", st, fi)
		}
		if st.SHA256 != "" && st.SHA256 != fi.SHA256 {
			t.Fatalf("Stat SHA256 %q, want %q or empty", st.SHA256, fi.SHA256)
		}
		if st.ContentType != "" && st.ContentType != "text/csv" {
			t.Fatalf("Stat ContentType %q", st.ContentType)
		}
		f, err := s.Open(ctx, key)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		if info := f.Info(); info.Size != fi.Size || info.Key != key || (info.SHA256 != "" && info.SHA256 != fi.SHA256) {
			t.Fatalf("Info() = %+v", info)
		}
		got, err := io.ReadAll(f)
		if err != nil || string(got) != string(body) {
			t.Fatalf("read %q, %v", got, err)
		}
		if err := f.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if err := s.Delete(ctx, key); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		_, err = s.Stat(ctx, key)
		wantCode(t, "Stat after Delete", err, catalog.ENOTFOUND)
		if err := s.Delete(ctx, key); err != nil {
			t.Fatalf("second Delete: %v", err)
		}
	}
}

func testEmpty(t *testing.T, s catalog.FileStore, prefix string) {
	for i, size := range []int64{0, -1} {
		key := prefix + "empty" + string(rune('a'+i))
		fi := put(t, s, key, nil, size, "")
		if fi.Size != 0 || fi.SHA256 != sum(nil) {
			t.Fatalf("size %d: Put = %+v", size, fi)
		}
		if b := readAll(t, s, key); len(b) != 0 {
			t.Fatalf("read %d bytes from empty object", len(b))
		}
	}
}

func testMissing(t *testing.T, s catalog.FileStore, prefix string) {
	ctx := context.Background()
	key := prefix + "does-not-exist"
	_, err := s.Open(ctx, key)
	wantCode(t, "Open", err, catalog.ENOTFOUND)
	_, err = s.Stat(ctx, key)
	wantCode(t, "Stat", err, catalog.ENOTFOUND)
	if err := s.Delete(ctx, key); err != nil {
		t.Fatalf("Delete of absent key: %v", err)
	}
}

func testInvalidKeys(t *testing.T, s catalog.FileStore, prefix string) {
	ctx := context.Background()
	long := prefix
	for len(long) <= 300 {
		long += "abcdefghij"
	}
	for _, key := range []string{
		"", "/abs", "../escape", prefix + "../x", prefix + "a/../../b", prefix + "./x", prefix + "a//b",
		prefix + "Upper", prefix + "sp ace", prefix + "nul\x00", prefix + "ctl\n", prefix + ".hidden",
		prefix + "x/", prefix + "back\\slash", prefix + "ümlaut", ".tmp/x", ".meta/x", long,
	} {
		_, err := s.Put(ctx, key, nopReader{}, 0, "")
		wantCode(t, "Put("+key+")", err, catalog.EINVALID)
		_, err = s.Open(ctx, key)
		wantCode(t, "Open("+key+")", err, catalog.EINVALID)
		_, err = s.Stat(ctx, key)
		wantCode(t, "Stat("+key+")", err, catalog.EINVALID)
		wantCode(t, "Delete("+key+")", s.Delete(ctx, key), catalog.EINVALID)
	}
	if keys := walkKeys(t, s, prefix); len(keys) != 0 {
		t.Fatalf("invalid keys stored something: %v", keys)
	}
}

type nopReader struct{}

func (nopReader) Read([]byte) (int, error) { return 0, io.EOF }

package files_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/storage/files"
	"github.com/datenportal/datenportal/storage/files/filestest"
)

func openLocal(t *testing.T, dataDir string) catalog.FileStore {
	t.Helper()
	s, err := files.Open(context.Background(), "", dataDir, files.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLocalConformance(t *testing.T) {
	dir := t.TempDir()
	s := openLocal(t, dir)
	filestest.Run(t, func(t *testing.T) catalog.FileStore { return s })
	// Failed and finished uploads leave no temporary files behind.
	entries, err := os.ReadDir(filepath.Join(dir, "files", ".tmp"))
	if err != nil || len(entries) != 0 {
		t.Fatalf("temporary files left: %v, %v", entries, err)
	}
}

func TestLocalLayout(t *testing.T) {
	dir := t.TempDir()
	s := openLocal(t, dir)
	key := files.NewKey()
	if _, err := s.Put(context.Background(), key, strings.NewReader("abc"), 3, "text/plain"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "files", filepath.FromSlash(key)))
	if err != nil || string(b) != "abc" {
		t.Fatalf("object not at <data-dir>/files/<key>: %q, %v", b, err)
	}
}

// The sidecar must never make Stat report a hash for other bytes.
func TestLocalSidecarMismatchIgnored(t *testing.T) {
	dir := t.TempDir()
	s := openLocal(t, dir)
	ctx := context.Background()
	key := "resources/aa/x"
	fi, err := s.Put(ctx, key, strings.NewReader("first"), -1, "text/plain")
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := s.Stat(ctx, key); st.SHA256 != fi.SHA256 || st.ContentType != "text/plain" {
		t.Fatalf("Stat without tampering = %+v", st)
	}
	// Replace the data behind the store's back, as a crash between data
	// and sidecar or a restore from backup might.
	p := filepath.Join(dir, "files", "resources", "aa", "x")
	if err := os.WriteFile(p, []byte("other!"), 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := s.Stat(ctx, key)
	if err != nil || st.SHA256 != "" || st.Size != 6 {
		t.Fatalf("Stat after tampering = %+v, %v; want no hash", st, err)
	}
	// A corrupt sidecar is ignored too.
	os.WriteFile(filepath.Join(dir, "files", ".meta", "resources", "aa", "x"), []byte("{garbage"), 0o600)
	if st, err := s.Stat(ctx, key); err != nil || st.SHA256 != "" {
		t.Fatalf("Stat with corrupt sidecar = %+v, %v", st, err)
	}
}

func TestLocalWalkSkipsForeignFiles(t *testing.T) {
	dir := t.TempDir()
	s := openLocal(t, dir)
	root := filepath.Join(dir, "files")
	os.WriteFile(filepath.Join(root, "README.TXT"), []byte("x"), 0o600)
	os.MkdirAll(filepath.Join(root, ".snapshot"), 0o700)
	os.WriteFile(filepath.Join(root, ".snapshot", "a"), []byte("x"), 0o600)
	s.Put(context.Background(), "ok", strings.NewReader("1"), 1, "")
	var keys []string
	s.Walk(context.Background(), func(fi catalog.FileInfo) error { keys = append(keys, fi.Key); return nil })
	if len(keys) != 1 || keys[0] != "ok" {
		t.Fatalf("Walk = %v, want [ok]", keys)
	}
}

func TestLocalKeyCollision(t *testing.T) {
	s := openLocal(t, t.TempDir())
	ctx := context.Background()
	if _, err := s.Put(ctx, "a/b", strings.NewReader("1"), 1, ""); err != nil {
		t.Fatal(err)
	}
	_, err := s.Put(ctx, "a", strings.NewReader("1"), 1, "")
	if catalog.ErrorCode(err) != catalog.ECONFLICT {
		t.Fatalf("Put over a directory: %v, want ECONFLICT", err)
	}
	_, err = s.Put(ctx, "a/b/c", strings.NewReader("1"), 1, "")
	if catalog.ErrorCode(err) != catalog.ECONFLICT {
		t.Fatalf("Put under a file: %v, want ECONFLICT", err)
	}
	if _, err := s.Stat(ctx, "a/b/c"); catalog.ErrorCode(err) != catalog.ENOTFOUND {
		t.Fatalf("Stat under a file: %v, want ENOTFOUND", err)
	}
}

func TestLocalPingFailsWhenDirectoryGone(t *testing.T) {
	dir := t.TempDir()
	s := openLocal(t, dir)
	if err := s.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(dir, "files"))
	if err := s.Ping(context.Background()); catalog.ErrorCode(err) != catalog.EUNAVAILABLE {
		t.Fatalf("Ping without directory: %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := files.Open(context.Background(), "", "", files.Options{}); err == nil {
		t.Fatal("empty data dir accepted")
	}
	if _, err := files.Open(context.Background(), "s3://bucket?endpoint=127.0.0.1:1", t.TempDir(), files.Options{}); err == nil || !strings.Contains(err.Error(), "DATENPORTAL_S3_ACCESS_KEY") {
		t.Fatalf("missing credentials: %v", err)
	}
	if _, err := files.Open(context.Background(), "gs://bucket", t.TempDir(), files.Options{}); err == nil || !strings.Contains(err.Error(), "scheme") {
		t.Fatalf("bad scheme: %v", err)
	}
}

func TestSweepLocal(t *testing.T) {
	dir := t.TempDir()
	s := openLocal(t, dir)
	ctx := context.Background()
	keep, drop, fresh := files.NewKey(), files.NewKey(), files.NewKey()
	for _, k := range []string{keep, drop, fresh} {
		if _, err := s.Put(ctx, k, strings.NewReader(k), -1, ""); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * time.Hour)
	for _, k := range []string{keep, drop} {
		os.Chtimes(filepath.Join(dir, "files", filepath.FromSlash(k)), old, old)
	}
	// A temporary file of an upload that crashed long ago.
	stale := filepath.Join(dir, "files", ".tmp", "put-crashed")
	os.WriteFile(stale, []byte("half"), 0o600)
	os.Chtimes(stale, old, old)
	refs := map[string]bool{keep: true}
	n, err := files.Sweep(ctx, s, func(k string) (bool, error) { return refs[k], nil }, time.Hour)
	if err != nil || n != 2 {
		t.Fatalf("Sweep = %d, %v; want 2 (one object, one temp file)", n, err)
	}
	for k, want := range map[string]string{keep: "", drop: catalog.ENOTFOUND, fresh: ""} {
		if _, err := s.Stat(ctx, k); catalog.ErrorCode(err) != want {
			t.Fatalf("%s after sweep: %v, want %q", k, err, want)
		}
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Fatal("stale temp file survived")
	}
}

func TestSweepStopsOnLookupError(t *testing.T) {
	s := openLocal(t, t.TempDir())
	ctx := context.Background()
	s.Put(ctx, files.NewKey(), strings.NewReader("x"), 1, "")
	boom := catalog.Unavailable("database", nil)
	n, err := files.Sweep(ctx, s, func(string) (bool, error) { return false, boom }, 0)
	if err != boom || n != 0 {
		t.Fatalf("Sweep = %d, %v; want 0 and the lookup error", n, err)
	}
	if _, err := files.Sweep(ctx, s, nil, -time.Second); err == nil {
		t.Fatal("negative grace accepted")
	}
}

func TestSweepEvery(t *testing.T) {
	s := openLocal(t, t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	s.Put(ctx, files.NewKey(), strings.NewReader("x"), 1, "")
	results := make(chan int, 10)
	done := make(chan struct{})
	go func() {
		files.SweepEvery(ctx, 10*time.Millisecond, s, func(string) (bool, error) { return false, nil }, 0, func(n int, err error) {
			if err != nil {
				t.Error(err)
			}
			results <- n
		})
		close(done)
	}()
	if n := <-results; n != 1 {
		t.Fatalf("first sweep removed %d, want 1", n)
	}
	if n := <-results; n != 0 {
		t.Fatalf("second sweep removed %d, want 0", n)
	}
	cancel()
	<-done
}

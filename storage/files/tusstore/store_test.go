package tusstore

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tus/tusd/v2/pkg/handler"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/storage/files"
)

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{
		newID(): true, strings.Repeat("a", 32): true, strings.Repeat("A", 32): false, "../" + strings.Repeat("a", 29): false,
		"": false, strings.Repeat("a", 31): false, strings.Repeat("a", 33): false, strings.Repeat("a", 31) + "/": false,
	} {
		if ValidID(id) != want {
			t.Errorf("ValidID(%q) = %v", id, !want)
		}
	}
}

func TestExpiresAt(t *testing.T) {
	s := &Store{cfg: Config{Idle: 24 * time.Hour, MaxAge: 48 * time.Hour}}
	t0 := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	cases := []struct{ touched, want time.Duration }{{0, 24 * time.Hour}, {10 * time.Hour, 34 * time.Hour}, {30 * time.Hour, 48 * time.Hour}}
	for _, c := range cases {
		if got := s.ExpiresAt(t0, t0.Add(c.touched)); !got.Equal(t0.Add(c.want)) {
			t.Errorf("touched +%v: expires %v, want +%v", c.touched, got.Sub(t0), c.want)
		}
	}
}

func TestParseTarget(t *testing.T) {
	tg, err := parseTarget("s3://daten/portal/a?endpoint=127.0.0.1:9000&secure=false&region=eu-central-1&lookup=path")
	if err != nil || tg.bucket != "daten" || tg.prefix != "portal/a/" || tg.endpoint != "127.0.0.1:9000" || tg.secure || tg.region != "eu-central-1" {
		t.Fatalf("%+v %v", tg, err)
	}
	tg, err = parseTarget("s3://daten")
	if err != nil || tg.prefix != "" || !tg.secure || tg.endpoint != "s3.amazonaws.com" {
		t.Fatalf("%+v %v", tg, err)
	}
	for _, bad := range []string{"http://x", "s3://", "s3://b?secure=vielleicht"} {
		if _, err := parseTarget(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// A damaged info is not found (the client starts anew), never followed,
// and the sweep removes it with its data.
func TestCorruptInfo(t *testing.T) {
	dir := t.TempDir()
	fs, err := files.Open(t.Context(), "", dir, files.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(t.Context(), "", dir, files.Options{}, fs, Config{})
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.NewUpload(t.Context(), handler.FileInfo{Size: 10, Storage: map[string]string{OwnerKey: "u1"}})
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := u.GetInfo(t.Context())
	if _, err := u.WriteChunk(t.Context(), 0, strings.NewReader("01234")); err != nil {
		t.Fatal(err)
	}
	tus := filepath.Join(dir, "files", ".tus")
	for _, body := range []string{"{", `{"id":"` + fi.ID + `","size":10,"offset":11,"owner":"u1","key":"resources/aa/x","state":"receiving"}`,
		`{"id":"` + strings.Repeat("b", 32) + `","size":10,"owner":"u1","key":"resources/aa/x","state":"receiving"}`} {
		if err := os.WriteFile(filepath.Join(tus, fi.ID+".info"), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Info(t.Context(), fi.ID); catalog.ErrorCode(err) != catalog.ENOTFOUND {
			t.Fatalf("info %s: %v", body, err)
		}
		if _, err := s.GetUpload(t.Context(), fi.ID); !errors.Is(err, handler.ErrNotFound) {
			t.Fatalf("GetUpload with info %s: %v", body, err)
		}
	}
	if n, err := s.Sweep(context.Background()); err != nil || n != 1 {
		t.Fatalf("sweep: %d, %v", n, err)
	}
	if left, _ := os.ReadDir(tus); len(left) != 0 {
		t.Fatalf("left after sweep: %v", left)
	}
}

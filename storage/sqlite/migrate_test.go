package sqlite_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/datenportal/datenportal/storage/sqlite"
)

// latest is the number of embedded migrations: each file is one version.
func latest(t *testing.T) int {
	t.Helper()
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations found: %v", err)
	}
	return len(files)
}

func TestMigrate(t *testing.T) {
	want := latest(t)
	path := filepath.Join(t.TempDir(), "sub", "dir", "m.db")
	for run := range 3 {
		v, err := sqlite.Migrate(t.Context(), path)
		if err != nil || v != want {
			t.Fatalf("run %d: Migrate = %d, %v; want version %d", run, v, err, want)
		}
	}
	s, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := s.Migrate(t.Context()); err != nil || v != want {
		t.Fatalf("(*Store).Migrate = %d, %v", v, err)
	}
	s.Close()

	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil || n != want {
		t.Fatalf("schema_migrations has %d rows, %v; want %d (re-running must be a no-op)", n, err, want)
	}
	// A newer binary has migrated this file: refuse, do not guess.
	if _, err := db.Exec("INSERT INTO schema_migrations (version, applied_at) VALUES (99, 0)"); err != nil {
		t.Fatal(err)
	}
	for name, open := range map[string]func() error{
		"Open": func() error {
			s, err := sqlite.Open(t.Context(), path)
			s.Close()
			return err
		},
		"Migrate": func() error { _, err := sqlite.Migrate(t.Context(), path); return err },
	} {
		if err := open(); err == nil || !strings.Contains(err.Error(), "newer") {
			t.Errorf("%s on a newer database: %v, want an error saying it is newer", name, err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	notDir := filepath.Join(dir, "file")
	if err := os.WriteFile(notDir, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 500)), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{
		"empty path":        "",
		"parent is a file":  filepath.Join(notDir, "x.db"),
		"not a sqlite file": garbage,
	} {
		if s, err := sqlite.Open(t.Context(), path); err == nil {
			s.Close()
			t.Errorf("%s: Open succeeded", name)
		}
	}
}

// Paths are operator input; characters that mean something in a URI must
// still name the file.
func TestOpenOddPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a?b#c%20d ü")
	path := filepath.Join(dir, "x.db")
	s, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database not at %q: %v", path, err)
	}
}

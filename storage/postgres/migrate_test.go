package postgres_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/storage/postgres"
	"github.com/datenportal/datenportal/storage/testenv"
)

// migrationFiles lists migrations/ as shipped.
func migrationFiles(t *testing.T) []string {
	entries, err := os.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	return names
}

// TestMigrateConcurrently starts eight instances on an empty schema at
// once: the advisory lock lets one migrate, the rest find it done, and
// each migration is recorded once.
func TestMigrateConcurrently(t *testing.T) {
	dbURL := testenv.PostgresURL(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			s, err := postgres.Open(context.Background(), dbURL, postgres.Options{MaxConns: 2})
			if err != nil {
				errs <- err
				return
			}
			errs <- s.Close()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	files := migrationFiles(t)
	admin := adminConn(t, dbURL)
	var n, maxV int
	if err := admin.QueryRow(t.Context(), "SELECT count(*), max(version) FROM schema_migrations").Scan(&n, &maxV); err != nil {
		t.Fatal(err)
	}
	if n != len(files) {
		t.Fatalf("%d migrations recorded, %d shipped", n, len(files))
	}
	v, err := postgres.Migrate(t.Context(), dbURL)
	if err != nil || v != maxV {
		t.Fatalf("Migrate on a migrated schema = %d, %v; want %d", v, err, maxV)
	}
}

func TestMigrateErrors(t *testing.T) {
	cases := []struct {
		name    string
		prepare func(t *testing.T) string // returns the URL to open
		want    string
	}{
		{"schema newer than the binary", func(t *testing.T) string {
			dbURL := testenv.PostgresURL(t)
			if _, err := postgres.Migrate(t.Context(), dbURL); err != nil {
				t.Fatal(err)
			}
			exec(t, adminConn(t, dbURL), "INSERT INTO schema_migrations (version, name) VALUES (9999, '9999_future.sql')")
			return dbURL
		}, "newer than this binary"},
		{"search_path names no schema", func(t *testing.T) string {
			return strings.Replace(testenv.PostgresURL(t), "search_path=", "search_path=nonexistent_", 1)
		}, "schema"},
		{"not a URL", func(t *testing.T) string { return "postgres://[::1" }, "invalid database URL"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := postgres.Open(t.Context(), c.prepare(t), postgres.Options{})
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q does not say %q", err, c.want)
			}
		})
	}
}

// TestUnreachable: a server that does not answer is EUNAVAILABLE, and the
// password in the URL never appears in the error.
func TestUnreachable(t *testing.T) {
	_, err := postgres.Open(t.Context(), "postgres://u:geheim@127.0.0.1:1/db?connect_timeout=2", postgres.Options{})
	if catalog.ErrorCode(err) != catalog.EUNAVAILABLE || strings.Contains(err.Error(), "geheim") {
		t.Fatalf("Open on a closed port: %v; want EUNAVAILABLE without the password", err)
	}
}

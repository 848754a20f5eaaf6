package testenv_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/storage/testenv"
)

func dataset(id string) *catalog.Dataset {
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	return &catalog.Dataset{ID: id, Name: "ds-" + id, State: catalog.StateActive, Title: id, CreatedAt: at, ModifiedAt: at}
}

// Two stores in one test are two instances on one database; another test
// starts empty.
func TestStoreSharedWithinTest(t *testing.T) {
	for _, name := range []string{"first", "second"} {
		t.Run(name, func(t *testing.T) {
			a, b := testenv.Store(t), testenv.Store(t)
			if n, err := a.CountDatasets(t.Context(), catalog.DatasetFilter{}); err != nil || n != 0 {
				t.Fatalf("a fresh test's store holds %d datasets, %v", n, err)
			}
			if _, err := a.CreateDataset(t.Context(), dataset("x1")); err != nil {
				t.Fatal(err)
			}
			if _, err := b.Dataset(t.Context(), "x1"); err != nil {
				t.Fatalf("second store of the same test does not see the first's write: %v", err)
			}
		})
	}
}

func TestFileStore(t *testing.T) {
	fs := testenv.FileStore(t)
	fi, err := fs.Put(t.Context(), "resources/ab/abc", strings.NewReader("Straßenbäume"), -1, "text/plain")
	if err != nil || fi.Size != int64(len("Straßenbäume")) {
		t.Fatalf("Put: %+v, %v", fi, err)
	}
	if _, err := testenv.FileStore(t).Stat(t.Context(), "resources/ab/abc"); err != nil {
		t.Fatalf("a second FileStore in the same test does not see the object: %v", err)
	}
}

func TestURLsForTheBinary(t *testing.T) {
	env := testenv.Env(t)
	if got := env["DATENPORTAL_DATABASE_URL"]; (got != "") != testenv.Postgres() {
		t.Fatalf("DATENPORTAL_DATABASE_URL %q on the %v stack", got, testenv.Postgres())
	}
	if got := env["DATENPORTAL_STORAGE_URL"]; (got != "") != testenv.S3() {
		t.Fatalf("DATENPORTAL_STORAGE_URL %q with S3 %v", got, testenv.S3())
	}
	if testenv.DatabaseURL(t) != env["DATENPORTAL_DATABASE_URL"] {
		t.Fatal("DatabaseURL names another database than Env in the same test")
	}
}

// The schema a test gets is its own, usable, and gone after the test.
func TestPostgresSchemaDropped(t *testing.T) {
	var schemaURL string
	t.Run("user", func(t *testing.T) {
		schemaURL = testenv.PostgresURL(t)
		c, err := pgx.Connect(t.Context(), schemaURL)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(t.Context(), "CREATE TABLE probe (x int)"); err != nil {
			t.Fatalf("the test's schema is not usable: %v", err)
		}
	})
	if schemaURL == "" {
		t.Skip("!!! POSTGRESQL TESTS SKIPPED (see above)")
	}
	u, _ := url.Parse(schemaURL)
	schema := u.Query().Get("search_path")
	c, err := pgx.Connect(t.Context(), schemaURL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	var n int
	if err := c.QueryRow(t.Context(), "SELECT count(*) FROM pg_namespace WHERE nspname = $1", schema).Scan(&n); err != nil || n != 0 {
		t.Fatalf("schema %s still there after its test (%d, %v)", schema, n, err)
	}
}

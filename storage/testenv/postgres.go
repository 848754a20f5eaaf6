package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Environment variables read by this package.
const (
	EnvStore           = "DATENPORTAL_TEST_STORE" // "" or "sqlite", or "postgres"
	EnvFiles           = "DATENPORTAL_TEST_FILES" // "" or "local", or "s3"
	EnvPostgresURL     = "DATENPORTAL_TEST_POSTGRES_URL"
	EnvRequirePostgres = "DATENPORTAL_REQUIRE_POSTGRES"
	EnvS3URL           = "DATENPORTAL_TEST_S3_URL"
	EnvS3AccessKey     = "DATENPORTAL_TEST_S3_ACCESS_KEY"
	EnvS3SecretKey     = "DATENPORTAL_TEST_S3_SECRET_KEY"
	EnvRequireS3       = "DATENPORTAL_REQUIRE_S3"
)

// cleanupTimeout bounds dropping a test's schema or objects. Cleanup runs
// after t.Context() is cancelled, so it needs a context of its own.
const cleanupTimeout = 30 * time.Second

// PostgresURL returns the URL of a fresh, empty schema on the test
// PostgreSQL server, created for t and dropped with everything in it when
// t ends. The URL sets search_path to the schema and application_name to
// its name, so a test can find its own connections in pg_stat_activity.
// Without DATENPORTAL_TEST_POSTGRES_URL the test is skipped, loudly.
func PostgresURL(t testing.TB) string {
	t.Helper()
	return memo(t, "postgres", func() string { return newSchema(t, requirePostgres(t, false)) })
}

// NewPostgresURL is like PostgresURL but always creates another schema,
// for a test that needs two separate databases.
func NewPostgresURL(t testing.TB) string {
	t.Helper()
	return newSchema(t, requirePostgres(t, false))
}

// requirePostgres returns the base URL or skips (fails if required).
func requirePostgres(t testing.TB, required bool) string {
	t.Helper()
	base := os.Getenv(EnvPostgresURL)
	if base == "" {
		msg := "!!! POSTGRESQL TESTS SKIPPED: " + EnvPostgresURL + " is not set. " +
			"Set it to e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
		if required || os.Getenv(EnvRequirePostgres) == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return base
}

func newSchema(t testing.TB, base string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("%s must be a postgres:// URL", EnvPostgresURL)
	}
	schema := "dp_test_" + slug(t.Name(), 30) + "_" + randomHex(5)
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	if err := adminExec(ctx, base, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
		t.Fatalf("testenv: creating schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
		defer cancel()
		if err := adminExec(ctx, base, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
			t.Errorf("testenv: dropping schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	q.Set("application_name", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// adminExec runs one statement on a connection of its own.
func adminExec(ctx context.Context, dbURL, sql string) error {
	c, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer c.Close(context.WithoutCancel(ctx))
	_, err = c.Exec(ctx, sql)
	return err
}

// slug keeps the lower-case letters and digits of a test name, so that a
// schema or key prefix says which test made it.
func slug(name string, n int) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
		if b.Len() >= n {
			break
		}
	}
	return strings.Trim(b.String(), "_")
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

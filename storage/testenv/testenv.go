package testenv

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/storage/postgres"
	"github.com/datenportal/datenportal/storage/sqlite"
)

// openTimeout bounds opening a store (connecting and migrating).
const openTimeout = time.Minute

// Store returns a new store on t's database: SQLite in a temp directory
// by default, PostgreSQL on a fresh schema with DATENPORTAL_TEST_STORE=
// postgres. It is closed when t ends. A second call in the same test opens
// a second store on the same database, like a second server instance.
func Store(t testing.TB) catalog.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), openTimeout)
	defer cancel()
	var s catalog.Store
	var err error
	switch kind := storeKind(t); kind {
	case "postgres":
		// A small pool: parallel tests each hold one and the server's
		// max_connections is shared by all of them.
		s, err = postgres.Open(ctx, DatabaseURL(t), postgres.Options{MaxConns: 4})
	default:
		s, err = sqlite.Open(ctx, SQLitePath(t))
	}
	if err != nil {
		t.Fatalf("testenv: opening the store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// DatabaseURL is what the binary's --database-url gets for t: empty on
// the embedded stack (SQLite in --data-dir), else the URL of t's fresh
// PostgreSQL schema. It is the database Store(t) opens.
func DatabaseURL(t testing.TB) string {
	t.Helper()
	if storeKind(t) != "postgres" {
		return ""
	}
	return memo(t, "postgres", func() string { return newSchema(t, requirePostgres(t, true)) })
}

// SQLitePath is the SQLite file Store(t) opens on the embedded stack.
func SQLitePath(t testing.TB) string {
	t.Helper()
	return memo(t, "sqlite", func() string { return filepath.Join(t.TempDir(), "datenportal.db") })
}

// Postgres reports whether tests run on PostgreSQL.
func Postgres() bool { return os.Getenv(EnvStore) == "postgres" }

// S3 reports whether tests run on S3.
func S3() bool { return os.Getenv(EnvFiles) == "s3" }

func storeKind(t testing.TB) string {
	switch k := os.Getenv(EnvStore); k {
	case "", "sqlite":
		return "sqlite"
	case "postgres":
		return k
	default:
		t.Fatalf("testenv: %s=%q: want sqlite or postgres", EnvStore, k)
		return ""
	}
}

// Env is the environment for running the binary (Main.Getenv) on t's
// stack: database and storage URLs and S3 credentials, all empty on the
// embedded stack.
func Env(t testing.TB) map[string]string {
	t.Helper()
	env := map[string]string{
		"DATENPORTAL_DATABASE_URL": DatabaseURL(t),
		"DATENPORTAL_STORAGE_URL":  StorageURL(t),
	}
	if env["DATENPORTAL_STORAGE_URL"] != "" {
		env["DATENPORTAL_S3_ACCESS_KEY"] = os.Getenv(EnvS3AccessKey)
		env["DATENPORTAL_S3_SECRET_KEY"] = os.Getenv(EnvS3SecretKey)
	}
	return env
}

// memo keeps one value per test and kind, so that every helper called in
// one test talks about the same database, bucket prefix or directory.
var (
	memoMu sync.Mutex
	memos  = map[memoKey]string{}
)

type memoKey struct {
	t    testing.TB
	kind string
}

func memo(t testing.TB, kind string, make func() string) string {
	t.Helper()
	k := memoKey{t, kind}
	memoMu.Lock()
	v, ok := memos[k]
	memoMu.Unlock()
	if ok {
		return v
	}
	v = make()
	memoMu.Lock()
	memos[k] = v
	memoMu.Unlock()
	t.Cleanup(func() {
		memoMu.Lock()
		delete(memos, k)
		memoMu.Unlock()
	})
	return v
}

package postgres_test

import (
	"context"
	"testing"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/storage/postgres"
	"github.com/datenportal/datenportal/storage/storetest"
	"github.com/datenportal/datenportal/storage/testenv"
)

// open opens a store on url and closes it when t ends.
func open(t testing.TB, url string) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), url, postgres.Options{MaxConns: 8})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// openFresh opens a store on a schema of t's own.
func openFresh(t testing.TB) *postgres.Store {
	t.Helper()
	return open(t, testenv.PostgresURL(t))
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) catalog.Store { return openFresh(t) })
}

// Two stores on one schema are two server instances on one database.
func TestSharedDatabase(t *testing.T) {
	storetest.RunShared(t, func(t *testing.T) (catalog.Store, catalog.Store) {
		url := testenv.PostgresURL(t)
		return open(t, url), open(t, url)
	})
}

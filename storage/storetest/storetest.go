// Package storetest is the conformance suite for catalog.Store: every
// metadata store (storage/sqlite, storage/postgres) runs Run from its own
// tests, so the contract written in catalog/store.go is checked the same
// way on every engine. Each subtest gets a fresh, empty store from open.
// The suite only uses the catalog.Store interface and ASCII names whose
// order is the same under byte order and common collations, so it stays
// engine-neutral. Beyond catalog/store.go it pins down what callers
// rely on: times are kept in UTC with microsecond precision (finer digits
// are truncated), the store checks its own invariants (ids, names, known
// states, valid UTF-8) with EINVALID, references to missing users or
// organisations are ENOTFOUND, and a closed store reports EUNAVAILABLE.
package storetest

import (
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

// Opener returns a new, empty, migrated store. It must arrange for the
// store to be closed when t ends (t.Cleanup); the suite may close it
// earlier itself, so Close must be safe to call twice.
type Opener func(t *testing.T) catalog.Store

type test struct {
	name string
	fn   func(t *testing.T, s catalog.Store)
}

// Run runs the whole suite, one fresh store per subtest.
func Run(t *testing.T, open func(t *testing.T) catalog.Store) {
	groups := [][]test{datasetTests, batchTests, listTests, changeTests, accountTests, miscTests}
	for _, g := range groups {
		for _, tc := range g {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				tc.fn(t, open(t))
			})
		}
	}
}

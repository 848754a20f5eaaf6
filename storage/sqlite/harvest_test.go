package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/harvest/harvesttest"
	"github.com/datenportal/datenportal/storage/sqlite"
)

func TestHarvestStore(t *testing.T) {
	harvesttest.Run(t, func(t *testing.T) harvest.Store {
		s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "h.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

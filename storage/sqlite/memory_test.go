package sqlite

import (
	"runtime"
	"strings"
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

// bulkInsert seeds n datasets in one transaction: the same rows
// CreateDataset writes, minus the per-write commit, so a large catalogue
// is ready in seconds.
func bulkInsert(t testing.TB, s *Store, n int, description string) {
	t.Helper()
	tx, err := s.w.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for i := range n {
		d := benchDataset(i)
		d.Description = description
		row, err := encodeDataset(d)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO datasets (id, name, organization_id, private, state, harvest_source_id, created_at, modified_at, doc)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, row.id, row.name, row.orgID, row.private, row.state, row.harvestSourceID,
			row.createdAt, row.modifiedAt, row.doc); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestEachDatasetBoundedMemory streams a catalogue several times larger
// than the heap it may use: a store that loads everything fails.
func TestEachDatasetBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 120 MB of metadata; skipped with -short")
	}
	const n = 15000
	desc := strings.Repeat("Lange Beschreibung eines Datensatzes. ", 200) // ~7.6 KB
	s := openTest(t)
	bulkInsert(t, s, n, desc)
	total := int64(n) * int64(len(desc))

	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapInuse, ms.HeapInuse
	count := 0
	err := s.EachDataset(t.Context(), catalog.DatasetFilter{Order: catalog.OrderModified}, func(d *catalog.Dataset) error {
		count++
		if count%250 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
		return nil
	})
	if err != nil || count != n {
		t.Fatalf("streamed %d of %d: %v", count, n, err)
	}
	grew := int64(peak - base)
	t.Logf("streamed %d datasets (%d MB of descriptions); heap grew by at most %d MB", n, total>>20, grew>>20)
	if grew > total/4 {
		t.Fatalf("heap grew by %d MB while streaming %d MB: EachDataset does not stream", grew>>20, total>>20)
	}
}

package postgres_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/storage/testenv"
)

// benchDataset is storage/sqlite's benchmark record (~3 KB of JSON, two
// distributions), so the numbers compare.
func benchDataset(i int) *catalog.Dataset {
	t0 := time.Date(2025, 3, 1, 10, 0, 0, 123456000, time.UTC)
	d := &catalog.Dataset{
		ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Name: fmt.Sprintf("baumkataster-%d", i),
		OrganizationID: "org-1", State: catalog.StateActive,
		Title:                  "Baumkataster Musterstadt",
		Description:            strings.Repeat("Alle Straßenbäume der Stadt mit Art, Höhe und Pflanzjahr. ", 20),
		Keywords:               []string{"Bäume", "Umwelt", "Grünflächen", "Stadtgrün"},
		Themes:                 []string{"http://publications.europa.eu/resource/authority/data-theme/ENVI"},
		Publisher:              &catalog.Agent{Name: "Stadt Musterstadt", Homepage: "https://musterstadt.de"},
		ContactPoint:           &catalog.ContactPoint{Name: "Grünflächenamt", Email: "gruen@musterstadt.de"},
		ContributorIDs:         []string{"http://dcat-ap.de/def/contributors/musterstadt"},
		PoliticalGeocodingURIs: []string{"http://dcat-ap.de/def/politicalGeocoding/municipalityKey/12345678"},
		AccrualPeriodicity:     "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
		Extras:                 map[string]string{"spatial_text": "Musterstadt"},
		CreatedAt:              t0, ModifiedAt: t0.Add(time.Duration(i) * time.Second),
	}
	for j := range 2 {
		d.Distributions = append(d.Distributions, catalog.Distribution{
			ID: fmt.Sprintf("10000000-0000-4000-8000-%08d%04d", i, j), Title: "Baumkataster (CSV)",
			AccessURL: "https://musterstadt.de/opendata/baeume.csv", Format: "http://publications.europa.eu/resource/authority/file-type/CSV",
			MediaType: "text/csv", License: "http://dcat-ap.de/def/licenses/dl-by-de/2.0", CreatedAt: t0, ModifiedAt: t0,
		})
	}
	return d
}

func BenchmarkCreateDataset(b *testing.B) {
	dbURL := testenv.PostgresURL(b)
	s := open(b, dbURL)
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := s.CreateDataset(b.Context(), benchDataset(i)); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	// Parallel writers queue on the change-log counter from its update to
	// the end of COMMIT; this shows what that serialisation costs.
	var next atomic.Int64 // across the runs the benchmark makes: ids stay unique
	next.Store(1 << 30)
	b.Run("parallel", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := s.CreateDataset(b.Context(), benchDataset(int(next.Add(1)))); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	// The physical limit: one transaction inserting a ready-made document
	// row over a plain connection; no encoding, distributions or log.
	b.Run("raw", func(b *testing.B) {
		c := adminConn(b, dbURL)
		doc, _ := json.Marshal(benchDataset(0))
		i := 0
		for b.Loop() {
			tx, err := c.Begin(b.Context())
			if err != nil {
				b.Fatal(err)
			}
			if _, err := tx.Exec(b.Context(), `INSERT INTO datasets (id, name, state, created_at, modified_at, doc)
				VALUES ($1, $2, 'active', 0, 0, $3)`, fmt.Sprint("raw-", i), fmt.Sprint("raw-", i), string(doc)); err != nil {
				b.Fatal(err)
			}
			if err := tx.Commit(b.Context()); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

func BenchmarkDatasetGet(b *testing.B) {
	const n = 1000
	dbURL := testenv.PostgresURL(b)
	s := open(b, dbURL)
	for i := range n {
		if _, err := s.CreateDataset(b.Context(), benchDataset(i)); err != nil {
			b.Fatal(err)
		}
	}
	for _, by := range []string{"id", "name"} {
		b.Run("by="+by, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				key := benchDataset(i % n).ID
				if by == "name" {
					key = benchDataset(i % n).Name
				}
				if _, err := s.Dataset(b.Context(), key); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
	b.Run("parallel", func(b *testing.B) {
		var next atomic.Int64
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := s.Dataset(b.Context(), benchDataset(int(next.Add(1))%n).ID); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("raw", func(b *testing.B) { // the physical limit: one row, no decoding, no pool
		c := adminConn(b, dbURL)
		i := 0
		for b.Loop() {
			var doc []byte
			if err := c.QueryRow(b.Context(), "SELECT doc FROM datasets WHERE id = $1", benchDataset(i%n).ID).Scan(&doc); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

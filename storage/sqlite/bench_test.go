package sqlite

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// benchDataset is a typical municipal record: ~3 KB of JSON, two
// distributions.
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
	s := openTest(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := s.CreateDataset(b.Context(), benchDataset(i)); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkCreateDatasetParallel shows what queueing on the one writer
// costs when many requests write at once.
func BenchmarkCreateDatasetParallel(b *testing.B) {
	s := openTest(b)
	var next atomicCounter
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := s.CreateDataset(b.Context(), benchDataset(next.add())); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkRawInsert is the physical limit CreateDataset is measured
// against: one transaction inserting a ready-made document row, no
// encoding, no distribution rows, no change log.
func BenchmarkRawInsert(b *testing.B) {
	s := openTest(b)
	row, err := encodeDataset(benchDataset(0))
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		tx, err := s.w.Begin()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO datasets (id, name, state, created_at, modified_at, doc) VALUES (?, ?, ?, ?, ?, ?)`,
			fmt.Sprint(i), fmt.Sprint(i), row.state, row.createdAt, row.modifiedAt, row.doc); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func seedBench(b *testing.B, n int) *Store {
	s := openTest(b)
	for i := range n {
		if _, err := s.CreateDataset(b.Context(), benchDataset(i)); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

func BenchmarkDatasetGet(b *testing.B) {
	const n = 1000
	s := seedBench(b, n)
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
		var next atomicCounter
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := s.Dataset(b.Context(), benchDataset(next.add()%n).ID); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("raw", func(b *testing.B) { // the physical limit: one row, no decoding
		i := 0
		for b.Loop() {
			var doc []byte
			if err := s.r.QueryRow("SELECT doc FROM datasets WHERE id = ?", benchDataset(i%n).ID).Scan(&doc); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

// BenchmarkEachDataset streams a 10,000-dataset catalogue.
func BenchmarkEachDataset(b *testing.B) {
	const n = 10000
	s := seedBench(b, n)
	b.ResetTimer()
	for b.Loop() {
		count := 0
		err := s.EachDataset(b.Context(), catalog.DatasetFilter{Order: catalog.OrderModified}, func(*catalog.Dataset) error {
			count++
			return nil
		})
		if err != nil || count != n {
			b.Fatalf("%d, %v", count, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/dataset")
}

// atomicCounter hands parallel benchmark goroutines distinct indexes.
type atomicCounter struct{ n atomic.Int64 }

func (c *atomicCounter) add() int { return int(c.n.Add(1) - 1) }

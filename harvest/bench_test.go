package harvest_test

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkHarvest measures a first run (every record created through the
// Service with validation) and a re-run without changes (hash compare,
// no writes) of 1,000 records on SQLite.
func BenchmarkHarvest(b *testing.B) {
	for range b.N {
		w := newWorld(b)
		src := w.addSource(b, "quelle", "")
		recs := manyRecords(0)
		for i := range 1000 {
			recs = append(recs, rec(fmt.Sprintf("r%04d", i), fmt.Sprintf("Datensatz %04d", i)))
		}
		w.fake.set(recs...)
		start := time.Now()
		j := w.run(b, src.Name)
		first := time.Since(start)
		start = time.Now()
		j2 := w.run(b, src.Name)
		again := time.Since(start)
		if j.Counts.Created != 1000 || j2.Counts.Unchanged != 1000 {
			b.Fatalf("counts %+v / %+v", j.Counts, j2.Counts)
		}
		b.ReportMetric(float64(first.Milliseconds()), "ms/first-run")
		b.ReportMetric(float64(again.Milliseconds()), "ms/unchanged-run")
	}
}

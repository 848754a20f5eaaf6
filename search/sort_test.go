package search

import (
	"testing"
	"time"
)

// The sort keys must order exactly as the times do, across the epoch and
// down to the nanosecond, or the switch from date doc values would
// reorder results.
func TestSortTimeOrder(t *testing.T) {
	base := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	times := []time.Time{
		time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Unix(-1, 0), time.Unix(0, 0), time.Unix(0, 1),
		base, base.Add(time.Nanosecond), base.Add(time.Microsecond),
		base.In(time.FixedZone("CET", 3600)), // same instant, same key
		time.Date(2250, 12, 31, 0, 0, 0, 0, time.UTC),
	}
	for i, a := range times {
		ka, ok := sortTime(a)
		if !ok {
			t.Fatalf("%v has no key", a)
		}
		for _, b := range times[i:] {
			kb, _ := sortTime(b)
			if (ka < kb) != a.Before(b) || (ka == kb) != a.Equal(b) {
				t.Errorf("%v → %s, %v → %s: order differs", a, ka, b, kb)
			}
		}
	}
	if _, ok := sortTime(time.Time{}); ok {
		t.Error("year 1 cannot be a Bleve date and must have no key")
	}
}

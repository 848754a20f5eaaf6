package search

import (
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

func TestParseDateValue(t *testing.T) {
	now := time.Date(2025, 4, 15, 13, 45, 30, 0, time.UTC)
	d := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		in       string
		from, to time.Time
	}{
		{"2024-01-01T00:00:00Z", d("2024-01-01T00:00:00Z"), d("2024-01-01T00:00:00Z")},
		{"2024-01-01T00:00:00.123Z", d("2024-01-01T00:00:00.123Z"), d("2024-01-01T00:00:00.123Z")},
		{"2024-05-01T12:00:00.123456", d("2024-05-01T12:00:00.123456Z"), d("2024-05-01T12:00:00.123456Z")},
		{"2024", d("2024-01-01T00:00:00Z"), d("2024-12-31T23:59:59.999999999Z")},
		{"2024-02", d("2024-02-01T00:00:00Z"), d("2024-02-29T23:59:59.999999999Z")},
		{"2024-02-03", d("2024-02-03T00:00:00Z"), d("2024-02-03T23:59:59.999999999Z")},
		{"03.02.2024", d("2024-02-03T00:00:00Z"), d("2024-02-03T23:59:59.999999999Z")},
		{"NOW", now, now},
		{"NOW/DAY", d("2025-04-15T00:00:00Z"), d("2025-04-15T00:00:00Z")},
		{"NOW-1DAY", d("2025-04-14T13:45:30Z"), d("2025-04-14T13:45:30Z")},
		{"NOW-7DAYS/DAY", d("2025-04-08T00:00:00Z"), d("2025-04-08T00:00:00Z")},
		{"NOW+1MONTH/MONTH", d("2025-05-01T00:00:00Z"), d("2025-05-01T00:00:00Z")},
		{"NOW/YEAR-1YEAR", d("2024-01-01T00:00:00Z"), d("2024-01-01T00:00:00Z")},
		{"2024-01-31T00:00:00Z+1HOUR", d("2024-01-31T01:00:00Z"), d("2024-01-31T01:00:00Z")},
	}
	for _, tc := range tests {
		from, to, err := parseDateValue(tc.in, now)
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if !from.Equal(tc.from) || !to.Equal(tc.to) {
			t.Errorf("%s = %v..%v, want %v..%v", tc.in, from, to, tc.from, tc.to)
		}
	}
	for _, bad := range []string{"", "yesterday", "2024-13-01", "NOW-", "NOW-1FORTNIGHT", "NOW*2DAYS", "NOW/2DAY",
		"NOW+999999999YEARS", "NOW-1DAY-1DAY-1DAY-1DAY-1DAY-1DAY-1DAY-1DAY-1DAY-1DAY", "2024-01-01T00:00:00Zjunk"} {
		if _, _, err := parseDateValue(bad, now); catalog.ErrorCode(err) != catalog.EQUERY {
			t.Errorf("%q: error %v, want EQUERY", bad, err)
		}
	}
}

package catalog_test

import (
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

func TestSlugify(t *testing.T) {
	cases := map[string]string{
		"Haushaltsplan 2025 (Entwurf)": "haushaltsplan-2025-entwurf",
		"Straßenbäume – Übersicht":     "strassenbaeume-uebersicht",
		"ÖPNV":                         "oepnv",
		"!":                            "datensatz",
	}
	for in, want := range cases {
		got := catalog.Slugify(in)
		if got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
		if catalog.CheckName("name", got) != nil {
			t.Errorf("Slugify(%q) = %q is not a valid name", in, got)
		}
	}
}

func TestParseDate(t *testing.T) {
	cases := []struct {
		in   string
		want string
		prec catalog.Precision
	}{
		{"2025-03-01", "2025-03-01", catalog.PrecisionDate},
		{"01.03.2025", "2025-03-01", catalog.PrecisionDate},
		{"2025", "2025", catalog.PrecisionYear},
		{"2025-03", "2025-03", catalog.PrecisionYearMonth},
		{"2025-03-01T10:00:00+01:00", "2025-03-01T09:00:00Z", catalog.PrecisionDateTime},
		{"2025-03-01T10:00:00.123456", "2025-03-01T10:00:00.123456Z", catalog.PrecisionDateTime},
	}
	for _, c := range cases {
		d, err := catalog.ParseDate(c.in)
		if err != nil || d.String() != c.want || d.Precision != c.prec {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", c.in, d, err, c.want)
		}
	}
	for _, bad := range []string{"", "morgen", "2025-13-45", "32.01.2025"} {
		if _, err := catalog.ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-01-01", "01.01.2025", "2025", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := catalog.ParseDate(s)
		if err != nil {
			return
		}
		again, err := catalog.ParseDate(d.String())
		if err != nil || !again.Time.Equal(d.Time) {
			t.Fatalf("%q → %q does not round-trip: %v", s, d.String(), err)
		}
	})
}

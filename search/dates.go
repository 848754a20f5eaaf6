package search

import (
	"strconv"
	"strings"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// parseDateValue parses a date in a query: Solr's ISO form with optional
// date math ("NOW-7DAYS/DAY", "2024-01-01T00:00:00Z+1MONTH"), or any shape
// catalog.ParseDate knows ("2024", "2024-05", "01.03.2025"). It returns
// the first and last instant the value stands for, so that "2024" as an
// exact value means the whole year.
func parseDateValue(s string, now time.Time) (from, to time.Time, err error) {
	if s == "" {
		return from, to, queryErr("empty date")
	}
	base, math := s, ""
	switch {
	case strings.HasPrefix(s, "NOW"):
		base, math = "", s[3:]
		from = now.UTC()
	case strings.Contains(s, "Z"):
		i := strings.Index(s, "Z")
		base, math = s[:i+1], s[i+1:]
	}
	if base != "" {
		d, perr := catalog.ParseDate(base)
		if perr != nil {
			return from, to, queryErr("invalid date %q", trimForError(s))
		}
		from = d.Time.UTC()
		to = periodEnd(*d)
	} else {
		to = from
	}
	if math == "" {
		return from, to, nil
	}
	t, err := dateMath(from, math)
	if err != nil {
		return from, to, queryErr("invalid date math in %q", trimForError(s))
	}
	return t, t, nil
}

var dateUnits = map[string]func(t time.Time, n int) time.Time{
	"YEAR":        func(t time.Time, n int) time.Time { return t.AddDate(n, 0, 0) },
	"MONTH":       func(t time.Time, n int) time.Time { return t.AddDate(0, n, 0) },
	"DAY":         func(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) },
	"DATE":        func(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) },
	"HOUR":        func(t time.Time, n int) time.Time { return t.Add(time.Duration(n) * time.Hour) },
	"MINUTE":      func(t time.Time, n int) time.Time { return t.Add(time.Duration(n) * time.Minute) },
	"SECOND":      func(t time.Time, n int) time.Time { return t.Add(time.Duration(n) * time.Second) },
	"MILLISECOND": func(t time.Time, n int) time.Time { return t.Add(time.Duration(n) * time.Millisecond) },
}

// dateMath applies Solr date math: a sequence of +nUNIT, -nUNIT and /UNIT
// (round down), e.g. "-1DAY/DAY".
func dateMath(t time.Time, math string) (time.Time, error) {
	for steps := 0; math != ""; steps++ {
		if steps > 8 {
			return t, queryErr("too much date math")
		}
		op := math[0]
		math = math[1:]
		i := 0
		for i < len(math) && math[i] >= '0' && math[i] <= '9' {
			i++
		}
		num := math[:i]
		j := i
		for j < len(math) && math[j] >= 'A' && math[j] <= 'Z' {
			j++
		}
		unit := strings.TrimSuffix(math[i:j], "S")
		math = math[j:]
		add, ok := dateUnits[unit]
		if !ok {
			return t, queryErr("unknown date unit %q", unit)
		}
		switch op {
		case '+', '-':
			n, err := strconv.Atoi(num)
			if err != nil || n > 100000 {
				return t, queryErr("invalid number in date math")
			}
			if op == '-' {
				n = -n
			}
			t = add(t, n)
		case '/':
			if num != "" {
				return t, queryErr("rounding takes no number")
			}
			t = roundDown(t, unit)
		default:
			return t, queryErr("invalid date math operator %q", op)
		}
	}
	if t.Year() < 1 || t.Year() > 9999 {
		return t, queryErr("date out of range")
	}
	return t, nil
}

func roundDown(t time.Time, unit string) time.Time {
	y, mo, d := t.Date()
	switch unit {
	case "YEAR":
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	case "MONTH":
		return time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC)
	case "DAY", "DATE":
		return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	case "HOUR":
		return t.Truncate(time.Hour)
	case "MINUTE":
		return t.Truncate(time.Minute)
	case "SECOND":
		return t.Truncate(time.Second)
	}
	return t
}

func trimForError(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

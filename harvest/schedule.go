package harvest

import (
	"strings"
	"time"
)

// MinInterval is the shortest schedule interval: a source is another
// municipality's server, not ours to hammer.
const MinInterval = 5 * time.Minute

// Schedule says when a source is harvested: "@hourly", "@daily" and
// "@weekly" run at the start of the next hour, day (00:00 UTC) or week
// (Monday 00:00 UTC); an interval like "6h", "90m" or "2d" runs that long
// after the previous scheduled run. The zero Schedule ("" or "manual")
// never runs by itself.
type Schedule struct {
	spec  string
	every time.Duration
	align bool // truncate to every (hour, day) or to the week
}

// ParseSchedule reads a schedule spec.
func ParseSchedule(s string) (Schedule, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "", "manual", "none":
		return Schedule{}, nil
	case "@hourly":
		return Schedule{spec: "@hourly", every: time.Hour, align: true}, nil
	case "@daily":
		return Schedule{spec: "@daily", every: 24 * time.Hour, align: true}, nil
	case "@weekly":
		return Schedule{spec: "@weekly", every: 7 * 24 * time.Hour, align: true}, nil
	}
	d, err := ParseDuration(s)
	if err != nil {
		return Schedule{}, Errorf("Zeitplan %q unbekannt: erlaubt sind @hourly, @daily, @weekly, ein Intervall wie 6h oder manual",
			"unknown schedule %q: use @hourly, @daily, @weekly, an interval like 6h, or manual", clip(s, 50))
	}
	if d < MinInterval {
		return Schedule{}, Errorf("Intervall %s ist kürzer als %s", "interval %s is shorter than %s", d, MinInterval)
	}
	return Schedule{spec: d.String(), every: d}, nil
}

// Manual reports whether the schedule never runs by itself.
func (s Schedule) Manual() bool { return s.every == 0 }

// String is the normalised spec ("" for manual).
func (s Schedule) String() string { return s.spec }

// Next is the first run time strictly after t (zero for manual).
func (s Schedule) Next(t time.Time) time.Time {
	if s.every == 0 {
		return time.Time{}
	}
	t = t.UTC()
	if !s.align {
		return t.Add(s.every)
	}
	if s.every == 7*24*time.Hour {
		day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		days := (8 - int(day.Weekday())) % 7 // to the next Monday
		if days == 0 {
			days = 7
		}
		return day.AddDate(0, 0, days)
	}
	return t.Truncate(s.every).Add(s.every)
}

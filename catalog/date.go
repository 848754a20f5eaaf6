package catalog

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Precision of a Date: DCAT-AP.de allows xsd:gYear, xsd:gYearMonth, xsd:date
// and xsd:dateTime, and harvested records use all four. Keeping the
// precision lets a value round-trip unchanged.
type Precision uint8

const (
	PrecisionDateTime Precision = iota
	PrecisionDate
	PrecisionYearMonth
	PrecisionYear
)

// Date is a point in time with the precision it was given in.
type Date struct {
	Time      time.Time
	Precision Precision
}

// NewDateTime returns a full-precision Date in UTC.
func NewDateTime(t time.Time) *Date { return &Date{Time: t.UTC(), Precision: PrecisionDateTime} }

// String formats the date in its own precision (ISO 8601).
func (d Date) String() string {
	switch d.Precision {
	case PrecisionYear:
		return d.Time.Format("2006")
	case PrecisionYearMonth:
		return d.Time.Format("2006-01")
	case PrecisionDate:
		return d.Time.Format("2006-01-02")
	default:
		if d.Time.Nanosecond() == 0 {
			return d.Time.UTC().Format("2006-01-02T15:04:05Z")
		}
		return d.Time.UTC().Format(time.RFC3339Nano)
	}
}

// dateLayouts are tried in order. Real catalogues write dates in many
// shapes; we accept the ISO ones, a few common variants, and German
// "01.03.2025".
var dateLayouts = []struct {
	layout string
	prec   Precision
}{
	{time.RFC3339Nano, PrecisionDateTime},
	{"2006-01-02T15:04:05.999999999", PrecisionDateTime},
	{"2006-01-02T15:04:05Z0700", PrecisionDateTime},
	{"2006-01-02T15:04Z07:00", PrecisionDateTime},
	{"2006-01-02T15:04", PrecisionDateTime},
	{"2006-01-02 15:04:05.999999999Z07:00", PrecisionDateTime},
	{"2006-01-02 15:04:05.999999999", PrecisionDateTime},
	{"2006-01-02Z07:00", PrecisionDate},
	{"2006-01-02", PrecisionDate},
	{"02.01.2006 15:04:05", PrecisionDateTime},
	{"02.01.2006 15:04", PrecisionDateTime},
	{"02.01.2006", PrecisionDate},
	{"2.1.2006", PrecisionDate},
	{"2006-01", PrecisionYearMonth},
	{"01/2006", PrecisionYearMonth},
	{"2006", PrecisionYear},
}

// ParseDate parses the date shapes found in real catalogues. It returns an
// error naming the value for anything else.
func ParseDate(s string) (*Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("empty date")
	}
	if len(s) > 64 {
		return nil, fmt.Errorf("invalid date %.20q…", s)
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l.layout, s); err == nil {
			if t.Year() < 1 || t.Year() > 9999 {
				break
			}
			return &Date{Time: t.UTC(), Precision: l.prec}, nil
		}
	}
	return nil, fmt.Errorf("invalid date %q", s)
}

// MarshalJSON writes the date as a string in its own precision.
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON accepts what ParseDate accepts.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	p, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = *p
	return nil
}

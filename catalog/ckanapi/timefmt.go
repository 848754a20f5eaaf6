package ckanapi

import (
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// ckanTime formats t as CKAN does (Python's datetime.isoformat() of a
// naive UTC datetime): microseconds, omitted when zero, and no zone.
// Clients parse this exact shape.
func ckanTime(t time.Time) string {
	t = t.UTC()
	if t.Nanosecond()/1000 == 0 {
		return t.Format("2006-01-02T15:04:05")
	}
	return t.Format("2006-01-02T15:04:05.000000")
}

// ckanTimePtr is ckanTime, or nil (JSON null) for the zero time.
func ckanTimePtr(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := ckanTime(t)
	return &s
}

// dateString formats a DCAT date in its own precision; full date-times
// use CKAN's timestamp shape so they read like every other CKAN time.
func dateString(d *catalog.Date) string {
	if d == nil {
		return ""
	}
	if d.Precision == catalog.PrecisionDateTime {
		return ckanTime(d.Time)
	}
	return d.String()
}

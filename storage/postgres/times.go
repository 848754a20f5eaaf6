package postgres

import "time"

// Times are kept as microseconds since the Unix epoch in UTC: what CKAN
// clients see and what PostgreSQL keeps, so both stores agree and a value
// read back compares equal to the one written (after .UTC()).

// toMicros converts t, dropping nanoseconds.
func toMicros(t time.Time) int64 { return t.UnixMicro() }

// fromMicros is the inverse of toMicros.
func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// normTime is t as it will read back: UTC, microsecond precision. The zero
// time stays the zero time, so "unset" survives a round trip.
func normTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Microsecond)
}

package sqlite

import (
	"time"

	"github.com/datenportal/datenportal/storage/internal/record"
)

// Times are stored as microseconds since the Unix epoch in UTC; see record.

func toMicros(t time.Time) int64     { return record.ToMicros(t) }
func fromMicros(us int64) time.Time  { return record.FromMicros(us) }
func normTime(t time.Time) time.Time { return record.NormTime(t) }

package ods

import (
	"encoding/json"

	"github.com/datenportal/datenportal/harvest"
)

// Item exposes the mapping of one dataset object to the external tests.
func Item(s harvest.Source, raw json.RawMessage) harvest.Item { return s.(*Source).item(raw) }

package arcgis

import (
	"encoding/json"

	"github.com/datenportal/datenportal/harvest"
)

// USItem exposes the DCAT-US mapping to the external tests.
func USItem(raw json.RawMessage) harvest.Item { return usItem(raw) }

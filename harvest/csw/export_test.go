package csw

import "github.com/datenportal/datenportal/harvest"

// ParseResults exposes the GetRecords parser to the external tests.
func ParseResults(body []byte) (matched, returned, next, records int, err error) {
	r, err := parseResults(&harvest.Response{Body: body})
	if err != nil {
		return 0, 0, 0, 0, err
	}
	return r.matched, r.returned, r.next, len(r.records), nil
}

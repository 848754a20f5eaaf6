package ckan

import "github.com/datenportal/datenportal/harvest"

// MapPackage exposes the mapping to the external tests.
func MapPackage(s harvest.Source, p map[string]any) (*harvest.Record, error) {
	return s.(*Source).mapPackage(p)
}

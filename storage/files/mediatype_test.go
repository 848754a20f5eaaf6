package files

import (
	"mime"
	"testing"
)

func TestDetectMediaType(t *testing.T) {
	zip := []byte("PK\x03\x04rest of a zip")
	tests := []struct {
		name string
		head []byte
		want string
	}{
		{"daten.csv", []byte("a;b\n1;2\n"), "text/csv"},
		{"DATEN.CSV", nil, "text/csv"},
		{"liste.xlsx", zip, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"liste.ods", zip, "application/vnd.oasis.opendocument.spreadsheet"},
		{"karte.geojson", []byte(`{"type":"FeatureCollection"}`), "application/geo+json"},
		{"flurstuecke.shp", nil, "application/vnd.shp"},
		{"seite.html", nil, "text/html"},
		{"bild.svg", nil, "image/svg+xml"},
		{"ohne-endung", []byte("<!DOCTYPE html><html>"), "text/html"},
		{"ohne-endung", []byte("%PDF-1.7\n"), "application/pdf"},
		{"ohne-endung", []byte("plain words\n"), "text/plain"},
		{"ohne-endung", zip, "application/zip"},
		{"ohne-endung", []byte{0, 1, 2, 3, 0xff}, "application/octet-stream"},
		{"x.unknownext", nil, "text/plain"}, // empty head sniffs as text
	}
	for _, tc := range tests {
		if got := DetectMediaType(tc.name, tc.head); got != tc.want {
			t.Errorf("DetectMediaType(%q, %q) = %q, want %q", tc.name, tc.head, got, tc.want)
		}
	}
}

func FuzzDetectMediaType(f *testing.F) {
	f.Add("a.csv", []byte("x"))
	f.Add("", []byte("<svg"))
	f.Fuzz(func(t *testing.T, name string, head []byte) {
		got := DetectMediaType(name, head)
		if mt, params, err := mime.ParseMediaType(got); err != nil || mt != got || len(params) != 0 {
			t.Fatalf("DetectMediaType(%q) = %q: not a bare media type", name, got)
		}
	})
}

package harvest

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// GeoJSONBBox computes the bounding box (minLon, minLat, maxLon, maxLat)
// of a GeoJSON geometry, feature or feature collection, or reports false
// for anything that is not GeoJSON with WGS 84 coordinates.
func GeoJSONBBox(raw string) (*[4]float64, bool) {
	if len(raw) > 1<<20 || checkJSONDepth([]byte(raw), MaxJSONDepth) != nil {
		return nil, false
	}
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return nil, false
	}
	b := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	n := 0
	var walk func(v any, coords bool)
	walk = func(v any, coords bool) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				switch k {
				case "coordinates":
					walk(c, true)
				case "geometry", "geometries", "features":
					walk(c, false)
				}
			}
		case []any:
			if coords && len(x) >= 2 {
				lon, ok1 := x[0].(float64)
				lat, ok2 := x[1].(float64)
				if ok1 && ok2 {
					b[0], b[1] = math.Min(b[0], lon), math.Min(b[1], lat)
					b[2], b[3] = math.Max(b[2], lon), math.Max(b[3], lat)
					n++
					return
				}
			}
			for _, e := range x {
				walk(e, coords)
			}
		}
	}
	walk(v, false)
	if n == 0 || !ValidBBox(b) {
		return nil, false
	}
	return &b, true
}

// ValidBBox reports whether b is west ≤ east, south ≤ north in WGS 84.
func ValidBBox(b [4]float64) bool {
	for _, x := range b {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return b[0] >= -180 && b[2] <= 180 && b[1] >= -90 && b[3] <= 90 && b[0] <= b[2] && b[1] <= b[3]
}

// ParseBBox reads "minx,miny,maxx,maxy" (DCAT-US spatial, comma or space
// separated) as a WGS 84 bounding box.
func ParseBBox(s string) (*[4]float64, bool) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
	if len(f) != 4 {
		return nil, false
	}
	var b [4]float64
	for i, x := range f {
		v, err := strconv.ParseFloat(x, 64)
		if err != nil {
			return nil, false
		}
		b[i] = v
	}
	if !ValidBBox(b) {
		return nil, false
	}
	return &b, true
}

package ckanapi

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// parseGeometry checks the "spatial" extra (a GeoJSON geometry, as
// ckanext-spatial stores it; WKT is tolerated) and returns its bounding
// box for search. Real dicts write "polygon" in lower case and repeat
// rings, so only the coordinates are looked at.
func parseGeometry(v string) (*[4]float64, string, string) {
	t := strings.TrimSpace(v)
	if t == "" {
		return nil, "", ""
	}
	if !strings.HasPrefix(t, "{") {
		if looksWKT(t) {
			return nil, "", ""
		}
		return nil, "Spatial must be a GeoJSON geometry", "Die räumliche Abdeckung muss eine GeoJSON-Geometrie sein"
	}
	var g any
	if err := json.Unmarshal([]byte(t), &g); err != nil {
		return nil, "Error decoding JSON object: " + err.Error(), "Kein gültiges JSON: " + err.Error()
	}
	box := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	if !walkCoords(g, &box, 0) || math.IsInf(box[0], 1) {
		return nil, "Spatial must be a GeoJSON geometry with coordinates", "Die GeoJSON-Geometrie hat keine Koordinaten"
	}
	return &box, "", ""
}

// walkCoords extends box by every [lon, lat, …] position under a
// "coordinates", "geometry", "geometries" or "features" member.
func walkCoords(v any, box *[4]float64, depth int) bool {
	if depth > 32 {
		return false
	}
	switch x := v.(type) {
	case map[string]any:
		for _, k := range []string{"coordinates", "geometry", "geometries", "features"} {
			if c, ok := x[k]; ok && !walkCoords(c, box, depth+1) {
				return false
			}
		}
		return true
	case []any:
		if len(x) >= 2 {
			lon, ok1 := x[0].(float64)
			lat, ok2 := x[1].(float64)
			if ok1 && ok2 {
				box[0], box[1] = math.Min(box[0], lon), math.Min(box[1], lat)
				box[2], box[3] = math.Max(box[2], lon), math.Max(box[3], lat)
				return true
			}
		}
		for _, e := range x {
			if !walkCoords(e, box, depth+1) {
				return false
			}
		}
		return true
	}
	return true
}

func looksWKT(s string) bool {
	u := strings.ToUpper(s)
	for _, p := range []string{"POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION", "SRID=", "<HTTP"} {
		if strings.HasPrefix(u, p) {
			return true
		}
	}
	return false
}

// bboxPolygon renders a bounding box as the GeoJSON polygon
// ckanext-spatial stores in "spatial".
func bboxPolygon(b [4]float64) string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	p := func(x, y float64) string { return "[" + f(x) + ", " + f(y) + "]" }
	return `{"type": "Polygon", "coordinates": [[` + p(b[0], b[1]) + ", " + p(b[2], b[1]) + ", " +
		p(b[2], b[3]) + ", " + p(b[0], b[3]) + ", " + p(b[0], b[1]) + `]]}`
}

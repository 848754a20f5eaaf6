package dcat

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

const politicalGeocoding = "http://dcat-ap.de/def/politicalGeocoding/"

func (dc *decoder) spatial(d *catalog.Dataset, t graph.Term) {
	if t.IsLiteral() {
		if absIRI.MatchString(t.Value) {
			t = graph.IRI(t.Value)
		} else {
			d.Spatial = append(d.Spatial, catalog.Location{Name: t.Value})
			return
		}
	}
	n := dc.node(t)
	if len(n.props) == 0 && t.IsIRI() {
		iri, _ := normIRI(t.Value)
		if strings.HasPrefix(iri, politicalGeocoding) {
			addUnique(&d.PoliticalGeocodingURIs, iri) // the mirror of dcatde:politicalGeocodingURI
			return
		}
		d.Spatial = append(d.Spatial, catalog.Location{IRI: iri})
		return
	}
	// ckanext-dcatde's mirror: [ a dct:Location ; locn:adminUnitL2 <…> ].
	for _, u := range n.all(nsLOCN + "adminUnitL2") {
		if iri, _ := normIRI(u.Value); strings.HasPrefix(iri, politicalGeocoding) {
			addUnique(&d.PoliticalGeocodingURIs, iri)
		}
	}
	l := catalog.Location{}
	if t.IsIRI() {
		l.IRI = t.Value
	}
	l.Name = n.text("spatial", nsSKOS+"prefLabel")
	if l.Name == "" {
		l.Name = n.text("spatial", nsRDFS+"label")
	}
	if l.Name == "" {
		l.Name = n.text("spatial", nsLOCN+"geographicName")
	}
	if v := n.first(nsDCAT + "bbox"); !v.IsZero() {
		if b, ok := parseBBox(v.Value); ok {
			l.BBox = &b
		} else {
			dc.warn("spatial.bbox", "invalid_geometry", "Begrenzungsrahmen nicht lesbar", "bounding box not readable")
		}
	}
	if v := n.first(nsDCAT + "centroid"); !v.IsZero() {
		if c, ok := parsePoint(v.Value); ok {
			l.Centroid = &c
		} else {
			dc.warn("spatial.centroid", "invalid_geometry", "Mittelpunkt nicht lesbar", "centroid not readable")
		}
	}
	for _, g := range n.all(nsLOCN + "geometry") {
		if g.IsLiteral() {
			l.Geometry = g.Value
			break
		}
		gn := dc.node(g)
		if v := gn.first(nsGEO+"asWKT", nsGEO+"asGeoJSON", nsLOCN+"geometry"); v.IsLiteral() {
			l.Geometry = v.Value
			break
		}
	}
	if l.IRI == "" && l.Name == "" && l.BBox == nil && l.Centroid == nil && l.Geometry == "" {
		return
	}
	d.Spatial = append(d.Spatial, l)
}

func addUnique(list *[]string, v string) {
	for _, x := range *list {
		if x == v {
			return
		}
	}
	*list = append(*list, v)
}

// coords extracts all numbers of a WKT or GeoJSON geometry as x,y pairs.
func coords(s string) [][2]float64 {
	s = strings.TrimSpace(s)
	var nums []float64
	if strings.HasPrefix(s, "{") {
		var g struct {
			Coordinates json.RawMessage `json:"coordinates"`
		}
		if json.Unmarshal([]byte(s), &g) != nil {
			return nil
		}
		s = string(g.Coordinates)
	}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r == '.' || r == '-' || r == '+' || r == 'e' || r == 'E')
	}) {
		if x, err := strconv.ParseFloat(f, 64); err == nil && !math.IsNaN(x) && !math.IsInf(x, 0) {
			nums = append(nums, x)
		}
	}
	if len(nums)%2 != 0 {
		return nil
	}
	out := make([][2]float64, 0, len(nums)/2)
	for i := 0; i+1 < len(nums); i += 2 {
		out = append(out, [2]float64{nums[i], nums[i+1]})
	}
	return out
}

func parseBBox(s string) ([4]float64, bool) {
	cs := coords(s)
	if len(cs) < 2 {
		return [4]float64{}, false
	}
	b := [4]float64{cs[0][0], cs[0][1], cs[0][0], cs[0][1]}
	for _, c := range cs[1:] {
		b[0], b[1] = math.Min(b[0], c[0]), math.Min(b[1], c[1])
		b[2], b[3] = math.Max(b[2], c[0]), math.Max(b[3], c[1])
	}
	return b, true
}

func parsePoint(s string) ([2]float64, bool) {
	cs := coords(s)
	if len(cs) != 1 {
		return [2]float64{}, false
	}
	return cs[0], true
}

func (dc *decoder) period(t graph.Term) (catalog.PeriodOfTime, bool) {
	if !t.IsBlank() && !t.IsIRI() {
		dc.warn("temporal", "literal_period", "Zeitraum als Literal übersprungen", "temporal coverage given as a literal, skipped")
		return catalog.PeriodOfTime{}, false
	}
	n := dc.node(t)
	p := catalog.PeriodOfTime{
		Start: n.date("temporal.start", nsDCAT+"startDate"),
		End:   n.date("temporal.end", nsDCAT+"endDate"),
	}
	if p.Start == nil {
		p.Start = n.date("temporal.start", nsSCHEMA+"startDate")
	}
	if p.End == nil {
		p.End = n.date("temporal.end", nsSCHEMA+"endDate")
	}
	if p.Start == nil {
		p.Start = dc.instant(n.first(nsTIME + "hasBeginning"))
	}
	if p.End == nil {
		p.End = dc.instant(n.first(nsTIME + "hasEnd"))
	}
	return p, p.Start != nil || p.End != nil
}

func (dc *decoder) instant(t graph.Term) *catalog.Date {
	if t.IsZero() || t.IsLiteral() {
		return nil
	}
	n := dc.node(t)
	for _, p := range []string{"inXSDDateTimeStamp", "inXSDDateTime", "inXSDDate", "inXSDgYearMonth", "inXSDgYear"} {
		if d := n.date("temporal", nsTIME+p); d != nil {
			return d
		}
	}
	return nil
}

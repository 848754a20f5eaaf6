package schemas

import (
	"fmt"
	"strconv"

	"github.com/datenportal/datenportal/catalog"
)

func validateCoverage(r *report, d *catalog.Dataset) {
	if len(d.Temporal) == 0 {
		r.recommend("temporal", "", "")
	} else if r.listLimit("temporal", len(d.Temporal), maxListItems) {
		for i, p := range d.Temporal {
			f := "temporal." + strconv.Itoa(i)
			switch {
			case p.Start == nil && p.End == nil:
				r.errorf(f, CodeEmptyPeriod, "Bitte Beginn oder Ende des Zeitraums angeben.",
					"please give the start or the end of the period.")
			case p.Start != nil && p.End != nil && p.Start.Time.After(p.End.Time):
				r.errorf(f, CodePeriodOrder,
					fmt.Sprintf("Der Beginn (%s) liegt nach dem Ende (%s).", p.Start, p.End),
					fmt.Sprintf("the start (%s) is after the end (%s).", p.Start, p.End))
			}
		}
	}
	if len(d.Spatial) == 0 {
		r.recommend("spatial", "", "")
		return
	}
	if !r.listLimit("spatial", len(d.Spatial), maxListItems) {
		return
	}
	for i, l := range d.Spatial {
		validateLocation(r, "spatial."+strconv.Itoa(i), l)
	}
}

func validateLocation(r *report, f string, l catalog.Location) {
	if l.IRI == "" && l.BBox == nil && l.Centroid == nil && l.Geometry == "" && l.Name == "" {
		r.errorf(f, CodeEmptyLocation, "Bitte einen Ort (IRI), einen Begrenzungsrahmen oder eine Geometrie angeben.",
			"please give a place (IRI), a bounding box or a geometry.")
		return
	}
	r.iri(f+".iri", l.IRI)
	r.textLimit(f+".name", l.Name, maxTitle)
	if len(l.Geometry) > maxGeometry {
		r.errorf(f+".geometry", CodeTooLong, fmt.Sprintf("Die Geometrie ist zu groß (höchstens %d Bytes).", maxGeometry),
			fmt.Sprintf("the geometry is too large (at most %d bytes).", maxGeometry))
	}
	if b := l.BBox; b != nil {
		if !validLonLat(b[0], b[1]) || !validLonLat(b[2], b[3]) || b[0] > b[2] || b[1] > b[3] {
			r.errorf(f+".bbox", CodeInvalidBBox,
				fmt.Sprintf("Ungültiger Begrenzungsrahmen (%g, %g, %g, %g). Erwartet: West, Süd, Ost, Nord in WGS 84 mit West ≤ Ost und Süd ≤ Nord.", b[0], b[1], b[2], b[3]),
				fmt.Sprintf("invalid bounding box (%g, %g, %g, %g). Expected west, south, east, north in WGS 84 with west ≤ east and south ≤ north.", b[0], b[1], b[2], b[3]))
		}
	}
	if c := l.Centroid; c != nil && !validLonLat(c[0], c[1]) {
		r.errorf(f+".centroid", CodeInvalidCentroid,
			fmt.Sprintf("Ungültiger Mittelpunkt (%g, %g). Erwartet: Länge, Breite in WGS 84.", c[0], c[1]),
			fmt.Sprintf("invalid centroid (%g, %g). Expected longitude, latitude in WGS 84.", c[0], c[1]))
	}
}

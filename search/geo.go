package search

import (
	"math"

	"github.com/blevesearch/bleve/v2/search/query"
)

// validBBox checks minLon,minLat,maxLon,maxLat.
func validBBox(b [4]float64) error {
	for _, v := range b {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return queryErr("bounding box values must be numbers")
		}
	}
	if b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90 {
		return queryErr("bounding box must be minLon,minLat,maxLon,maxLat within -180..180, -90..90")
	}
	if b[0] > b[2] || b[1] > b[3] {
		return queryErr("bounding box minimum is greater than its maximum")
	}
	return nil
}

// bboxFilter matches datasets whose extent intersects b: two boxes
// intersect unless one lies entirely beside the other on some axis.
// Extents crossing the antimeridian are not modelled (none in Germany).
func bboxFilter(b [4]float64) (query.Query, error) {
	if err := validBBox(b); err != nil {
		return nil, err
	}
	t := true
	upTo := func(field string, v float64) query.Query {
		q := query.NewNumericRangeInclusiveQuery(nil, &v, nil, &t)
		q.SetField(field)
		return q
	}
	from := func(field string, v float64) query.Query {
		q := query.NewNumericRangeInclusiveQuery(&v, nil, &t, nil)
		q.SetField(field)
		return q
	}
	return query.NewConjunctionQuery([]query.Query{
		upTo(fBBoxMinLon, b[2]), from(fBBoxMaxLon, b[0]),
		upTo(fBBoxMinLat, b[3]), from(fBBoxMaxLat, b[1]),
	}), nil
}

package web

import (
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

// moreFields are the dataset form's less common DCAT-AP.de properties:
// spatial coverage (the first dct:spatial as a place IRI and/or a
// bounding box), conforms-to, creator and maintainer, legal basis and
// HVD categories. Lists are one entry per line.
type moreFields struct {
	SpatialIRI                               string
	BBoxWest, BBoxSouth, BBoxEast, BBoxNorth string
	ConformsTo                               string
	CreatorName, CreatorEmail                string
	MaintainerName, MaintainerEmail          string
	LegalBasis                               string
	HVD                                      string
}

// bboxInputs are the four inputs of the bounding box, in the order
// catalog.Location.BBox keeps them (west, south, east, north).
var bboxInputs = [4]string{"bbox_west", "bbox_south", "bbox_east", "bbox_north"}

func moreFromDataset(d *catalog.Dataset) moreFields {
	m := moreFields{ConformsTo: strings.Join(d.ConformsTo, "\n"), LegalBasis: strings.Join(d.LegalBasis, "\n"),
		HVD: strings.Join(d.HVDCategories, "\n")}
	if len(d.Spatial) > 0 {
		l := d.Spatial[0]
		m.SpatialIRI = l.IRI
		if b := l.BBox; b != nil {
			m.BBoxWest, m.BBoxSouth, m.BBoxEast, m.BBoxNorth = formatCoord(b[0]), formatCoord(b[1]), formatCoord(b[2]), formatCoord(b[3])
		}
	}
	if a := d.Creator; a != nil {
		m.CreatorName, m.CreatorEmail = a.Name, a.Email
	}
	if a := d.Maintainer; a != nil {
		m.MaintainerName, m.MaintainerEmail = a.Name, a.Email
	}
	return m
}

func moreFromValues(v url.Values) moreFields {
	get := func(k string) string { return clean(v.Get(k), 20000) }
	return moreFields{SpatialIRI: get("spatial_iri"),
		BBoxWest: get("bbox_west"), BBoxSouth: get("bbox_south"), BBoxEast: get("bbox_east"), BBoxNorth: get("bbox_north"),
		ConformsTo: get("conforms_to"), CreatorName: get("creator_name"), CreatorEmail: get("creator_email"),
		MaintainerName: get("maintainer_name"), MaintainerEmail: get("maintainer_email"),
		LegalBasis: get("legal_basis"), HVD: get("hvd_categories")}
}

// apply writes the fields onto d. The first location keeps what the
// form does not show (name, centroid, geometry); the agents keep their
// IRI, homepage and type.
func (m moreFields) apply(d *catalog.Dataset, errs map[string][]string) {
	d.ConformsTo = splitLines(m.ConformsTo)
	d.HVDCategories = splitLines(m.HVD)
	d.LegalBasis = nonEmptyLines(m.LegalBasis)
	d.Creator = applyAgent(d.Creator, m.CreatorName, m.CreatorEmail)
	d.Maintainer = applyAgent(d.Maintainer, m.MaintainerName, m.MaintainerEmail)

	var loc catalog.Location
	if len(d.Spatial) > 0 {
		loc = d.Spatial[0]
	}
	loc.IRI = m.SpatialIRI
	bbox, ok := parseBBox([4]string{m.BBoxWest, m.BBoxSouth, m.BBoxEast, m.BBoxNorth}, errs)
	if !ok {
		return
	}
	loc.BBox = bbox
	empty := loc.IRI == "" && loc.BBox == nil && loc.Centroid == nil && loc.Geometry == "" && loc.Name == ""
	switch {
	case empty && len(d.Spatial) > 0:
		d.Spatial = d.Spatial[1:]
	case empty:
	case len(d.Spatial) > 0:
		d.Spatial = append([]catalog.Location{loc}, d.Spatial[1:]...)
	default:
		d.Spatial = []catalog.Location{loc}
	}
}

// applyAgent sets an agent's name and e-mail address; with both empty
// the agent is removed.
func applyAgent(a *catalog.Agent, name, email string) *catalog.Agent {
	if name == "" && email == "" {
		return nil
	}
	c := catalog.Agent{}
	if a != nil {
		c = *a
	}
	c.Name, c.Email = name, email
	return &c
}

// parseBBox reads the four coordinates (decimal comma or point). All
// empty is no box; some empty, or one not a number, is an error (message
// keys in errs). The validator checks ranges and order.
func parseBBox(in [4]string, errs map[string][]string) (*[4]float64, bool) {
	filled := 0
	for _, s := range in {
		if s != "" {
			filled++
		}
	}
	if filled == 0 {
		return nil, true
	}
	var b [4]float64
	ok := true
	for i, s := range in {
		if s == "" {
			continue
		}
		f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			errs[bboxInputs[i]] = append(errs[bboxInputs[i]], "form.bbox_number")
			ok = false
			continue
		}
		b[i] = f
	}
	if filled < 4 {
		errs["bbox"] = append(errs["bbox"], "form.bbox_incomplete")
		ok = false
	}
	if !ok {
		return nil, false
	}
	return &b, true
}

// formatCoord shows a coordinate without needless digits.
func formatCoord(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// nonEmptyLines splits text at line breaks only: a legal basis like
// "§ 12a Abs. 1, 2 EGovG" has commas and spaces of its own.
func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" && !containsStr(out, l) {
			out = append(out, l)
		}
	}
	return out
}

package csw_test

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/datenportal/datenportal/catalog/dcat/graph"
	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/harvest/csw"
	"github.com/datenportal/datenportal/harvest/internal/testenv"
)

const (
	dct   = "http://purl.org/dc/terms/"
	dcatN = "http://www.w3.org/ns/dcat#"
	foaf  = "http://xmlns.com/foaf/0.1/"
	vcard = "http://www.w3.org/2006/vcard/ns#"
)

// TestSEMICGolden compares our ISO 19139 mapping with the reference
// GeoDCAT-AP output of SEMIC's XSLT for the fields we map. Where
// DCAT-AP.de conventions differ from GeoDCAT-AP the convention wins and
// the comparison follows it: dct:modified is the record's dateStamp (SEMIC
// puts it on the catalogue record), dct:issued falls back to the creation
// date (SEMIC: dct:created). Not compared: INSPIRE licence/rights IRIs
// (DCAT-AP.de needs dcat-ap.de licences; the default licence applies),
// GEMET and INSPIRE keywords as themes (we keep them as keywords and map
// INSPIRE themes to EU data themes), qualified attributions, quality
// measurements and reference systems, which the model does not hold.
func TestSEMICGolden(t *testing.T) {
	md, err := harvest.ParseXML(nil, testenv.Fixture(t, "semic-geodcat-basic_dataset-input-iso19139.xml"))
	if err != nil {
		t.Fatal(err)
	}
	rec, open, err := csw.MapRecord(md)
	if err != nil {
		t.Fatal(err)
	}
	if open || rec.Skip != nil {
		t.Errorf("open %v skip %v: the SEMIC record has no opendata keyword and must not be skipped by MapRecord", open, rec.Skip)
	}
	g, err := graph.Read(bytes.NewReader(testenv.Fixture(t, "semic-geodcat-basic_dataset-expected-geodcatap.ttl")), graph.Turtle, "", graph.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	ds := graph.IRI("http://www.my-organisation.eu/so/lu/land-use-map")
	obj := func(s graph.Term, p string) graph.Term { return g.Object(s, p) }
	record := obj(ds, foaf+"isPrimaryTopicOf")
	d := rec.Dataset
	eq := func(field, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %q, want %q", field, got, want)
		}
	}
	eq("IRI", rec.IRI, ds.Value)
	eq("harvest GUID", rec.ID, obj(record, dct+"identifier").Value)
	eq("title", d.Title, obj(ds, dct+"title").Value)
	eq("description", d.Description, obj(ds, dct+"description").Value)
	eq("identifier", d.Identifier, obj(ds, dct+"identifier").Value)
	eq("modified (dateStamp)", d.Modified.String(), obj(record, dct+"modified").Value+"Z")
	eq("issued (creation)", d.Issued.String(), obj(ds, dct+"created").Value)
	eq("provenance", d.Provenance, obj(obj(ds, dct+"provenance"), dct+"description").Value)
	eq("temporal start", d.Temporal[0].Start.String(), obj(obj(ds, dct+"temporal"), dcatN+"startDate").Value)
	if d.Temporal[0].End != nil {
		t.Errorf("indeterminate end (now) read as %s", d.Temporal[0].End)
	}
	eq("publisher (owner)", d.Publisher.Name, obj(obj(ds, dct+"rightsHolder"), foaf+"name").Value)
	cp := obj(record, dcatN+"contactPoint")
	eq("contact name", d.ContactPoint.Name, obj(cp, vcard+"fn").Value)
	eq("contact e-mail", d.ContactPoint.Email, strings.TrimPrefix(obj(cp, vcard+"hasEmail").Value, "mailto:"))
	eq("conformsTo", strings.Join(d.ConformsTo, " "), obj(ds, dct+"conformsTo").Value)
	if len(d.Languages) != 1 || !strings.HasSuffix(obj(ds, dct+"language").Value, strings.ToUpper(map[string]string{"eng": "ENG"}[d.Languages[0]])) {
		t.Errorf("language %v, want %s", d.Languages, obj(ds, dct+"language").Value)
	}
	var want [4]float64
	for _, b := range g.Objects(obj(ds, dct+"spatial"), dcatN+"bbox") {
		if strings.HasPrefix(b.Value, "POLYGON") {
			want = wktBBox(t, b.Value)
		}
	}
	if len(d.Spatial) != 1 || d.Spatial[0].BBox == nil || *d.Spatial[0].BBox != want {
		t.Errorf("bbox %+v, want %v", d.Spatial, want)
	}
	var gotDists, wantDists []string
	for _, x := range d.Distributions {
		gotDists = append(gotDists, x.AccessURL+" | "+x.Title+" | "+x.MediaType)
	}
	for _, dist := range g.Objects(ds, dcatN+"distribution") {
		mt := strings.TrimPrefix(obj(dist, dcatN+"mediaType").Value, "https://www.iana.org/assignments/media-types/")
		wantDists = append(wantDists, obj(dist, dcatN+"accessURL").Value+" | "+obj(dist, dct+"title").Value+" | "+mt)
	}
	sort.Strings(gotDists)
	sort.Strings(wantDists)
	if strings.Join(gotDists, "\n") != strings.Join(wantDists, "\n") {
		t.Errorf("distributions:\n%s\nwant:\n%s", strings.Join(gotDists, "\n"), strings.Join(wantDists, "\n"))
	}
	// Formats: the WMS and WFS endpoints are recognised by protocol.
	formats := map[string]string{}
	for _, x := range d.Distributions {
		formats[x.Title[:3]] = x.Format
	}
	if formats["WMS"] != "WMS" || formats["WFS"] != "WFS" {
		t.Errorf("formats %v", formats)
	}
	// The INSPIRE theme "Land use" becomes an EU data theme; the keyword stays.
	if len(d.Themes) < 1 || d.Themes[0] != "http://publications.europa.eu/resource/authority/data-theme/ENVI" || !contains(d.Keywords, "Land use") {
		t.Errorf("themes %v keywords %v", d.Themes, d.Keywords)
	}
}

func wktBBox(t *testing.T, wkt string) [4]float64 {
	inner := strings.TrimSuffix(strings.TrimPrefix(wkt, "POLYGON(("), "))")
	b := [4]float64{1e9, 1e9, -1e9, -1e9}
	for _, pt := range strings.Split(inner, ",") {
		f := strings.Fields(pt)
		x, _ := strconv.ParseFloat(f[0], 64)
		y, _ := strconv.ParseFloat(f[1], 64)
		b[0], b[1], b[2], b[3] = min(b[0], x), min(b[1], y), max(b[2], x), max(b[3], y)
	}
	return b
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

package csw_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/harvest/csw"
	"github.com/datenportal/datenportal/harvest/internal/testenv"
)

var kinds = harvest.Kinds{harvest.KindCSW: csw.New}

const serviceID = "65715c6e-bbaf-3def-982b-3b5156272da7"

func TestHarvestCSW(t *testing.T) {
	fake := newFakeCSW(t)
	srv := httptest.NewServer(fake)
	defer srv.Close()
	e := testenv.New(t, kinds)
	src := e.AddSource(t, "fisbroker", harvest.KindCSW, srv.URL+"/fb/csw", `{"page_size":2,"withdraw":"delete"}`)
	j := e.Run(t, src.Name)
	if j.State != harvest.JobDone || j.Counts.Created != 6 || j.Counts.Failed != 0 {
		testenv.LogReport(t, e.Report(t, j.ID))
		t.Fatalf("full run: %s %+v", j.State, j.Counts)
	}
	ds := e.Datasets(t, src.ID)
	if _, ok := ds["geschlossen"]; ok {
		t.Error("record without the opendata keyword imported")
	}
	checkService(t, ds[serviceID])

	seq := e.LastSeq(t)
	j = e.Run(t, src.Name)
	if !j.Incremental || j.Counts.Unchanged != 6 || e.LastSeq(t) != seq {
		t.Fatalf("unchanged incremental run: %+v incremental=%v writes=%d", j.Counts, j.Incremental, e.LastSeq(t)-seq)
	}

	dataset := fake.records["klon-1"]
	fake.put(clone(dataset, "klon-3", "Klon 3 (neu)", time.Now().UTC().Format("2006-01-02T15:04:05")))
	fake.remove("klon-4")
	fake.put(clone(dataset, "klon-9", "Klon 9", "2019-01-01T00:00:00"))
	fake.posts = nil
	j = e.Run(t, src.Name)
	got := j.Counts
	got.Warnings = 0
	if want := (harvest.Counts{Listed: 6, Created: 1, Updated: 1, Unchanged: 4, Withdrawn: 1}); got != want {
		testenv.LogReport(t, e.Report(t, j.ID))
		t.Fatalf("counts %+v, want %+v", got, want)
	}
	byID := 0
	for _, p := range fake.posts {
		if strings.Contains(p, "GetRecordById") {
			byID++
		}
	}
	if byID != 1 {
		t.Errorf("%d GetRecordById calls, want 1 (only the unknown record)", byID)
	}
	if d := e.Datasets(t, src.ID)["klon-4"]; d.State != catalog.StateDeleted {
		t.Error("vanished record not withdrawn")
	}
}

func checkService(t *testing.T, d *catalog.Dataset) {
	t.Helper()
	if d == nil {
		t.Fatal("service record missing")
	}
	if d.Title != "Nährstoffversorgung des Oberbodens 2015 (Umweltatlas)" || d.Modified.String() != "2019-11-25T13:18:43Z" {
		t.Errorf("title %q modified %v", d.Title, d.Modified)
	}
	if d.Identifier != "https://registry.gdi-de.org/id/de.be.csw/65715c6e-bbaf-3def-982b-3b5156272da7" && !strings.HasPrefix(d.Identifier, "https://registry.gdi-de.org/") {
		t.Errorf("identifier %q", d.Identifier)
	}
	if contains(d.Keywords, "opendata") || contains(d.Keywords, "inspireidentifiziert") || !contains(d.Keywords, "Boden") {
		t.Errorf("keywords %v", d.Keywords)
	}
	if len(d.Languages) != 1 || d.Languages[0] != "http://publications.europa.eu/resource/authority/language/DEU" {
		t.Errorf("languages %v", d.Languages)
	}
	if len(d.Distributions) == 0 {
		t.Fatal("no distributions")
	}
	for _, x := range d.Distributions {
		if x.License != "http://dcat-ap.de/def/licenses/dl-by-de/2.0" || x.LicenseAttribution != "Umweltatlas Berlin / [Titel des Datensatzes]" {
			t.Errorf("licence %q attribution %q", x.License, x.LicenseAttribution)
		}
	}
	if f := d.Distributions[0].Format; f != "http://publications.europa.eu/resource/authority/file-type/WFS_SRVC" {
		t.Errorf("GetCapabilities of a WFS: format %q", f)
	}
	if len(d.Spatial) != 1 || d.Spatial[0].BBox == nil || d.Spatial[0].BBox[0] != 13.079 {
		t.Errorf("spatial %+v", d.Spatial)
	}
}

// FIS-Broker answers nextRecord="1" after its last page; the listing
// must stop there and count as complete.
func TestFISBrokerNextRecordQuirk(t *testing.T) {
	var calls int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("Content-Type", "text/xml")
		w.Write(testenv.Fixture(t, "fisbroker-berlin-getrecords-gmd.xml"))
	}))
	defer srv.Close()
	e := testenv.New(t, kinds)
	src := e.AddSource(t, "fisbroker", harvest.KindCSW, srv.URL, `{"opendata_only":false}`)
	j := e.Run(t, src.Name)
	if j.State != harvest.JobDone || !j.Complete || calls != 1 || j.Counts.Listed != 3 || j.Counts.Skipped != 1 || j.Counts.Created != 2 {
		testenv.LogReport(t, e.Report(t, j.ID))
		t.Fatalf("state %s complete %v calls %d counts %+v", j.State, j.Complete, calls, j.Counts)
	}
}

func TestListingEndsEarly(t *testing.T) {
	for name, body := range map[string]string{
		"next 0 before all matches": `<csw:SearchResults numberOfRecordsMatched="10" numberOfRecordsReturned="1" nextRecord="0">%s</csw:SearchResults>`,
		"empty page":                `<csw:SearchResults numberOfRecordsMatched="10" numberOfRecordsReturned="0" nextRecord="2"></csw:SearchResults>`,
		"exception report":          "",
	} {
		t.Run(name, func(t *testing.T) {
			md := mdRE.FindString(string(testenv.Fixture(t, "fisbroker-berlin-md_metadata-dataset.xml")))
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/xml")
				if body == "" {
					w.Write([]byte(`<ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows" version="1.2.0"><ows:Exception exceptionCode="InvalidParameterValue"><ows:ExceptionText>Unknown queryable apiso:Subject</ows:ExceptionText></ows:Exception></ows:ExceptionReport>`))
					return
				}
				w.Write([]byte(responseRoot + strings.Replace(body, "%s", md, 1) + `</csw:GetRecordsResponse>`))
			}))
			defer srv.Close()
			e := testenv.New(t, kinds)
			src := e.AddSource(t, "csw", harvest.KindCSW, srv.URL, "")
			j := e.Run(t, src.Name)
			if j.State != harvest.JobFailed || j.Error == nil {
				t.Fatalf("state %s error %v", j.State, j.Error)
			}
			if body == "" && !strings.Contains(j.Error.EN, "Unknown queryable") {
				t.Errorf("exception text not reported: %s", j.Error.EN)
			}
		})
	}
}

func TestHVDRecord(t *testing.T) {
	md, err := harvest.ParseXML(nil, testenv.Fixture(t, "fisbroker-berlin-md_metadata-service-hvd.xml"))
	if err != nil {
		t.Fatal(err)
	}
	rec, open, err := csw.MapRecord(md)
	if err != nil || !open {
		t.Fatalf("%v open=%v", err, open)
	}
	d := rec.Dataset
	if len(d.HVDCategories) != 1 || d.HVDCategories[0] != "http://data.europa.eu/bna/c_dd313021" ||
		len(d.ApplicableLegislation) != 1 || d.ApplicableLegislation[0] != "http://data.europa.eu/eli/reg_impl/2023/138/oj" {
		t.Errorf("HVD %v legislation %v", d.HVDCategories, d.ApplicableLegislation)
	}
	if contains(d.Keywords, "Earth observation and environment") {
		t.Errorf("HVD label kept as keyword: %v", d.Keywords)
	}
}

func TestFaults(t *testing.T) {
	testenv.RunFaults(t, kinds, harvest.KindCSW, newFakeCSW(t), "", `"page_size":2,"force_all":true`, true)
}

package arcgis_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/harvest/arcgis"
	"github.com/datenportal/datenportal/harvest/internal/testenv"
)

var kinds = harvest.Kinds{harvest.KindArcGIS: arcgis.New}

const key = "f4bcc1035b7d46cba95e977f4affb6be_0"

func feeds(t *testing.T) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/feed/dcat-ap/2.0.1.json":
			w.Header().Set("Content-Type", "application/ld+json")
			w.Write(testenv.Fixture(t, "esri-hub-dcat-ap-feed-example.jsonld"))
		case "/api/feed/dcat-us/1.1.json", "/data.json":
			w.Header().Set("Content-Type", "application/json")
			w.Write(testenv.Fixture(t, "esri-hub-dcat-us-1.1-feed-example.json"))
		default:
			http.NotFound(w, r)
		}
	})
}

func TestDCATAPFeed(t *testing.T) {
	srv := httptest.NewServer(feeds(t))
	defer srv.Close()
	e := testenv.New(t, kinds)
	src := e.AddSource(t, "hub", harvest.KindArcGIS, srv.URL, `{"contributor_id":"http://dcat-ap.de/def/contributors/stadtMusterstadt"}`)
	j := e.Run(t, src.Name)
	if j.State != harvest.JobDone || j.Counts.Created != 1 {
		testenv.LogReport(t, e.Report(t, j.ID))
		t.Fatalf("state %s counts %+v", j.State, j.Counts)
	}
	d := e.Datasets(t, src.ID)[key]
	if d == nil {
		t.Fatalf("dataset not keyed by item id and layer: %v", e.Datasets(t, src.ID))
	}
	if d.Title != "Tahoe places of interest" || len(d.Keywords) != 4 || d.Languages[0] != "http://publications.europa.eu/resource/authority/language/DEU" {
		t.Errorf("title %q keywords %v languages %v", d.Title, d.Keywords, d.Languages)
	}
	if d.Publisher == nil || d.Publisher.Name != "QA Premium Alpha Hub" {
		t.Errorf("publisher %+v", d.Publisher)
	}
	if len(d.Distributions) != 1 || d.Distributions[0].AccessURL == "" || d.Distributions[0].License != harvest.DefaultLicense {
		t.Errorf("distributions %+v (dcat:accessUrl must be read)", d.Distributions)
	}
	if d.Harvest.OriginalIRI != "https://download-test-qa-pre-a-hub.hubqa.arcgis.com/datasets/"+key {
		t.Errorf("original IRI %q", d.Harvest.OriginalIRI)
	}
}

func TestDCATUSFeed(t *testing.T) {
	srv := httptest.NewServer(feeds(t))
	defer srv.Close()
	e := testenv.New(t, kinds)
	src := e.AddSource(t, "hub", harvest.KindArcGIS, srv.URL+"/data.json", "")
	j := e.Run(t, src.Name)
	if j.State != harvest.JobDone || j.Counts.Created != 1 {
		testenv.LogReport(t, e.Report(t, j.ID))
		t.Fatalf("state %s counts %+v", j.State, j.Counts)
	}
	d := e.Datasets(t, src.ID)[key]
	if d == nil {
		t.Fatal("dataset not keyed by item id and layer")
	}
	if strings.Contains(d.Description, "<div>") || !strings.Contains(d.Description, "Tom was here!") {
		t.Errorf("description %q", d.Description)
	}
	if len(d.Spatial) != 1 || d.Spatial[0].BBox == nil || d.Spatial[0].BBox[0] != -121.118 {
		t.Errorf("spatial %+v", d.Spatial)
	}
	if d.AccessRights != "http://publications.europa.eu/resource/authority/access-right/PUBLIC" || d.Modified.String() != "2021-07-27T20:25:19.723Z" {
		t.Errorf("access rights %q modified %v", d.AccessRights, d.Modified)
	}
	formats := map[string]string{}
	for _, x := range d.Distributions {
		formats[x.Title] = x.Format
		if x.License != harvest.DefaultLicense {
			t.Errorf("%s: licence %q, want the default for free-text licences", x.Title, x.License)
		}
	}
	if len(d.Distributions) != 6 || formats["CSV"] != "http://publications.europa.eu/resource/authority/file-type/CSV" ||
		formats["GeoJSON"] != "http://publications.europa.eu/resource/authority/file-type/GEOJSON" || formats["ArcGIS GeoService"] != "" {
		t.Errorf("formats %v", formats)
	}
	rep := e.Report(t, j.ID)
	found := false
	for _, en := range rep.Entries {
		found = found || strings.Contains(en.EN, "free text")
	}
	if !found {
		t.Error("free-text licence not reported")
	}
}

func TestHubKey(t *testing.T) {
	for in, want := range map[string]string{
		"https://x.hub.arcgis.com/datasets/f4bcc1035b7d46cba95e977f4affb6be_0":                   key,
		"https://www.arcgis.com/home/item.html?id=F4BCC1035B7D46CBA95E977F4AFFB6BE&sublayer=0":   key,
		"https://x.hub.arcgis.com/datasets/f4bcc1035b7d46cba95e977f4affb6be":                     "f4bcc1035b7d46cba95e977f4affb6be",
		"https://x.hub.arcgis.com/datasets/f4bcc1035b7d46cba95e977f4affb6be_12.csv?outSR=%7B%7D": "f4bcc1035b7d46cba95e977f4affb6be_12",
		"https://example.org/no-item": "",
	} {
		if got := arcgis.HubKey(in); got != want {
			t.Errorf("HubKey(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestFaults(t *testing.T) {
	testenv.RunFaults(t, kinds, harvest.KindArcGIS, feeds(t), "/data.json", "", false)
}

func FuzzDCATUS(f *testing.F) {
	f.Add(testenv.Fixture(f, "esri-hub-dcat-us-1.1-feed-example.json"))
	f.Add([]byte(`{"dataset":[{"identifier":"x","keyword":"a","spatial":"1,2,3","temporal":"a/b","distribution":[{"format":7}]},null,1]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var v any
		if harvest.DecodeJSON(nil, b, &v) != nil {
			return
		}
		var cat struct {
			Dataset []json.RawMessage `json:"dataset"`
		}
		if json.Unmarshal(b, &cat) != nil {
			return
		}
		for _, raw := range cat.Dataset {
			it := arcgis.USItem(raw)
			if it.Record != nil && it.ID == "" {
				t.Fatal("record without id")
			}
		}
	})
}

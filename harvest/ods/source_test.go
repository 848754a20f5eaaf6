package ods_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/harvest/internal/testenv"
	"github.com/datenportal/datenportal/harvest/ods"
)

var kinds = harvest.Kinds{harvest.KindODS: ods.New}

func TestHarvestODS(t *testing.T) {
	fake := newFakeODS(t, 118)
	srv := httptest.NewServer(fake)
	defer srv.Close()
	e := testenv.New(t, kinds)
	src := e.AddSource(t, "ods", harvest.KindODS, srv.URL+"/explore/", `{"withdraw":"delete"}`)
	j := e.Run(t, src.Name)
	if j.State != harvest.JobDone || j.Counts.Created != 120 || j.Counts.Failed != 0 {
		testenv.LogReport(t, e.Report(t, j.ID))
		t.Fatalf("state %s counts %+v", j.State, j.Counts)
	}
	ds := e.Datasets(t, src.ID)
	checkWorld(t, ds["da_6kvv9v"], srv.URL)
	if geo := ds["da_5m8ykr"]; geo == nil || len(geo.Distributions) != 4 || !strings.HasSuffix(geo.Distributions[3].AccessURL, "/attachments/cities1000_zip") {
		t.Errorf("geonames distributions: %+v", geo)
	}
	rep := e.Report(t, j.ID)
	found := false
	for _, en := range rep.Entries {
		if en.OriginalID == "da_6kvv9v" && strings.Contains(en.EN, "default licence") {
			found = true
		}
	}
	if !found {
		t.Error("unknown licence (Open Government Licence v3.0) not reported as defaulted")
	}

	seq := e.LastSeq(t)
	j = e.Run(t, src.Name)
	if !j.Incremental || j.Counts.Unchanged != 120 || e.LastSeq(t) != seq {
		t.Fatalf("incremental re-run: %+v, %d writes", j.Counts, e.LastSeq(t)-seq)
	}
}

func checkWorld(t *testing.T, d *catalog.Dataset, site string) {
	t.Helper()
	if d == nil {
		t.Fatal("world dataset missing")
	}
	if d.Title != "World Administrative Boundaries - Countries and Territories" || strings.Contains(d.Description, "<p>") {
		t.Errorf("title %q description %.60q", d.Title, d.Description)
	}
	if d.Publisher == nil || d.Publisher.Name != "World Food Programme (UN agency)" || len(d.Keywords) != 6 {
		t.Errorf("publisher %+v keywords %v", d.Publisher, d.Keywords)
	}
	if d.LandingPage != site+"/explore/dataset/world-administrative-boundaries-countries-and-territories/" ||
		!strings.HasPrefix(d.Identifier, "world-administrative-boundaries-countries-and-territories@") {
		t.Errorf("landing page %q identifier %q", d.LandingPage, d.Identifier)
	}
	if len(d.Distributions) != 3 || d.Distributions[0].DownloadURL != site+"/api/explore/v2.1/catalog/datasets/world-administrative-boundaries-countries-and-territories/exports/csv" ||
		d.Distributions[0].License != harvest.DefaultLicense || d.Distributions[2].Format != "http://publications.europa.eu/resource/authority/file-type/GEOJSON" {
		t.Errorf("distributions %+v", d.Distributions)
	}
	if d.Modified == nil || d.Modified.String() != "2021-06-23T14:59:57Z" {
		t.Errorf("modified %v", d.Modified)
	}
}

// Beyond the 10,000-record offset window the export is used.
func TestLargeCatalogueUsesExport(t *testing.T) {
	fake := newFakeODS(t, 3)
	fake.total = 12000
	srv := httptest.NewServer(fake)
	defer srv.Close()
	e := testenv.New(t, kinds)
	src := e.AddSource(t, "ods", harvest.KindODS, srv.URL, "")
	j := e.Run(t, src.Name)
	if j.State != harvest.JobDone || j.Counts.Created != 5 {
		t.Fatalf("state %s counts %+v", j.State, j.Counts)
	}
	if fake.paths[len(fake.paths)-1] != "/api/explore/v2.1/catalog/exports/json" {
		t.Errorf("requests %v", fake.paths)
	}
}

func TestFaults(t *testing.T) {
	testenv.RunFaults(t, kinds, harvest.KindODS, newFakeODS(t, 118), "", `"force_all":true`, true)
}

func FuzzDataset(f *testing.F) {
	var page struct {
		Results []json.RawMessage `json:"results"`
	}
	json.Unmarshal(testenv.Fixture(f, "ods-explore-v2.1-catalog-datasets-example.json"), &page)
	for _, r := range page.Results {
		f.Add([]byte(r))
	}
	f.Add([]byte(`{"dataset_id":"x","metas":{"default":{"keyword":7,"theme":[1,null],"modified":"morgen"},"dcat":[]},"attachments":[{}]}`))
	s, err := ods.New(&harvest.SourceConfig{URL: "https://ods.example.de"}, &harvest.Env{Client: harvest.NewClient(harvest.ClientOptions{})})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := harvest.DecodeJSON(nil, b, new(any)); err != nil {
			return
		}
		it := ods.Item(s, b)
		if it.Record != nil && it.ID == "" {
			t.Fatal("record without id")
		}
	})
}

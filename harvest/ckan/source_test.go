package ckan_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/harvest/ckan"
	"github.com/datenportal/datenportal/harvest/internal/testenv"
)

var kinds = harvest.Kinds{harvest.KindCKAN: ckan.New}

const rlpID = "352a646f-e170-49c7-9d1e-53bdef9392fc"

func TestHarvestCKAN(t *testing.T) {
	fake := newFakeCKAN(t)
	srv := httptest.NewServer(fake)
	defer srv.Close()
	e := testenv.New(t, kinds)
	src := e.AddSource(t, "ckan", harvest.KindCKAN, srv.URL+"/api/3/action/package_search", `{"rows":2,"withdraw":"delete"}`)

	j := e.Run(t, src.Name)
	if j.State != harvest.JobDone || j.Counts.Created != 4 || j.Counts.Listed != 4 || j.Incremental {
		testenv.LogReport(t, e.Report(t, j.ID))
		t.Fatalf("full run: %s %+v", j.State, j.Counts)
	}
	ds := e.Datasets(t, src.ID)
	rlp := ds[rlpID]
	if rlp == nil {
		t.Fatal("RLP dataset missing")
	}
	checkRLP(t, rlp)

	// Incremental: nothing changed, so the modified listing is empty and
	// the id listing vouches for all four; nothing is written.
	seq := e.LastSeq(t)
	fake.searches = nil
	j = e.Run(t, src.Name)
	if !j.Incremental || j.State != harvest.JobDone || j.Counts.Unchanged != 4 || j.Counts.Created+j.Counts.Updated != 0 {
		t.Fatalf("incremental run: %+v incremental=%v", j.Counts, j.Incremental)
	}
	if e.LastSeq(t) != seq {
		t.Error("unchanged incremental run wrote to the catalogue")
	}
	if len(fake.searches) < 2 || !strings.HasPrefix(fake.searches[0], "metadata_modified:[") {
		t.Errorf("incremental run sent fq %q", fake.searches)
	}

	// A package changes, one is deleted, one appears with an old
	// modification date (so only the id listing finds it: package_show).
	demo := map[string]any{}
	for k, v := range fake.pkgs["62513382-3b26-4bc8-9096-40b6ce8383c0"] {
		demo[k] = v
	}
	demo["title"] = "100 Validated Species of Plants (2025)"
	demo["metadata_modified"] = time.Now().UTC().Format("2006-01-02T15:04:05.000000")
	fake.put(demo)
	fake.remove("9c3036b8-f6ac-4a4e-9036-5a3cc90c3900")
	late := map[string]any{}
	b, _ := json.Marshal(fake.pkgs[rlpID])
	json.Unmarshal(b, &late)
	late["id"], late["name"], late["title"] = "00000000-late-4000-8000-000000000000", "spaet", "Spät gemeldet"
	fake.put(late)
	fake.shows = nil
	j = e.Run(t, src.Name)
	want := harvest.Counts{Listed: 4, Created: 1, Updated: 1, Unchanged: 2, Withdrawn: 1}
	got := j.Counts
	got.Warnings, got.WarningsDropped = 0, 0
	if got != want || !j.Incremental {
		testenv.LogReport(t, e.Report(t, j.ID))
		t.Fatalf("counts %+v, want %+v", got, want)
	}
	if len(fake.shows) != 1 || fake.shows[0] != "00000000-late-4000-8000-000000000000" {
		t.Errorf("package_show calls: %v", fake.shows)
	}
	ds = e.Datasets(t, src.ID)
	if ds["9c3036b8-f6ac-4a4e-9036-5a3cc90c3900"].State != catalog.StateDeleted {
		t.Error("deleted package not withdrawn")
	}
	if ds["62513382-3b26-4bc8-9096-40b6ce8383c0"].Title != "100 Validated Species of Plants (2025)" {
		t.Error("changed package not updated")
	}
}

func checkRLP(t *testing.T, d *catalog.Dataset) {
	t.Helper()
	if d.Title != "LGB: HGW Chrom - Ebene: LGB: HGW Chrom" || !strings.HasPrefix(d.Description, "Böden entstanden") {
		t.Errorf("title/description: %q / %.30q", d.Title, d.Description)
	}
	if len(d.Keywords) != 21 {
		t.Errorf("%d keywords, want 21", len(d.Keywords))
	}
	if len(d.Themes) != 1 || d.Themes[0] != "http://publications.europa.eu/resource/authority/data-theme/EDUC" {
		t.Errorf("themes %v (bildung_wissenschaft → EDUC; geo has no theme)", d.Themes)
	}
	if d.Creator == nil || d.Creator.Email != "office@lgb-rlp.de" || d.ContactPoint == nil || d.ContactPoint.Name != "Landesamt für Geologie und Bergbau" {
		t.Errorf("creator %+v contact %+v", d.Creator, d.ContactPoint)
	}
	if len(d.PoliticalGeocodingURIs) != 1 || d.PoliticalGeocodingURIs[0] != "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/03254021" {
		t.Errorf("geocoding %v", d.PoliticalGeocodingURIs)
	}
	if len(d.Temporal) != 1 || d.Temporal[0].Start.String() != "2000-01-01T00:00:00Z" || d.Temporal[0].End == nil {
		t.Errorf("temporal %+v", d.Temporal)
	}
	if len(d.Spatial) != 1 || d.Spatial[0].BBox == nil {
		t.Errorf("spatial %+v", d.Spatial)
	}
	if d.Modified == nil || d.Modified.Time.Year() != 2014 {
		t.Errorf("modified %v", d.Modified)
	}
	if len(d.Distributions) != 3 {
		t.Fatalf("%d distributions", len(d.Distributions))
	}
	for _, x := range d.Distributions {
		if x.License != "http://dcat-ap.de/def/licenses/cc-by-nc" {
			t.Errorf("licence %q", x.License)
		}
	}
	if f := d.Distributions[1].Format; f != "http://publications.europa.eu/resource/authority/file-type/WMS_SRVC" {
		t.Errorf("WMS format → %q", f)
	}
	if a := d.Distributions[0].Availability; a != "http://publications.europa.eu/resource/authority/planned-availability/AVAILABLE" {
		t.Errorf("legacy plannedAvailability → %q", a)
	}
}

func TestSkipsHarvestSourcePackages(t *testing.T) {
	var page struct {
		Result struct {
			Results []json.RawMessage `json:"results"`
		} `json:"result"`
	}
	if err := json.Unmarshal(testenv.Fixture(t, "govdata-package_search-harvest-sources.json"), &page); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(nil)
	defer srv.Close()
	s, err := ckan.New(&harvest.SourceConfig{URL: srv.URL}, &harvest.Env{Client: harvest.NewClient(harvest.ClientOptions{AllowPrivate: true})})
	if err != nil {
		t.Fatal(err)
	}
	for _, raw := range page.Result.Results {
		var p map[string]any
		json.Unmarshal(raw, &p)
		rec, err := ckan.MapPackage(s, p)
		if err != nil || rec.Skip == nil {
			t.Errorf("%s: %v, %+v; want skipped", p["name"], err, rec)
		}
	}
}

func TestFaults(t *testing.T) {
	testenv.RunFaults(t, kinds, harvest.KindCKAN, newFakeCKAN(t), "", `"rows":2,"force_all":true`, true)
}

// A source that ignores start returns the same page again and again.
func TestPagingLoop(t *testing.T) {
	fake := newFakeCKAN(t)
	srv := httptest.NewServer(stuck(fake))
	defer srv.Close()
	e := testenv.New(t, kinds)
	src := e.AddSource(t, "ckan", harvest.KindCKAN, srv.URL, `{"rows":2}`)
	j := e.Run(t, src.Name)
	if j.State != harvest.JobFailed || j.Error == nil || !strings.Contains(j.Error.EN, "paging") {
		t.Fatalf("state %s error %v", j.State, j.Error)
	}
}

// A portal capping rows below what we ask for must not make us skip
// packages.
func TestRowsCappedBySource(t *testing.T) {
	srv := httptest.NewServer(capped(newFakeCKAN(t), 1))
	defer srv.Close()
	e := testenv.New(t, kinds)
	src := e.AddSource(t, "ckan", harvest.KindCKAN, srv.URL, `{"rows":3}`)
	if j := e.Run(t, src.Name); j.State != harvest.JobDone || j.Counts.Created != 4 {
		t.Fatalf("state %s counts %+v", j.State, j.Counts)
	}
}

package dcat_test

import (
	"net/http"
	"net/http/httptest"
	"path"
	"strings"
	"testing"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/harvest/dcat"
	"github.com/datenportal/datenportal/harvest/internal/testenv"
)

var kinds = harvest.Kinds{harvest.KindDCAT: dcat.New}

var contentTypes = map[string]string{".rdf": "application/rdf+xml", ".ttl": "text/turtle", ".jsonld": "application/ld+json"}

// files serves testdata files by path. The paged udata fixtures link
// their pages as /catalog.jsonld?page=N; that path serves
// "<paged>-N.jsonld".
func files(t *testing.T, paged string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		if name == "catalog.jsonld" {
			name = paged + "-" + r.URL.Query().Get("page") + ".jsonld"
		}
		w.Header().Set("Content-Type", contentTypes[path.Ext(name)])
		w.Write(testenv.Fixture(t, name))
	})
}

func TestFixtures(t *testing.T) {
	for _, tc := range []struct {
		file    string
		created int
		check   func(t *testing.T, ds map[string]*catalog.Dataset)
	}{
		{"ckan-catalog-endpoint-hydra-dcatde.rdf", 6, nil},
		{"rostock-dataset-dcatde.rdf", 1, checkRostock},
		{"bremen-transparenzportal-dataset-extracted.rdf", 1, checkBremen},
		{"dcatde-metadata-max-hamburg.rdf", 1, nil},
		{"dcat-ap-de-2.0-refimp-advanced.ttl", 2, nil},
		{"udata-hydra-paged-collection.jsonld", 4, nil},
		{"udata-hydra-partial-collection.jsonld", 4, nil},
		{"defects.ttl", 1, checkDefects},
	} {
		t.Run(tc.file, func(t *testing.T) {
			srv := httptest.NewServer(files(t, strings.TrimSuffix(tc.file, ".jsonld")))
			defer srv.Close()
			e := testenv.New(t, kinds)
			u := srv.URL + "/" + tc.file
			if strings.HasPrefix(tc.file, "udata") {
				u = srv.URL + "/catalog.jsonld?page=1"
			}
			src := e.AddSource(t, "quelle", harvest.KindDCAT, u, "")
			j := e.Run(t, src.Name)
			if j.State != harvest.JobDone || j.Counts.Created != tc.created || j.Counts.Failed != 0 {
				testenv.LogReport(t, e.Report(t, j.ID))
				t.Fatalf("state %s counts %+v, want %d created", j.State, j.Counts, tc.created)
			}
			if tc.check != nil {
				tc.check(t, e.Datasets(t, src.ID))
			}
			seq := e.LastSeq(t)
			if j := e.Run(t, src.Name); j.Counts.Unchanged != tc.created || e.LastSeq(t) != seq {
				t.Errorf("re-run: %+v, %d writes", j.Counts, e.LastSeq(t)-seq)
			}
		})
	}
}

func checkRostock(t *testing.T, ds map[string]*catalog.Dataset) {
	d := ds["https://www.opendata-hro.de/dataset/c1be4007-d811-48fb-8818-2cb358b06a63"]
	if d == nil {
		t.Fatalf("datasets: %v", ds)
	}
	if !contains(d.PoliticalGeocodingURIs, "http://dcat-ap.de/def/politicalGeocoding/regionalKey/130030000000") {
		t.Errorf("geocoding %v", d.PoliticalGeocodingURIs)
	}
	for _, x := range d.Distributions {
		if x.License != "http://dcat-ap.de/def/licenses/cc-zero" {
			t.Errorf("licence %q", x.License)
		}
	}
}

func checkBremen(t *testing.T, ds map[string]*catalog.Dataset) {
	d := ds["https://www.transparenz.bremen.de/de/datensatz/bremen65.c.41494.de"]
	if d == nil {
		t.Fatalf("datasets: %v", ds)
	}
	if !contains(d.ContributorIDs, "http://dcat-ap.de/def/contributors/transparenzportalBremen") {
		t.Errorf("dcatde 1.0 namespace not read: contributor IDs %v", d.ContributorIDs)
	}
	if d.Originator == nil || d.Originator.Name != "Statistisches Landesamt Bremen" || d.Originator.Email != "info@statistik.bremen.de" {
		t.Errorf("originator %+v", d.Originator)
	}
	if d.ContactPoint == nil || d.ContactPoint.Email != "info@statistik.bremen.de" {
		t.Errorf("contact point %+v (relative mailto IRI)", d.ContactPoint)
	}
	if !strings.HasPrefix(d.Description, "Statistischer Bericht\n\nDer Bericht") {
		t.Errorf("HTML description: %.60q", d.Description)
	}
	if d.Languages[0] != "http://publications.europa.eu/resource/authority/language/DEU" {
		t.Errorf("language %v", d.Languages)
	}
}

func checkDefects(t *testing.T, ds map[string]*catalog.Dataset) {
	d := ds["https://geo.musterstadt.de/datensatz/baustellen"]
	if d.Description != "Aktuelle Baustellen\nmit Umleitungen." {
		t.Errorf("description %q", d.Description)
	}
	if d.Modified != nil || d.Issued == nil || d.Issued.String() != "2020-03-01" {
		t.Errorf("broken modified must be dropped, German issued read: %v %v", d.Modified, d.Issued)
	}
	if d.Publisher.Name != "Tiefbauamt Musterstadt" || d.Publisher.Email != "tiefbau@musterstadt.de" {
		t.Errorf("publisher %+v", d.Publisher)
	}
	if !contains(d.ContributorIDs, "http://dcat-ap.de/def/contributors/stadtMusterstadt") ||
		d.PoliticalGeocodingURIs[0] != "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/09162000" {
		t.Errorf("https://www. IRIs: %v %v", d.ContributorIDs, d.PoliticalGeocodingURIs)
	}
	csv, wms := d.Distributions[0], d.Distributions[1]
	if csv.License != "http://dcat-ap.de/def/licenses/cc-by-nc/4.0" || csv.Format != "http://publications.europa.eu/resource/authority/file-type/CSV" {
		t.Errorf("csv: %q %q", csv.License, csv.Format)
	}
	if wms.License != harvest.DefaultLicense || wms.Format != "http://publications.europa.eu/resource/authority/file-type/WMS_SRVC" {
		t.Errorf("wms: %q %q", wms.License, wms.Format)
	}
}

// The three serialisations of the DCAT-AP.de reference example map to the
// same datasets: equal content hashes.
func TestFormatsAgree(t *testing.T) {
	srv := httptest.NewServer(files(t, ""))
	defer srv.Close()
	hashes := map[string]string{}
	for _, f := range []string{"dcat-ap-de-2.0-refimp-advanced.ttl", "dcat-ap-de-2.0-refimp-advanced.rdf", "dcat-ap-de-2.0-refimp-advanced.jsonld"} {
		e := testenv.New(t, kinds)
		src := e.AddSource(t, "quelle", harvest.KindDCAT, srv.URL+"/"+f, "")
		if j := e.Run(t, src.Name); j.Counts.Created != 2 {
			testenv.LogReport(t, e.Report(t, j.ID))
			t.Fatalf("%s: %+v", f, j.Counts)
		}
		for id, d := range e.Datasets(t, src.ID) {
			if h, ok := hashes[id]; ok && h != d.Harvest.ContentHash {
				t.Errorf("%s: %s maps differently from the Turtle form", f, id)
			}
			hashes[id] = d.Harvest.ContentHash
		}
	}
	if len(hashes) != 2 {
		t.Errorf("datasets differ between formats: %v", hashes)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

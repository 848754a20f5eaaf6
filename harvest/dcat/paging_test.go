package dcat_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/harvest/internal/testenv"
)

// page renders a Turtle catalogue page with the given datasets and a
// next link (literal or IRI, current or deprecated Hydra).
func page(self string, next string, iriNext, deprecated bool, ids ...int) string {
	var b strings.Builder
	b.WriteString("@prefix dcat: <http://www.w3.org/ns/dcat#> .\n@prefix dct: <http://purl.org/dc/terms/> .\n@prefix hydra: <http://www.w3.org/ns/hydra/core#> .\n")
	for _, id := range ids {
		fmt.Fprintf(&b, "<https://q.example.de/ds/%d> a dcat:Dataset ; dct:title \"Datensatz %d\" ; dct:description \"Beschreibung %d\" ;\n"+
			"  dcat:distribution [ a dcat:Distribution ; dcat:accessURL <https://q.example.de/f/%d.csv> ; dct:license <http://dcat-ap.de/def/licenses/dl-zero-de/2.0> ] .\n", id, id, id, id)
	}
	if next != "" {
		typ, pred := "hydra:PartialCollectionView", "hydra:next"
		if deprecated {
			typ, pred = "hydra:PagedCollection", "hydra:nextPage"
		}
		val := strconv.Quote(next)
		if iriNext {
			val = "<" + next + ">"
		}
		fmt.Fprintf(&b, "<%s> a %s ; %s %s .\n", self, typ, pred, val)
	}
	return b.String()
}

func TestPaging(t *testing.T) {
	for _, tc := range []struct {
		name   string
		serve  func(n int, self string) (body string, next string)
		config string
		state  string
		listed int
		want   string
	}{
		{"three pages, IRI next", func(n int, self string) (string, string) {
			if n < 3 {
				return page(self, "/catalog.ttl?page="+strconv.Itoa(n+1), true, false, 2*n-1, 2*n), ""
			}
			return page(self, "", false, false, 5), ""
		}, "", harvest.JobDone, 5, ""},
		{"literal nextPage to an internal host name", func(n int, self string) (string, string) {
			if n < 2 {
				return page(self, "http://ckan-intern:5000/catalog.ttl?page=2", false, true, 1), ""
			}
			return page(self, "", false, false, 2), ""
		}, "", harvest.JobDone, 2, ""},
		{"next points back to page 1", func(n int, self string) (string, string) {
			return page(self, "/catalog.ttl?page="+strconv.Itoa(n%2+1), false, false, n), ""
		}, "", harvest.JobFailed, 2, "paging loop"},
		{"endless next repeating the same datasets", func(n int, self string) (string, string) {
			return page(self, "/catalog.ttl?page="+strconv.Itoa(n+1), false, false, 1, 2), ""
		}, "", harvest.JobFailed, 2, "seen before"},
		{"page identical to the previous one", func(n int, self string) (string, string) {
			return page("https://q.example.de/catalog", "/catalog.ttl?page="+strconv.Itoa(n+1), false, false, 1), "fixed"
		}, "", harvest.JobFailed, 1, "identical"},
		{"endless next with new datasets", func(n int, self string) (string, string) {
			return page(self, "/catalog.ttl?page="+strconv.Itoa(n+1), false, false, n), ""
		}, `{"max_pages":5}`, harvest.JobFailed, 5, "max_pages"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n, _ := strconv.Atoi(r.URL.Query().Get("page"))
				if n == 0 {
					n = 1
				}
				body, mode := tc.serve(n, "http://"+r.Host+r.URL.String())
				if mode == "fixed" {
					body = strings.ReplaceAll(body, "?page="+strconv.Itoa(n+1), "?page=next")
				}
				w.Header().Set("Content-Type", "text/turtle; charset=utf-8")
				w.Write([]byte(body))
			}))
			defer srv.Close()
			e := testenv.New(t, kinds)
			src := e.AddSource(t, "quelle", harvest.KindDCAT, srv.URL+"/catalog.ttl", tc.config)
			j := e.Run(t, src.Name)
			if j.State != tc.state || j.Counts.Listed != tc.listed || tc.want != "" && (j.Error == nil || !strings.Contains(j.Error.EN, tc.want)) {
				testenv.LogReport(t, e.Report(t, j.ID))
				t.Fatalf("state %s listed %d error %v; want %s, %d, %q", j.State, j.Counts.Listed, j.Error, tc.state, tc.listed, tc.want)
			}
		})
	}
}

func TestFaults(t *testing.T) {
	testenv.RunFaults(t, kinds, harvest.KindDCAT, files(t, "udata-hydra-partial-collection"), "/catalog.jsonld?page=1", "", true)
}

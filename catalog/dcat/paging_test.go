package dcat_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

// walkPage is what a harvester reads of one catalogue page.
type walkPage struct {
	iris                    []string // datasets in document order
	self, next, first, last string
	total                   string
}

func readPage(t *testing.T, e http.Handler, target string) walkPage {
	t.Helper()
	rec := get(t, e, "GET", strings.TrimPrefix(target, testBase), "")
	if rec.Code != 200 {
		t.Fatalf("%s: %d %s", target, rec.Code, rec.Body.String())
	}
	g := parse(t, rec)
	var p walkPage
	for _, tr := range g.Triples() {
		if tr.P.Value == graph.RDFType && tr.O.Value == "http://www.w3.org/ns/dcat#Dataset" {
			p.iris = append(p.iris, tr.S.Value)
		}
	}
	for _, s := range g.SubjectsOfType(hydra + "PagedCollection") {
		p.self = s.Value
		p.next, p.first, p.last = g.Object(s, hydra+"next").Value, g.Object(s, hydra+"first").Value, g.Object(s, hydra+"last").Value
		p.total = g.Object(s, hydra+"totalItems").Value
		if n := g.Object(s, hydra+"nextPage").Value; n != p.next {
			t.Errorf("%s: nextPage %q, next %q", target, n, p.next)
		}
	}
	return p
}

// TestHarvestWalkDuringChanges follows hydra:next while the catalogue
// changes between pages, and checks the documented guarantee: every
// dataset public throughout the walk is seen exactly once, whatever is
// edited, deleted or created meanwhile.
func TestHarvestWalkDuringChanges(t *testing.T) {
	later := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	edit := func(d *catalog.Dataset) { d.Title += " (bearbeitet)"; d.ModifiedAt = later }
	del := func(d *catalog.Dataset) { d.State = catalog.StateDeleted }
	// A change names a dataset by its place: on the page just read (i ≥ 0)
	// or among those not read yet (i < 0, from the end).
	type change struct {
		afterPage int
		i         int
		fn        func(*catalog.Dataset)
	}
	cases := []struct {
		name    string
		start   string
		changes []change
		create  bool // a dataset is created after page 1
	}{
		{"quiet", "/catalog.ttl?page=1", nil, false},
		{"edit on the page just read", "/catalog.ttl?page=1", []change{{1, 0, edit}}, false},
		{"edit the page's last dataset, which the cursor names", "/catalog.ttl", []change{{1, 99, edit}}, false},
		{"edit on every page", "/catalog.ttl", []change{{1, 5, edit}, {2, 7, edit}, {1, -1, edit}}, false},
		{"delete on the page just read", "/catalog.ttl?page=1", []change{{1, 0, del}}, false},
		{"delete the cursor's dataset", "/catalog.ttl", []change{{1, 99, del}, {2, 99, del}}, false},
		{"delete one not read yet", "/catalog.ttl", []change{{1, -1, del}}, false},
		{"create during the walk", "/catalog.ttl", nil, true},
		{"modified_since", "/catalog.ttl?modified_since=2020-01-01", []change{{1, 0, edit}, {1, 1, del}}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// 201: one deletion on page 1 leaves 200, two pages by count,
			// while the walk still has three.
			f := newFake(201)
			e := newServer(f)
			byIRI := map[string]*catalog.Dataset{}
			for _, d := range f.datasets {
				byIRI[testBase+"/dataset/"+d.ID] = d
			}
			changed := map[string]bool{}
			seen := map[string]int{}
			next := testBase + c.start
			for page := 1; next != ""; page++ {
				if page > 10 {
					t.Fatal("hydra:next does not end")
				}
				p := readPage(t, e, next)
				for _, iri := range p.iris {
					seen[iri]++
				}
				if p.next != "" && (!strings.Contains(p.next, fmt.Sprintf("page=%d&", page+1)) || !strings.Contains(p.next, "after=")) {
					t.Errorf("page %d: next %q lacks page=%d or the cursor", page, p.next, page+1)
				}
				next = p.next
				for _, ch := range c.changes {
					if ch.afterPage != page {
						continue
					}
					var d *catalog.Dataset
					if ch.i >= 0 {
						d = byIRI[p.iris[ch.i]]
					} else {
						d = unread(f, seen, byIRI, ch.i)
					}
					ch.fn(d)
					changed[d.ID] = true
				}
				if c.create && page == 1 {
					d := minimalDataset()
					d.ID, d.Name, d.CreatedAt, d.ModifiedAt = "id-new", "name-new", later, later
					f.datasets = append(f.datasets, d)
				}
			}
			for _, d := range f.datasets {
				iri := testBase + "/dataset/" + d.ID
				switch n := seen[iri]; {
				case d.Private:
					if n != 0 {
						t.Errorf("private %s seen", d.ID)
					}
				case d.State == catalog.StateDeleted && n > 1, d.State != catalog.StateDeleted && n != 1:
					t.Errorf("%s (%s, changed %v) seen %d times", d.ID, d.State, changed[d.ID], n)
				}
			}
		})
	}
}

// unread is the i-th from last public dataset the walk has not seen yet.
func unread(f *fakeService, seen map[string]int, byIRI map[string]*catalog.Dataset, i int) *catalog.Dataset {
	var rest []*catalog.Dataset
	for _, d := range f.visible(context.Background(), catalog.ListFilter{Order: catalog.OrderCreated}) {
		if seen[testBase+"/dataset/"+d.ID] == 0 {
			rest = append(rest, d)
		}
	}
	return rest[len(rest)+i]
}

// TestCatalogPageLinks pins the links: next carries page=N+1 and the
// cursor, first, last and previous are offsets, and ?page=N alone is the
// offset page, the same as the walk's page N when nothing changes.
func TestCatalogPageLinks(t *testing.T) {
	e := newServer(newFake(250))
	p1 := readPage(t, e, testBase+"/catalog.ttl?profile=dcatap_de_2")
	if p1.self != testBase+"/catalog.ttl?profile=dcatap_de_2&page=1" ||
		p1.first != testBase+"/catalog.ttl?profile=dcatap_de_2&page=1" ||
		p1.last != testBase+"/catalog.ttl?profile=dcatap_de_2&page=3" || p1.total != "250" {
		t.Errorf("page 1 links: %+v", p1)
	}
	u, err := url.Parse(p1.next)
	if err != nil || u.Query().Get("page") != "2" || u.Query().Get("after") == "" || u.Query().Get("profile") != "dcatap_de_2" {
		t.Fatalf("next %q", p1.next)
	}
	p2 := readPage(t, e, p1.next)
	if p2.self != p1.next {
		t.Errorf("page 2 names itself %q, was fetched as %q", p2.self, p1.next)
	}
	byOffset := readPage(t, e, testBase+"/catalog.ttl?profile=dcatap_de_2&page=2")
	if !slices.Equal(p2.iris, byOffset.iris) || len(p2.iris) != 100 {
		t.Errorf("page 2 by cursor (%d datasets) and by offset (%d) differ", len(p2.iris), len(byOffset.iris))
	}
	if byOffset.next != p2.next {
		t.Errorf("next of page 2: by offset %q, by cursor %q", byOffset.next, p2.next)
	}
	p3 := readPage(t, e, p2.next)
	if len(p3.iris) != 50 || p3.next != "" {
		t.Errorf("page 3: %d datasets, next %q", len(p3.iris), p3.next)
	}
	// The walk is in created order, then id.
	all := slices.Concat(p1.iris, p2.iris, p3.iris)
	var want []string
	for _, d := range newFake(250).visible(t.Context(), catalog.ListFilter{Order: catalog.OrderCreated}) {
		want = append(want, testBase+"/dataset/"+d.ID)
	}
	if !slices.Equal(all, want) {
		t.Error("pages are not in created order, then id")
	}
}

// TestCatalogCursorErrors refuses every after parameter the server cannot
// have written, with a message in German and English.
func TestCatalogCursorErrors(t *testing.T) {
	e := newServer(newFake(150))
	next, err := url.Parse(readPage(t, e, testBase+"/catalog.ttl").next)
	if err != nil {
		t.Fatal(err)
	}
	good := next.Query().Get("after")
	flip := []byte(good)
	flip[5] ^= 1
	cases := []struct {
		name, after string
		want        int
	}{
		{"as written", good, 200},
		{"empty", "", 400},
		{"not base64", "!!!", 400},
		{"padded", good + "==", 400},
		{"one character changed", string(flip), 400},
		{"cut short", good[:len(good)-2], 400},
		{"overlong", strings.Repeat("A", 4096), 400},
		{"another version", "AgAAAAAAAAAAaWQtMDAwMQ", 400},
	}
	for _, c := range cases {
		rec := get(t, e, "GET", "/catalog.ttl?page=2&after="+url.QueryEscape(c.after), "")
		if rec.Code != c.want {
			t.Errorf("%s: %d, want %d: %s", c.name, rec.Code, c.want, rec.Body.String())
			continue
		}
		body := rec.Body.String()
		if c.want == 400 && (!strings.Contains(body, "Invalid after param") || !strings.Contains(body, "Der Parameter after ist ungültig")) {
			t.Errorf("%s: message %q is not bilingual", c.name, body)
		}
	}
}

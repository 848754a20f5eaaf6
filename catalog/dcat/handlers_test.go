package dcat_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/dcat"
	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

// fakeService mimics catalog.Service's reads, including its permission
// checks, over an in-memory list.
type fakeService struct {
	datasets []*catalog.Dataset
	changes  []catalog.Change
}

func (f *fakeService) visible(ctx context.Context, lf catalog.ListFilter) []*catalog.Dataset {
	var out []*catalog.Dataset
	for _, d := range f.datasets {
		if d.State == catalog.StateActive && !d.Private && !d.ModifiedAt.Before(lf.ModifiedSince) {
			out = append(out, d)
		}
	}
	created := func(a *catalog.Dataset, c catalog.DatasetCursor) bool {
		if !a.CreatedAt.Equal(c.CreatedAt) {
			return a.CreatedAt.Before(c.CreatedAt)
		}
		return a.ID < c.ID
	}
	sort.Slice(out, func(i, j int) bool {
		if lf.Order == catalog.OrderCreated {
			return created(out[i], catalog.DatasetCursor{CreatedAt: out[j].CreatedAt, ID: out[j].ID})
		}
		if !out[i].ModifiedAt.Equal(out[j].ModifiedAt) {
			return out[i].ModifiedAt.Before(out[j].ModifiedAt) != (lf.Order == catalog.OrderModifiedDesc)
		}
		return out[i].ID < out[j].ID
	})
	if lf.After != nil {
		// The store's contract: strictly after the key, in OrderCreated only.
		if lf.Order != catalog.OrderCreated {
			panic("cursor in order " + lf.Order)
		}
		out = slices.DeleteFunc(out, func(d *catalog.Dataset) bool {
			return created(d, *lf.After) || d.ID == lf.After.ID && d.CreatedAt.Equal(lf.After.CreatedAt)
		})
	}
	return out
}

func (f *fakeService) Dataset(ctx context.Context, id string) (*catalog.Dataset, error) {
	for _, d := range f.datasets {
		if d.ID == id || d.Name == id {
			if !catalog.ActorFrom(ctx).CanRead(d) {
				return nil, catalog.Forbidden("no")
			}
			return d, nil
		}
	}
	return nil, catalog.NotFound("Dataset")
}

func (f *fakeService) EachDataset(ctx context.Context, lf catalog.ListFilter, fn func(*catalog.Dataset) error) error {
	vs := f.visible(ctx, lf)
	if lf.Offset < len(vs) {
		vs = vs[lf.Offset:]
	} else {
		vs = nil
	}
	if lf.Limit > 0 && len(vs) > lf.Limit {
		vs = vs[:lf.Limit]
	}
	for _, d := range vs {
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeService) CountDatasets(ctx context.Context, lf catalog.ListFilter) (int, error) {
	lf.After = nil // counts ignore the cursor, as the store's do
	return len(f.visible(ctx, lf)), nil
}

func (f *fakeService) SearchDatasets(ctx context.Context, q catalog.SearchQuery, _ bool) (*catalog.DatasetSearchResult, error) {
	var hits []*catalog.Dataset
	for _, d := range f.visible(ctx, catalog.ListFilter{}) {
		if strings.Contains(d.Title, q.Q) {
			hits = append(hits, d)
		}
	}
	res := &catalog.DatasetSearchResult{Count: len(hits)}
	if q.Start < len(hits) {
		hits = hits[q.Start:]
		if len(hits) > q.Rows {
			hits = hits[:q.Rows]
		}
		res.Datasets = hits
	}
	return res, nil
}

func (f *fakeService) Changes(ctx context.Context, after int64, limit int) ([]catalog.Change, error) {
	var out []catalog.Change
	for _, c := range f.changes {
		if c.Seq > after && len(out) < limit {
			out = append(out, c)
		}
	}
	return out, nil
}

func newFake(n int) *fakeService {
	f := &fakeService{}
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		d := minimalDataset()
		d.ID = fmt.Sprintf("id-%04d", i)
		d.Name = fmt.Sprintf("name-%04d", i)
		d.Title = fmt.Sprintf("Datensatz %d", i)
		d.ModifiedAt = t0.Add(time.Duration(i/3) * time.Hour) // ties on purpose
		// Created order is neither id nor modified order, with ties.
		d.CreatedAt = t0.Add(-time.Duration((i*37)%n/2) * time.Minute)
		f.datasets = append(f.datasets, d)
	}
	priv := minimalDataset()
	priv.ID, priv.Name, priv.Private, priv.OrganizationID = "secret", "secret", true, "org1"
	f.datasets = append(f.datasets, priv)
	f.changes = []catalog.Change{
		{Seq: 1, DatasetID: "id-0000", Op: catalog.OpCreate, Public: true},
		{Seq: 2, DatasetID: "secret", Op: catalog.OpCreate, Public: false, OrganizationID: "org1"},
		{Seq: 3, DatasetID: "id-0000", Op: catalog.OpUpdate, Public: true},
		{Seq: 4, DatasetID: "id-0001", Op: catalog.OpDelete, Public: false},
	}
	return f
}

func newServer(f *fakeService) *gin.Engine {
	gin.SetMode(gin.TestMode)
	h := &dcat.Handlers{Service: f, Base: testBase, Info: dcat.CatalogInfo{Title: "Test"}}
	e := gin.New()
	e.GET("/catalog", func(c *gin.Context) { h.Catalog(c, "") })
	for _, s := range []string{"ttl", "rdf", "xml", "jsonld", "nt", "n3"} {
		e.GET("/catalog."+s, func(c *gin.Context) { h.Catalog(c, s) })
		e.HEAD("/catalog."+s, func(c *gin.Context) { h.Catalog(c, s) })
		e.GET("/catalog/full."+s, func(c *gin.Context) { h.Full(c, s) })
	}
	e.GET("/dataset/:id", func(c *gin.Context) {
		id := c.Param("id")
		if i := strings.LastIndexByte(id, '.'); i > 0 {
			h.Dataset(c, id[:i], id[i+1:])
			return
		}
		if f, ok := dcat.NegotiateRDF(c.GetHeader("Accept")); ok {
			h.Dataset(c, id, f)
			return
		}
		c.String(200, "html")
	})
	e.GET("/catalog/changes", h.Changes)
	return e
}

func get(t *testing.T, e http.Handler, method, target, accept string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec
}

func parse(t *testing.T, rec *httptest.ResponseRecorder) *graph.Graph {
	t.Helper()
	f, ok := graph.FormatByMediaType(rec.Header().Get("Content-Type"))
	if rec.Header().Get("Content-Type") == "text/n3" {
		f, ok = graph.Turtle, true
	}
	if !ok {
		t.Fatalf("content type %q", rec.Header().Get("Content-Type"))
	}
	g, err := graph.Read(bytes.NewReader(rec.Body.Bytes()), f, "", graph.Limits{})
	if err != nil {
		t.Fatalf("%v\n%s", err, rec.Body.String())
	}
	return g
}

const hydra = "http://www.w3.org/ns/hydra/core#"

func TestCatalogFormats(t *testing.T) {
	e := newServer(newFake(5))
	cases := []struct{ path, accept, ctype string }{
		{"/catalog.ttl", "", "text/turtle"},
		{"/catalog.n3", "", "text/n3"},
		{"/catalog.rdf", "", "application/rdf+xml"},
		{"/catalog.xml", "", "application/rdf+xml"},
		{"/catalog.jsonld", "", "application/ld+json"},
		{"/catalog.nt", "", "application/n-triples"},
		{"/catalog", "application/ld+json", "application/ld+json"},
		{"/catalog", "text/html;q=0.5, application/rdf+xml", "application/rdf+xml"},
		{"/catalog", "", "text/turtle"},
	}
	var first *graph.Graph
	for _, c := range cases {
		t.Run(c.path+" "+c.accept, func(t *testing.T) {
			rec := get(t, e, "GET", c.path, c.accept)
			if rec.Code != 200 || rec.Header().Get("Content-Type") != c.ctype {
				t.Fatalf("%d %q", rec.Code, rec.Header().Get("Content-Type"))
			}
			g := parse(t, rec)
			cats := g.SubjectsOfType("http://www.w3.org/ns/dcat#Catalog")
			if len(cats) != 1 || cats[0].Value != testBase+"/" {
				t.Errorf("catalog nodes %v", cats)
			}
			if n := len(g.Objects(cats[0], "http://www.w3.org/ns/dcat#dataset")); n != 5 {
				t.Errorf("%d dcat:dataset links, want 5", n)
			}
			g = withoutHydra(t, g) // page links name the format's own URL
			if first == nil {
				first = g
			} else if !graph.Isomorphic(first, g) {
				t.Errorf("graph differs from the first format's")
			}
		})
	}
}

func TestCatalogHeadAndErrors(t *testing.T) {
	e := newServer(newFake(3))
	if rec := get(t, e, "HEAD", "/catalog.ttl", ""); rec.Code != 200 || rec.Body.Len() != 0 || rec.Header().Get("Content-Type") != "text/turtle" {
		t.Errorf("HEAD: %d %q %d bytes", rec.Code, rec.Header().Get("Content-Type"), rec.Body.Len())
	}
	for target, want := range map[string]int{
		"/catalog.ttl?page=0":                    409,
		"/catalog.ttl?page=-2":                   409,
		"/catalog.ttl?page=abc":                  409,
		"/catalog.ttl?modified_since=gestern":    400,
		"/catalog.ttl?profile=nope":              400,
		"/catalog.ttl?modified_since=2020-01-01": 200,
		"/catalog.ttl?profile=dcatap_de_2":       200,
		"/dataset/unknown.ttl":                   404,
		"/dataset/secret.ttl":                    403,
		"/dataset/id-0001.exe":                   404,
		"/catalog/changes?since=x":               400,
	} {
		if rec := get(t, e, "GET", target, ""); rec.Code != want {
			t.Errorf("%s: %d, want %d: %s", target, rec.Code, want, rec.Body.String())
		}
	}
}

// TestHydraHarvestLoop follows hydra:next from page 1 as ckanext-dcat's
// harvester does and must see every public dataset exactly once, never
// the private one.
func TestHydraHarvestLoop(t *testing.T) {
	f := newFake(250)
	e := newServer(f)
	seen := map[string]int{}
	next := testBase + "/catalog.ttl?modified_since=2020-01-01"
	for pages := 0; next != ""; pages++ {
		if pages > 10 {
			t.Fatal("paging does not end")
		}
		rec := get(t, e, "GET", strings.TrimPrefix(next, testBase), "")
		if rec.Code != 200 {
			t.Fatalf("%s: %d", next, rec.Code)
		}
		g := parse(t, rec)
		for _, d := range g.SubjectsOfType("http://www.w3.org/ns/dcat#Dataset") {
			seen[d.Value]++
		}
		next = ""
		for _, p := range g.SubjectsOfType(hydra + "PagedCollection") {
			if g.Object(p, hydra+"totalItems").Value != "250" || g.Object(p, hydra+"itemsPerPage").Value != "100" {
				t.Errorf("totals: %s", strings.Join(g.Sorted(), "\n"))
			}
			n1, n2 := g.Object(p, hydra+"next"), g.Object(p, hydra+"nextPage")
			if n1 != n2 {
				t.Errorf("next %v != nextPage %v", n1, n2)
			}
			if !n1.IsZero() {
				if !n1.IsLiteral() || !strings.Contains(n1.Value, "modified_since=2020-01-01") {
					t.Errorf("next link %v", n1)
				}
				next = n1.Value
			}
			if l := g.Object(p, hydra+"last").Value; !strings.HasSuffix(l, "page=3") {
				t.Errorf("last %q", l)
			}
		}
	}
	if len(seen) != 250 {
		t.Errorf("saw %d datasets, want 250", len(seen))
	}
	for iri, n := range seen {
		if n != 1 || strings.Contains(iri, "secret") {
			t.Errorf("%s seen %d times", iri, n)
		}
	}
	// Past the end: empty page whose previous link points at the last page.
	g := parse(t, get(t, e, "GET", "/catalog.ttl?page=9", ""))
	if n := len(g.SubjectsOfType("http://www.w3.org/ns/dcat#Dataset")); n != 0 {
		t.Errorf("past the end: %d datasets", n)
	}
	for _, p := range g.SubjectsOfType(hydra + "PagedCollection") {
		if prev := g.Object(p, hydra+"previous").Value; !strings.HasSuffix(prev, "page=3") {
			t.Errorf("previous %q", prev)
		}
	}
}

func TestCatalogSearch(t *testing.T) {
	e := newServer(newFake(30))
	g := parse(t, get(t, e, "GET", "/catalog.ttl?q=Datensatz%202", ""))
	// "Datensatz 2", "Datensatz 20".."29"
	if n := len(g.SubjectsOfType("http://www.w3.org/ns/dcat#Dataset")); n != 11 {
		t.Errorf("%d datasets, want 11", n)
	}
	for _, p := range g.SubjectsOfType(hydra + "PagedCollection") {
		if !strings.Contains(g.Object(p, hydra+"first").Value, "q=Datensatz+2") {
			t.Errorf("q not kept: %v", g.Object(p, hydra+"first"))
		}
	}
}

func TestDatasetEndpoint(t *testing.T) {
	f := newFake(2)
	f.datasets[0] = fullDataset()
	e := newServer(f)
	id := f.datasets[0].ID
	rec := get(t, e, "GET", "/dataset/"+id+".jsonld", "")
	ds, err := dcat.Decode(parse(t, rec), dcat.DecodeOptions{Base: testBase})
	if err != nil || len(ds) != 1 || ds[0].Dataset.ID != id {
		t.Fatalf("%v %+v", err, ds)
	}
	if rec := get(t, e, "GET", "/dataset/"+id, "text/turtle"); rec.Header().Get("Content-Type") != "text/turtle" {
		t.Errorf("negotiation: %q", rec.Header().Get("Content-Type"))
	}
	// The private dataset is readable by a member of its organisation.
	req := httptest.NewRequest("GET", "/dataset/secret.ttl", nil)
	req = req.WithContext(catalog.WithActor(req.Context(), &catalog.Actor{User: &catalog.User{ID: "u"}, Roles: map[string]string{"org1": catalog.RoleMember}}))
	rec = httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Errorf("member: %d", rec.Code)
	}
}

func TestFullDump(t *testing.T) {
	e := newServer(newFake(120))
	g := parse(t, get(t, e, "GET", "/catalog/full.nt", ""))
	if n := len(g.SubjectsOfType("http://www.w3.org/ns/dcat#Dataset")); n != 120 {
		t.Errorf("%d datasets, want 120", n)
	}
	if len(g.SubjectsOfType(hydra+"PagedCollection")) != 0 {
		t.Error("the full dump is not paged")
	}
}

func TestChangeFeed(t *testing.T) {
	e := newServer(newFake(3))
	rec := get(t, e, "GET", "/catalog/changes?since=0", "")
	var feed dcat.ChangeFeed
	if err := json.Unmarshal(rec.Body.Bytes(), &feed); err != nil {
		t.Fatal(err)
	}
	var ops []string
	for _, c := range feed.Changes {
		ops = append(ops, c.Op+" "+strings.TrimPrefix(c.Dataset, testBase))
	}
	want := "created /dataset/id-0000,deleted /dataset/secret,updated /dataset/id-0000,deleted /dataset/id-0001"
	if strings.Join(ops, ",") != want || feed.LastSeq != 4 {
		t.Errorf("got %v last %d", ops, feed.LastSeq)
	}
	rec = get(t, e, "GET", "/catalog/changes?since=3&limit=1", "")
	json.Unmarshal(rec.Body.Bytes(), &feed)
	if len(feed.Changes) != 1 || feed.Changes[0].Seq != 4 || feed.Next == "" {
		t.Errorf("%+v", feed)
	}

	// Entries the service marks Hidden (never-public datasets) are left out,
	// but the feed still moves past them.
	f := newFake(1)
	f.changes = append(f.changes, catalog.Change{Seq: 99, DatasetID: "never-public", Op: catalog.OpCreate, Hidden: true})
	rec = get(t, newServer(f), "GET", "/catalog/changes?since=0", "")
	feed = dcat.ChangeFeed{}
	json.Unmarshal(rec.Body.Bytes(), &feed)
	if feed.LastSeq != 99 || strings.Contains(rec.Body.String(), "never-public") {
		t.Errorf("hidden entry: last %d, body %s", feed.LastSeq, rec.Body.String())
	}
}

func TestNegotiateRDF(t *testing.T) {
	for accept, want := range map[string]string{
		"": "",
		"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8": "",
		"text/turtle": "ttl",
		"application/ld+json;q=0.9, text/turtle;q=0.5": "jsonld",
		"application/n-triples":                        "nt",
		"text/n3":                                      "n3",
		"application/rdf+xml":                          "rdf",
		"text/html;q=0.1, application/rdf+xml":         "rdf",
		"*/*":                                          "",
	} {
		got, ok := dcat.NegotiateRDF(accept)
		if got != want || ok != (want != "") {
			t.Errorf("%q: %q %v, want %q", accept, got, ok, want)
		}
	}
}

func withoutHydra(t *testing.T, g *graph.Graph) *graph.Graph {
	out := graph.New(graph.Limits{})
	pages := map[graph.Term]bool{}
	for _, p := range g.SubjectsOfType(hydra + "PagedCollection") {
		pages[p] = true
	}
	if len(pages) != 1 {
		t.Errorf("%d hydra page nodes, want 1", len(pages))
	}
	for _, tr := range g.Triples() {
		if !pages[tr.S] {
			out.Add(tr)
		}
	}
	return out
}

// The real service must satisfy Reader.
var _ dcat.Reader = (*catalog.Service)(nil)

package ckanapi

import (
	"context"
	"errors"
	"net/url"
	"os"
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

// orgStore answers the converter's organisation lookups (none exist); the
// fuzz tests need nothing else from a store.
type orgStore struct{ catalog.Store }

func (orgStore) Organization(context.Context, string) (*catalog.Organization, error) {
	return nil, catalog.NotFound("Organization")
}

// FuzzDecodePackage feeds request bodies to the package dict decoder. It
// must never panic, must report problems only as CKAN field errors, and
// what it accepts must render to a dict that decodes to the same dict.
func FuzzDecodePackage(f *testing.F) {
	f.Add([]byte(`{"name":"a1","title":"T","notes":"N","owner_org":"o","license_id":"dl-by-de/2.0","tags":[{"name":"ab"}],"groups":[{"name":"envi"}],"extras":[{"key":"contributorID","value":"[\"http://dcat-ap.de/def/contributors/openDataHRO\"]"},{"key":"spatial","value":"{\"type\":\"Point\",\"coordinates\":[1,2]}"}],"resources":[{"url":"https://x/a.csv","format":"CSV","size":"12"}]}`))
	f.Add([]byte(`{"extras":[{"key":"temporal_start","value":"2024"},{"key":"contact_email","value":"a@b.de"},{"key":"x","value":[1,{"a":null}]}],"maintainer":"M"}`))
	f.Add([]byte(`{"resources":[{"url":"u","access_url":"a","download_url":"d","language":"[\"de\",2]","documentation":["a","b"]}]}`))
	f.Add([]byte(`{"tags":"x","groups":{},"extras":{"a":"b"},"private":"vielleicht","resources":[1]}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`[]`))
	if raw, err := os.ReadFile("testdata/govdata-package_show-rlp-geologie.json"); err == nil {
		f.Add(raw)
	}
	a := New(&catalog.Service{Store: orgStore{}}, Options{SiteURL: "https://portal.example"})
	cv := &converter{api: a, ctx: context.Background(), orgs: map[string]*catalog.Organization{}}
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := decodeObject(body)
		if err != nil {
			var br *badRequest
			if !errors.As(err, &br) {
				t.Fatalf("body error is %T", err)
			}
			return
		}
		if r, ok := p["result"].(map[string]any); ok {
			p = params(r) // a saved package_show envelope
		}
		d, err := a.decodePackage(p, nil)
		if err != nil {
			var fe *fieldErrors
			if !errors.As(err, &fe) {
				t.Fatalf("decode error is %T: %v", err, err)
			}
			fe.nested()
			return
		}
		pd, err := cv.packageDict(d)
		if err != nil {
			t.Fatal(err)
		}
		p2, err := toParams(pd)
		if err != nil {
			t.Fatal(err)
		}
		d2, err := a.decodePackage(p2, nil)
		if err != nil {
			t.Fatalf("the rendered dict does not decode: %v\n%s", err, jsonText(pd))
		}
		pd2, err := cv.packageDict(d2)
		if err != nil {
			t.Fatal(err)
		}
		if x, y := jsonText(pd), jsonText(pd2); x != y {
			t.Fatalf("not stable:\n%s\n%s", x, y)
		}
	})
}

// FuzzSearchParams feeds query strings to package_search's parameter
// parsing: no panics, only CKAN errors, and accepted values in range.
func FuzzSearchParams(f *testing.F) {
	for _, s := range []string{
		"q=*:*&rows=10&start=0&sort=id+asc",
		"facet.field=%5B%22tags%22%5D&facet.limit=-1&facet.mincount=2",
		"fq=organization:x&fq_list=a&fq_list=b&include_private=True",
		"rows=5000&start=-1", "foo=bar&_=1", "ext_bbox=1,2,3,4&ext_startdate=2020&ext_enddate=2021-05",
		"fl=id+name", "facet.field=tags", "rows=1e9",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, query string) {
		v, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		p := params{}
		fromValues(v, p)
		sr, err := parseSearch(p)
		if err != nil {
			var fe *fieldErrors
			var sq *searchQueryError
			if !errors.As(err, &fe) && !errors.As(err, &sq) {
				t.Fatalf("error is %T", err)
			}
			if fe != nil {
				fe.nested()
			}
			return
		}
		q := sr.q
		if q.Rows < 0 || q.Rows > maxRows || q.Start < 0 || q.Q == "" {
			t.Fatalf("out of range: rows %d start %d q %q", q.Rows, q.Start, q.Q)
		}
		if b := q.BBox; b != nil && (b[0] > b[2] || b[1] > b[3]) {
			t.Fatalf("bbox %v", *b)
		}
	})
}

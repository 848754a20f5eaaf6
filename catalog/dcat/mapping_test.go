package dcat_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/dcat"
	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

// encodeDoc writes a catalogue document with the given datasets.
func encodeDoc(t testing.TB, f graph.Format, p dcat.Profile, ds ...*catalog.Dataset) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := dcat.NewDocument(&buf, f, testBase, p)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Catalog(dcat.CatalogInfo{Title: "Offene Daten Musterstadt", Description: "Das Datenportal."}); err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if err := w.Dataset(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// comparable strips what DCAT does not carry (CKAN and record fields),
// naming each, so the rest must survive a round trip exactly.
func comparable(d *catalog.Dataset) *catalog.Dataset {
	c := d.Clone()
	c.Name, c.OrganizationID, c.Private, c.Extras, c.Harvest, c.CreatorUserID = "", "", false, nil, nil, ""
	c.CreatedAt, c.ModifiedAt = time.Time{}, time.Time{}
	for i := range c.Distributions {
		x := &c.Distributions[i]
		x.StorageKey, x.ResourceType, x.Extras = "", "", nil
		x.CreatedAt, x.ModifiedAt = time.Time{}, time.Time{}
	}
	return c
}

func TestDatasetRoundTripLossless(t *testing.T) {
	for _, p := range []dcat.Profile{dcat.DCATAPDE3, dcat.DCATAPDE2} {
		for _, f := range graph.Formats {
			for _, want := range []*catalog.Dataset{fullDataset(), minimalDataset()} {
				t.Run(p.String()+"/"+f.String()+"/"+want.Name, func(t *testing.T) {
					doc := encodeDoc(t, f, p, want)
					g, err := graph.Read(bytes.NewReader(doc), f, "", graph.Limits{})
					if err != nil {
						t.Fatalf("%v\n%s", err, doc)
					}
					got, err := dcat.Decode(g, dcat.DecodeOptions{Base: testBase})
					if err != nil || len(got) != 1 {
						t.Fatalf("decode: %v, %d datasets", err, len(got))
					}
					if len(got[0].Warnings) > 0 {
						t.Errorf("warnings on our own output: %+v", got[0].Warnings)
					}
					w := comparable(want)
					if want.Modified == nil { // dct:modified falls back to the record's time
						w.Modified = catalog.NewDateTime(want.ModifiedAt)
					}
					a, _ := json.MarshalIndent(w, "", " ")
					b, _ := json.MarshalIndent(comparable(got[0].Dataset), "", " ")
					if !bytes.Equal(a, b) {
						t.Errorf("round trip differs:\nwant %s\ngot  %s", a, b)
					}
				})
			}
		}
	}
}

// TestCrossFormat: the same datasets written in every format give
// isomorphic graphs.
func TestCrossFormat(t *testing.T) {
	var first *graph.Graph
	for _, f := range graph.Formats {
		g, err := graph.Read(bytes.NewReader(encodeDoc(t, f, dcat.DCATAPDE3, fullDataset(), minimalDataset())), f, "", graph.Limits{})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if first == nil {
			first = g
			continue
		}
		if !graph.Isomorphic(first, g) {
			t.Errorf("%s differs from Turtle", f)
		}
	}
}

func TestFixturesDecode(t *testing.T) {
	files, _ := filepath.Glob("testdata/fixtures/*")
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f, _ := graph.FormatByExt(filepath.Ext(path))
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			g, err := graph.Read(bytes.NewReader(data), f, "", graph.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			ds, err := dcat.Decode(g, dcat.DecodeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(path, "udata") {
				return // paging fixtures
			}
			if len(ds) == 0 {
				t.Fatal("no datasets")
			}
			for _, d := range ds {
				if d.Dataset.Title == "" {
					t.Errorf("%s: no title", d.IRI)
				}
			}
		})
	}
}

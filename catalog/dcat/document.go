package dcat

import (
	"io"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

// Document streams one RDF document: optionally the catalogue node and a
// Hydra page node, then datasets one at a time. Memory stays bounded by
// one dataset, whatever the number of datasets.
type Document struct {
	w       graph.Writer
	enc     *Encoder
	catalog bool
}

// NewDocument starts a document in format f for IRIs under base.
func NewDocument(w io.Writer, f graph.Format, base string, p Profile) (*Document, error) {
	gw, err := graph.NewWriter(w, f, prefixes(p))
	if err != nil {
		return nil, err
	}
	return &Document{w: gw, enc: NewEncoder(base, p)}, nil
}

// Encoder returns the document's encoder (for IRIs).
func (d *Document) Encoder() *Encoder { return d.enc }

// Catalog writes the dcat:Catalog node; datasets written afterwards are
// linked from it with dcat:dataset.
func (d *Document) Catalog(c CatalogInfo) error {
	d.catalog = true
	return d.w.Write(d.enc.Catalog(c))
}

// Hydra writes the paging node.
func (d *Document) Hydra(p Page) error {
	if ts := d.enc.Hydra(p); len(ts) > 0 {
		return d.w.Write(ts)
	}
	return nil
}

// Dataset writes one dataset with its distributions.
func (d *Document) Dataset(ds *catalog.Dataset) error {
	if d.catalog {
		return d.w.Write(d.enc.DatasetInCatalog(ds))
	}
	return d.w.Write(d.enc.Dataset(ds))
}

// Close writes the footer and flushes.
func (d *Document) Close() error { return d.w.Close() }

package catalog

import (
	"context"
	"time"
)

// SearchQuery is a dataset search in CKAN's query language (Solr/Lucene
// syntax for Q and FQ), which is what existing clients send. The search
// package translates it.
type SearchQuery struct {
	Q             string
	FQ            []string
	Sort          string
	Rows, Start   int
	FacetFields   []string
	FacetLimit    int // negative = unlimited
	FacetMinCount int
	Visibility    Visibility
	IncludeDrafts bool
	// IncludeDeleted also matches deleted datasets (sysadmin tools).
	IncludeDeleted bool
	// BBox filters datasets whose spatial extent intersects
	// minLon,minLat,maxLon,maxLat.
	BBox *[4]float64
	// TemporalStart/End filter datasets whose temporal coverage overlaps.
	TemporalStart, TemporalEnd *time.Time
}

// FacetCount is one facet value with its count.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// SearchResult holds matching dataset ids in order; callers load the
// datasets from the store (the truth), not from the index.
type SearchResult struct {
	Count  int
	IDs    []string
	Facets map[string][]FacetCount // per field, count descending
	Sort   string                  // effective sort
}

// Suggestion is one autocomplete hit.
type Suggestion struct {
	Kind string `json:"kind"` // "dataset", "keyword", "organization"
	Text string `json:"text"`
	Name string `json:"name,omitempty"` // dataset or organisation slug
}

// Searcher answers queries. The search package implements it.
type Searcher interface {
	Search(ctx context.Context, q SearchQuery) (*SearchResult, error)
	Suggest(ctx context.Context, prefix string, limit int, vis Visibility) ([]Suggestion, error)
}

// IndexWaiter lets a writer wait until the index has applied a sequence,
// so a client that creates a dataset finds it in the next search.
type IndexWaiter interface {
	WaitFor(ctx context.Context, seq int64) error
}

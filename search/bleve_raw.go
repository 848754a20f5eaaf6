package search

import (
	"context"

	"github.com/blevesearch/bleve/v2"
)

// SearchBleve runs req unchanged on the live index generation. The portal
// never calls it: it exists so that benchmarks outside this package (the
// package_search-over-HTTP benchmark in cmd/datenportal) can time the
// plain Bleve request for the same question on the same open index, in
// the same process and run, as BenchmarkSearch does inside the package.
func (ix *Index) SearchBleve(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	h, err := ix.acquire()
	if err != nil {
		return nil, err
	}
	defer h.release()
	return h.idx.SearchInContext(ctx, req)
}

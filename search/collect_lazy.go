package search

import (
	"container/heap"
	"context"
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/facet"
	index "github.com/blevesearch/bleve_index_api"
)

// maxLazyWindow bounds start+rows for the lazy collector; deeper pages
// keep Bleve's collector (and its memory caps).
const maxLazyWindow = 1000

// lazyTopN collects the top hits of an order that starts with the score
// (CKAN's "score desc, metadata_modified desc" plus the id tie-break).
// Bleve's TopNCollector reads every later sort key — a doc value, the
// stored id — for every hit before it looks at the score, which for a
// free-text search was half its time. Here a hit whose score is below the
// worst kept one is dropped unread: only hits that can enter the top
// start+rows (and ties with its boundary) read their keys. Order and
// results are Bleve's own (TestLazyCollectorMatchesBleve).
type lazyTopN struct {
	size, skip      int
	sort            bsearch.SortOrder
	scoring, desc   []bool
	sortFields      []string
	needID          bool
	facets          *bsearch.FacetsBuilder
	reader          index.IndexReader
	sortDV, facetDV index.DocValueReader
	kept            hitHeap
	total           uint64
	maxScore        float64
	results         bsearch.DocumentMatchCollection
	took            time.Duration
}

// runSearch answers req on h's index, through the lazy collector when
// the request allows it.
func (ix *Index) runSearch(ctx context.Context, h *handle, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	if ix.lazy && lazyEligible(req) {
		model := index.DefaultScoringModel
		if ix.m.ScoringModel == index.BM25Scoring {
			model = index.BM25Scoring
		}
		return searchLazy(ctx, h.idx, req, model)
	}
	return h.idx.SearchInContext(ctx, req)
}

// lazyEligible reports whether req is a plain score-first request the lazy
// collector answers exactly like Bleve.
func lazyEligible(req *bleve.SearchRequest) bool {
	if len(req.Sort) < 2 || req.SearchAfter != nil || req.SearchBefore != nil || req.Score == "none" ||
		req.From+req.Size > maxLazyWindow || req.Highlight != nil || len(req.Fields) > 0 ||
		req.Explain || req.IncludeLocations {
		return false
	}
	if s, ok := req.Sort[0].(*bsearch.SortScore); !ok || !s.Desc {
		return false
	}
	for _, s := range req.Sort[1:] {
		switch s.(type) {
		case *bsearch.SortField, *bsearch.SortDocID:
		default:
			return false
		}
	}
	for _, f := range req.Facets {
		if f.NumericRanges != nil || f.DateTimeRanges != nil || f.TermPrefix != "" || f.TermPattern != "" {
			return false
		}
	}
	return true
}

// searchLazy runs an eligible request on one snapshot of idx, as Bleve's
// SearchInContext would, with lazyTopN as the collector.
func searchLazy(ctx context.Context, idx bleve.Index, req *bleve.SearchRequest, scoringModel string) (res *bleve.SearchResult, err error) {
	adv, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	reader, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := reader.Close(); err == nil {
			err = cerr
		}
	}()
	// What SearchInContext puts into the context for the searchers: the
	// scoring model and the term-searcher limit (TooManyClauses).
	ctx = context.WithValue(ctx, bsearch.GetScoringModelCallbackKey,
		bsearch.GetScoringModelCallbackFn(func() string { return scoringModel }))
	ctx = bsearch.ContextWithTermSearchersCounter(ctx)
	searcher, err := req.Query.Searcher(ctx, reader, idx.Mapping(), bsearch.SearcherOptions{Score: req.Score})
	if err != nil {
		return nil, err
	}
	defer func() {
		if serr := searcher.Close(); err == nil {
			err = serr
		}
	}()
	c := newLazyTopN(req.Size, req.From, req.Sort)
	if len(req.Facets) > 0 {
		fb := bsearch.NewFacetsBuilder(reader)
		for name, fr := range req.Facets {
			fb.Add(name, facet.NewTermsFacetBuilder(fr.Field, fr.Size))
		}
		c.facets = fb
	}
	start := time.Now()
	if err := c.Collect(ctx, searcher, reader); err != nil {
		return nil, err
	}
	return &bleve.SearchResult{
		Status:   &bleve.SearchStatus{Total: 1, Successful: 1},
		Request:  req,
		Hits:     c.results,
		Total:    c.total,
		MaxScore: c.maxScore,
		Took:     time.Since(start),
		Facets:   c.FacetResults(),
	}, nil
}

func newLazyTopN(size, skip int, order bsearch.SortOrder) *lazyTopN {
	c := &lazyTopN{size: size, skip: skip, sort: order, scoring: order.CacheIsScore(),
		desc: order.CacheDescending(), sortFields: order.RequiredFields(), needID: order.RequiresDocID()}
	c.kept.c = c
	return c
}

// after reports whether a sorts after b (is the worse hit).
func (c *lazyTopN) after(a, b *bsearch.DocumentMatch) bool {
	return c.sort.Compare(c.scoring, c.desc, a, b) > 0
}

func (c *lazyTopN) Collect(ctx context.Context, searcher bsearch.Searcher, reader index.IndexReader) (err error) {
	start := time.Now()
	defer func() { c.took = time.Since(start) }()
	n := c.size + c.skip
	c.reader = reader
	sctx := &bsearch.SearchContext{
		DocumentMatchPool: bsearch.NewDocumentMatchPool(n+1+searcher.DocumentMatchPoolSize(), len(c.sort)),
		Collector:         c,
		IndexReader:       reader,
	}
	if c.facets != nil {
		if c.facetDV, err = reader.DocValueReader(c.facets.RequiredFields()); err != nil {
			return err
		}
	}
	if len(c.sortFields) > 0 {
		if c.sortDV, err = reader.DocValueReader(c.sortFields); err != nil {
			return err
		}
	}
	next, err := searcher.Next(sctx)
	for err == nil && next != nil {
		if c.total%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		c.total++
		next.HitNumber = c.total
		if next.Score > c.maxScore {
			c.maxScore = next.Score
		}
		if c.facets != nil {
			c.facets.StartDoc()
			err = c.facetDV.VisitDocValues(next.IndexInternalID, c.facets.UpdateVisitor)
			c.facets.EndDoc()
			if err != nil {
				return err
			}
		}
		switch {
		case n == 0 || (len(c.kept.h) == n && next.Score < c.kept.h[0].Score):
			// Below the worst kept hit on the first key: it cannot enter.
			sctx.DocumentMatchPool.Put(next)
		default:
			if err := c.prepare(next); err != nil {
				return err
			}
			if len(c.kept.h) < n {
				heap.Push(&c.kept, next)
			} else if c.after(c.kept.h[0], next) {
				out := c.kept.h[0]
				c.kept.h[0] = next
				heap.Fix(&c.kept, 0)
				sctx.DocumentMatchPool.Put(out)
			} else {
				sctx.DocumentMatchPool.Put(next)
			}
		}
		next, err = searcher.Next(sctx)
	}
	if err != nil {
		return err
	}
	hits := c.kept.h
	sort.Slice(hits, func(i, j int) bool { return c.after(hits[j], hits[i]) })
	if c.skip >= len(hits) {
		c.results = bsearch.DocumentMatchCollection{}
		return nil
	}
	c.results = hits[c.skip:]
	for _, d := range c.results {
		if d.ID == "" {
			if d.ID, err = reader.ExternalID(d.IndexInternalID); err != nil {
				return err
			}
		}
		d.Complete(nil)
	}
	return nil
}

// prepare reads the later sort keys of a hit that may enter the top.
func (c *lazyTopN) prepare(d *bsearch.DocumentMatch) error {
	if c.sortDV != nil {
		if err := c.sortDV.VisitDocValues(d.IndexInternalID, c.sort.UpdateVisitor); err != nil {
			return err
		}
	}
	if c.needID && d.ID == "" {
		id, err := c.reader.ExternalID(d.IndexInternalID)
		if err != nil {
			return err
		}
		d.ID = id
	}
	c.sort.Value(d)
	return nil
}

func (c *lazyTopN) Results() bsearch.DocumentMatchCollection { return c.results }
func (c *lazyTopN) Total() uint64                            { return c.total }
func (c *lazyTopN) MaxScore() float64                        { return c.maxScore }
func (c *lazyTopN) Took() time.Duration                      { return c.took }
func (c *lazyTopN) SetFacetsBuilder(fb *bsearch.FacetsBuilder) {
	c.facets = fb
}
func (c *lazyTopN) FacetResults() bsearch.FacetResults {
	if c.facets == nil {
		return nil
	}
	return c.facets.Results()
}

// hitHeap keeps the worst kept hit at the root.
type hitHeap struct {
	h []*bsearch.DocumentMatch
	c *lazyTopN
}

func (h hitHeap) Len() int           { return len(h.h) }
func (h hitHeap) Less(i, j int) bool { return h.c.after(h.h[i], h.h[j]) }
func (h hitHeap) Swap(i, j int)      { h.h[i], h.h[j] = h.h[j], h.h[i] }
func (h *hitHeap) Push(x any)        { h.h = append(h.h, x.(*bsearch.DocumentMatch)) }
func (h *hitHeap) Pop() any {
	x := h.h[len(h.h)-1]
	h.h = h.h[:len(h.h)-1]
	return x
}

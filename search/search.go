package search

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/datenportal/datenportal/catalog"
)

// Paging and facet limits. CKAN caps rows at 1000 silently; start is
// capped because Bleve keeps start+rows hits in memory — a full walk of
// the catalogue belongs to the DCAT dump, not to deep paging.
const (
	DefaultRows       = 10
	MaxRows           = 1000
	MaxStart          = 100000
	DefaultFacetLimit = 50
	MaxFacetLimit     = 1000
	maxFQ             = 32
	maxFacetFields    = 16
)

var _ catalog.Searcher = (*Index)(nil)

// Search answers a package_search. Rows is taken as given (0 returns only
// count and facets, as rows=0 does in CKAN); callers apply DefaultRows
// when the client sent none.
func (ix *Index) Search(ctx context.Context, sq catalog.SearchQuery) (*catalog.SearchResult, error) {
	_, effSort, err := parseSort(sq.Sort)
	if err != nil {
		return nil, err
	}
	h, err := ix.acquire()
	if err != nil {
		return nil, err
	}
	defer h.release()
	// The key is taken before the search runs: a write that lands in
	// between moves the index to a new key, so what we store under the
	// old one is never older than the state it names.
	keys, cacheable := cacheKeys{}, false
	if ix.cache != nil || ix.cursors != nil {
		keys, cacheable = requestKeys(h, sq, effSort)
	}
	if !cacheable || ix.cache == nil {
		return ix.execute(ctx, h, sq, keys, cacheable, effSort)
	}
	for {
		if r, ok := ix.cache.get(keys.full); ok {
			ix.cacheHits.Add(1)
			return cloneResult(r), nil
		}
		done, leader := ix.flights.join(keys.full)
		if leader {
			defer ix.flights.leave(keys.full)
			return ix.execute(ctx, h, sq, keys, cacheable, effSort)
		}
		// If the leader failed or its answer was too large to keep, the
		// next round finds no entry and this request leads a flight.
		select {
		case <-done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// execute runs the query, remembers the page cursor and caches the
// answer.
func (ix *Index) execute(ctx context.Context, h *handle, sq catalog.SearchQuery, keys cacheKeys, cacheable bool, effSort string) (*catalog.SearchResult, error) {
	if ix.beforeExecute != nil {
		ix.beforeExecute()
	}
	req, order, freeText, err := ix.request(sq, false)
	if err != nil {
		return nil, err
	}
	resumed := cacheable && ix.resume(req, keys, sq.Start, order)
	res, err := ix.runSearch(ctx, h, req)
	if err == nil && res.Total == 0 && freeText {
		// Nothing matched the words as written: try again forgiving typos
		// ("Kindergaten"). Only on the empty result, so the common case
		// pays nothing for fuzzy term enumeration.
		if req2, _, _, err2 := ix.request(sq, true); err2 == nil {
			req2.From, req2.SearchAfter = req.From, req.SearchAfter
			res, err = ix.runSearch(ctx, h, req2)
		}
	}
	if err != nil {
		return nil, searchErr(ctx, err)
	}
	if resumed {
		ix.cursorHits.Add(1)
	}
	out := &catalog.SearchResult{Count: int(res.Total), Sort: effSort, IDs: make([]string, 0, len(res.Hits))}
	for _, hit := range res.Hits {
		out.IDs = append(out.IDs, hit.ID)
	}
	out.Facets = facetCounts(sq, res)
	if cacheable {
		ix.rememberCursor(keys, sq.Start, order, res.Hits)
		if ix.cache != nil {
			ix.cache.put(keys.full, cloneResult(out))
		}
	}
	return out, nil
}

// searchErr classifies a Bleve failure: a cancelled request stays a
// context error, a query that expands too far is the client's fault.
func searchErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if strings.Contains(err.Error(), "TooManyClauses") {
		return queryErr("a wildcard, fuzzy or range clause matches too many terms")
	}
	return catalog.Internal(err)
}

// request builds the Bleve request and its sort order. freeText reports
// whether q was free text, for which the typo retry applies.
func (ix *Index) request(sq catalog.SearchQuery, typos bool) (*bleve.SearchRequest, bsearch.SortOrder, bool, error) {
	if sq.Rows < 0 {
		return nil, nil, false, queryErr("rows must be a natural number")
	}
	if sq.Start < 0 {
		return nil, nil, false, queryErr("start must be a natural number")
	}
	if sq.Start > MaxStart {
		return nil, nil, false, queryErr("start must not exceed %d", MaxStart)
	}
	if len(sq.FQ) > maxFQ {
		return nil, nil, false, queryErr("more than %d fq filters", maxFQ)
	}
	tr := ix.tr
	tr.now, tr.typos = ix.now().UTC(), typos

	ast, err := parseQuery(sq.Q)
	if err != nil {
		return nil, nil, false, err
	}
	_, isAll := ast.(matchAllNode)
	freeText := !isAll && !strings.Contains(sq.Q, ":") && !typos
	q, err := tr.top(ast)
	if err != nil {
		return nil, nil, false, err
	}
	filters, err := ix.filters(&tr, sq)
	if err != nil {
		return nil, nil, false, err
	}
	order, _, err := parseSort(sq.Sort)
	if err != nil {
		return nil, nil, false, err
	}
	filter := flatConj(filters)
	var bq *query.BooleanQuery
	if isAll {
		// Everything matches: let the filters select instead of testing
		// every document against them. Unscored, their term clauses
		// become one bitmap intersection in Bleve.
		bq = query.NewBooleanQuery([]query.Query{filter}, nil, nil)
	} else {
		bq = query.NewBooleanQuery([]query.Query{q}, nil, nil)
		bq.AddFilter(filter)
	}
	req := bleve.NewSearchRequestOptions(bq, min(sq.Rows, MaxRows), sq.Start, false)
	req.SortByCustom(order)
	if isAll || !usesScore(order) {
		// Scores are never returned, only sorted by. Match-all scored
		// every hit alike, so "none" (all zero) keeps its order.
		req.Score = "none"
	}
	if err := addFacets(req, sq); err != nil {
		return nil, nil, false, err
	}
	return req, order, freeText, nil
}

// filters are the fq clauses plus what the caller may see: never scored.
func (ix *Index) filters(tr *translator, sq catalog.SearchQuery) ([]query.Query, error) {
	out := []query.Query{visibilityFilter(sq)}
	for _, fq := range sq.FQ {
		ast, err := parseQuery(fq)
		if err != nil {
			return nil, err
		}
		q, err := tr.node(ast)
		if err != nil {
			return nil, err
		}
		if q != nil {
			out = append(out, q)
		}
	}
	if sq.BBox != nil {
		q, err := bboxFilter(*sq.BBox)
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	if sq.TemporalStart != nil || sq.TemporalEnd != nil {
		q, err := temporalFilter(sq.TemporalStart, sq.TemporalEnd)
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, nil
}

// visibilityFilter admits the states asked for, and of those what the
// reader may see: active public datasets, plus everything of the
// organisations in Visibility (members see their drafts and private
// datasets), plus everything for sysadmins — catalog.Actor.CanRead's rule.
func visibilityFilter(sq catalog.SearchQuery) query.Query {
	states := []query.Query{termQ("state", catalog.StateActive, 1)}
	if sq.IncludeDrafts {
		states = append(states, termQ("state", catalog.StateDraft, 1))
	}
	if sq.IncludeDeleted {
		states = append(states, termQ("state", catalog.StateDeleted, 1))
	}
	stateQ := disj(states)
	if sq.Visibility.AllPrivate {
		return stateQ
	}
	if !slices.ContainsFunc(sq.Visibility.OrgIDs, func(o string) bool { return o != "" }) {
		// Anonymous: only active public datasets, whatever states were asked.
		return conj([]query.Query{termQ("state", catalog.StateActive, 1), termQ("capacity", "public", 1)})
	}
	seen := []query.Query{query.NewConjunctionQuery([]query.Query{
		termQ("state", catalog.StateActive, 1), termQ("capacity", "public", 1),
	})}
	for _, org := range sq.Visibility.OrgIDs {
		if org != "" {
			seen = append(seen, termQ("owner_org", lower(org), 1))
		}
	}
	return query.NewConjunctionQuery([]query.Query{stateQ, disj(seen)})
}

// flatConj ANDs filter clauses as one flat conjunction without repeated
// terms: Bleve intersects unscored term clauses as bitmaps only when they
// are direct children of one conjunction.
func flatConj(qs []query.Query) query.Query {
	var flat []query.Query
	seen := map[[2]string]bool{}
	var add func(q query.Query)
	add = func(q query.Query) {
		switch q := q.(type) {
		case *query.ConjunctionQuery:
			for _, c := range q.Conjuncts {
				add(c)
			}
		case *query.TermQuery:
			k := [2]string{q.Field(), q.Term}
			if !seen[k] {
				seen[k] = true
				flat = append(flat, q)
			}
		default:
			flat = append(flat, q)
		}
	}
	for _, q := range qs {
		add(q)
	}
	if len(flat) == 0 {
		return query.NewMatchAllQuery()
	}
	return conj(flat)
}

func usesScore(order bsearch.SortOrder) bool {
	for _, s := range order {
		if s.RequiresScoring() {
			return true
		}
	}
	return false
}

// temporalFilter matches datasets whose coverage [s, e] overlaps the
// asked range: s ≤ to and e ≥ from.
func temporalFilter(from, to *time.Time) (query.Query, error) {
	if from != nil && to != nil && to.Before(*from) {
		return nil, queryErr("temporal range ends before it starts")
	}
	yes := true
	var qs []query.Query
	if to != nil {
		q := query.NewDateRangeInclusiveQuery(minTime, clampTime(*to), &yes, &yes)
		q.SetField(fTempStart)
		qs = append(qs, q)
	}
	if from != nil {
		q := query.NewDateRangeInclusiveQuery(clampTime(*from), time.Time{}, &yes, nil)
		q.SetField(fTempEnd)
		qs = append(qs, q)
	}
	return query.NewConjunctionQuery(qs), nil
}

// facetSize applies the default and the cap to a requested facet.limit.
func facetSize(limit int) int {
	switch {
	case limit == 0:
		return DefaultFacetLimit
	case limit < 0 || limit > MaxFacetLimit:
		return MaxFacetLimit
	}
	return limit
}

func addFacets(req *bleve.SearchRequest, sq catalog.SearchQuery) error {
	if len(sq.FacetFields) > maxFacetFields {
		return queryErr("more than %d facet fields", maxFacetFields)
	}
	size := facetSize(sq.FacetLimit)
	for _, name := range sq.FacetFields {
		f, ok := lookupField(name)
		if !ok || f.facet == "" {
			return queryErr("cannot facet on field %q", trimForError(name))
		}
		// Ask for one more than the limit so that ties at the cut are
		// settled by value below, not by Bleve's map order.
		req.AddFacet(name, bleve.NewFacetRequest(f.facet, size+1))
	}
	return nil
}

// facetCounts returns count-descending, value-ascending facets of at
// least FacetMinCount (default 1), keyed by the requested field name.
func facetCounts(sq catalog.SearchQuery, res *bleve.SearchResult) map[string][]catalog.FacetCount {
	out := map[string][]catalog.FacetCount{}
	minCount := max(sq.FacetMinCount, 1)
	size := facetSize(sq.FacetLimit)
	for name, fr := range res.Facets {
		list := []catalog.FacetCount{}
		if fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				if t.Count >= minCount {
					list = append(list, catalog.FacetCount{Value: t.Term, Count: t.Count})
				}
			}
		}
		sort.Slice(list, func(i, j int) bool {
			if list[i].Count != list[j].Count {
				return list[i].Count > list[j].Count
			}
			return list[i].Value < list[j].Value
		})
		if len(list) > size {
			list = list[:size]
		}
		out[name] = list
	}
	return out
}

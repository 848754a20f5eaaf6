package search

import (
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
)

// Page cursors serve sequential pagers. Harvesters walk package_search
// with start=0,100,200,…; with offsets Bleve must keep start+rows hits in
// a heap and sort them, so page 500 costs far more than page 1. After
// serving a page we remember the sort values of its last hit under (the
// request without start and rows, index state, position after the page);
// a request that starts exactly there continues with SearchAfter and
// From=0, which keeps only rows hits.
//
// This gives the same hits as the offset path only if the order is total
// and reproducible: every order ends with the dataset id (parseSort), and
// sorts involving the score are left out — a background segment merge
// can change scores (document frequencies lose deleted documents) without
// any write, while field values and ids never change without one.

// pageable reports whether hits in this order can be continued by value.
func pageable(order bsearch.SortOrder) bool { return len(order) > 0 && !usesScore(order) }

func cursorKey(page string, pos int) string { return page + "@" + strconv.Itoa(pos) }

// resume turns req into a SearchAfter request if a cursor for its start
// is known. It reports whether it did.
func (ix *Index) resume(req *bleve.SearchRequest, keys cacheKeys, start int, order bsearch.SortOrder) bool {
	if ix.cursors == nil || start == 0 || !pageable(order) {
		return false
	}
	after, ok := ix.cursors.get(cursorKey(keys.page, start))
	if !ok {
		return false
	}
	req.From, req.SearchAfter = 0, after
	return true
}

// rememberCursor records where the served page ended.
func (ix *Index) rememberCursor(keys cacheKeys, start int, order bsearch.SortOrder, hits bsearch.DocumentMatchCollection) {
	if ix.cursors == nil || len(hits) == 0 || !pageable(order) {
		return
	}
	last := hits[len(hits)-1]
	if len(last.Sort) != len(order) {
		return
	}
	after := make([]string, len(last.Sort))
	for i, v := range last.Sort {
		after[i] = strings.Clone(v)
	}
	ix.cursors.put(cursorKey(keys.page, start+len(hits)), after)
}

func cursorSize(key string, after []string) int64 {
	n := int64(len(key) + 96)
	for _, v := range after {
		n += int64(len(v)) + 16
	}
	return n
}

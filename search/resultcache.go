package search

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// The query result cache is Solr's queryResultCache for package_search:
// the computed answer (ids, count, facet counts, effective sort) keyed by
// the index state and the normalised request. Real traffic repeats itself
// — the front page is `*:*` with facets, facet clicks and popular words
// recur — and those are exactly the requests whose cost is the collection
// of tens of thousands of hits, which no query rewrite can avoid.
//
// Correctness rests on the key: it names the live generation (a rebuild
// swap makes every old entry unreachable), the generation's write count
// (every batch moves it, including those that apply a change sequence, so
// the sequence itself need not be read per request), and every part
// of the request that changes the answer, including who asks (the
// visibility filter). Requests with NOW date math are not cached: their
// answer changes with the clock.
const (
	DefaultResultCacheEntries = 2048
	DefaultResultCacheBytes   = 64 << 20
	// Cursors are a few short strings each (see pagecursor.go).
	cursorEntries = 4096
	cursorBytes   = 4 << 20
)

// cacheKeys are the keys of one request: page identifies the result list
// regardless of start and rows (for page cursors), full the answer.
type cacheKeys struct {
	page, full string
}

// requestKeys normalises sq into cache keys for the state h is in; ok is
// false for requests that must not be cached. Invalid requests get keys
// too: they fail before anything is stored under them.
func requestKeys(h *handle, sq catalog.SearchQuery, effSort string) (cacheKeys, bool) {
	if hasNow(sq.Q) || slices.ContainsFunc(sq.FQ, hasNow) {
		return cacheKeys{}, false
	}
	var k keyWriter
	k.int(int64(h.serial))
	k.int(int64(h.writes.Load()))

	k.str(strings.TrimSpace(sq.Q))
	fqs := make([]string, len(sq.FQ))
	for i, fq := range sq.FQ {
		fqs[i] = strings.TrimSpace(fq)
	}
	slices.Sort(fqs) // fq clauses are ANDed: their order is no part of the answer
	k.list(fqs)
	k.str(effSort)

	// Facet fields are keyed by the requested name, so aliases stay apart.
	facets := slices.Compact(slices.Sorted(slices.Values(sq.FacetFields)))
	k.list(facets)
	if len(facets) > 0 {
		k.int(int64(facetSize(sq.FacetLimit)))
		k.int(int64(max(sq.FacetMinCount, 1)))
	}

	// Exactly what visibilityFilter reads.
	k.bool(sq.IncludeDrafts)
	k.bool(sq.IncludeDeleted)
	if sq.Visibility.AllPrivate {
		k.str("all")
	} else {
		var orgs []string
		for _, o := range sq.Visibility.OrgIDs {
			if o != "" {
				orgs = append(orgs, lower(o))
			}
		}
		slices.Sort(orgs)
		k.list(slices.Compact(orgs))
	}

	if sq.BBox != nil {
		for _, v := range sq.BBox {
			k.str(strconv.FormatFloat(v, 'g', -1, 64))
		}
	} else {
		k.str("-")
	}
	for _, t := range []*time.Time{sq.TemporalStart, sq.TemporalEnd} {
		if t != nil {
			k.str(t.UTC().Format(time.RFC3339Nano))
		} else {
			k.str("-")
		}
	}
	page := k.String()
	k.int(int64(min(sq.Rows, MaxRows)))
	k.int(int64(sq.Start))
	return cacheKeys{page: page, full: k.String()}, true
}

// hasNow reports date math relative to the clock. The parser only knows
// "NOW"; any spelling is excluded to be safe.
func hasNow(s string) bool { return strings.Contains(strings.ToUpper(s), "NOW") }

// keyWriter writes length-prefixed parts, so that no choice of values can
// make two different requests spell the same key.
type keyWriter struct{ strings.Builder }

func (k *keyWriter) str(s string) {
	k.WriteString(strconv.Itoa(len(s)))
	k.WriteByte(':')
	k.WriteString(s)
}

func (k *keyWriter) int(n int64) { k.str(strconv.FormatInt(n, 10)) }

func (k *keyWriter) bool(b bool) {
	if b {
		k.str("1")
	} else {
		k.str("0")
	}
}

func (k *keyWriter) list(ss []string) {
	k.int(int64(len(ss)))
	for _, s := range ss {
		k.str(s)
	}
}

// cloneResult deep-copies r: cached results are shared between requests,
// and callers may modify what they get.
func cloneResult(r *catalog.SearchResult) *catalog.SearchResult {
	out := &catalog.SearchResult{Count: r.Count, Sort: r.Sort, IDs: slices.Clone(r.IDs)}
	if r.Facets != nil {
		out.Facets = make(map[string][]catalog.FacetCount, len(r.Facets))
		for name, list := range r.Facets {
			out.Facets[name] = slices.Clone(list)
		}
	}
	return out
}

// resultSize approximates the memory an entry holds: strings plus slice,
// map and list overhead.
func resultSize(key string, r *catalog.SearchResult) int64 {
	n := int64(len(key) + len(r.Sort) + 160)
	for _, id := range r.IDs {
		n += int64(len(id)) + 16
	}
	for name, list := range r.Facets {
		n += int64(len(name)) + 64
		for _, fc := range list {
			n += int64(len(fc.Value)) + 24
		}
	}
	return n
}

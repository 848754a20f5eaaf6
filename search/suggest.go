package search

import (
	"context"
	"sort"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/datenportal/datenportal/catalog"
)

// Autocomplete limits: an autocomplete request is sent per keystroke, so it
// must stay small whatever the client asks.
const (
	DefaultSuggest   = 10
	maxSuggest       = 50
	maxSuggestBytes  = 100
	maxSuggestWords  = 6
	suggestTagFacets = 200
	suggestOrgFacets = 50
)

// Suggest completes what a user is typing to dataset titles, keywords and
// organisations, in one Bleve request: a term lookup per word in the
// edge-n-gram fields, with keywords and organisations taken from facets
// of the matching (visible) datasets, so that nothing private leaks.
func (ix *Index) Suggest(ctx context.Context, prefix string, limit int, vis catalog.Visibility) ([]catalog.Suggestion, error) {
	if len(prefix) > maxSuggestBytes {
		return nil, queryErr("autocomplete text is longer than %d bytes", maxSuggestBytes)
	}
	words := suggestWords(ix, prefix)
	if len(words) == 0 {
		return []catalog.Suggestion{}, nil
	}
	if limit <= 0 {
		limit = DefaultSuggest
	}
	limit = min(limit, maxSuggest)

	var inTitle, inOrg []query.Query
	for _, w := range words {
		inTitle = append(inTitle, prefixTerm(fPrefix, w))
		inOrg = append(inOrg, prefixTerm(fOrgPrefix, w))
	}
	q := query.NewBooleanQuery([]query.Query{disj([]query.Query{conj(inTitle), conj(inOrg)})}, nil, nil)
	q.AddFilter(visibilityFilter(catalog.SearchQuery{Visibility: vis}))
	req := bleve.NewSearchRequestOptions(q, limit*2, 0, false)
	req.Fields = []string{"title", "name"}
	req.AddFacet("tags", bleve.NewFacetRequest(fTagsFacet, suggestTagFacets))
	req.AddFacet("orgs", bleve.NewFacetRequest(fOrgSuggest, suggestOrgFacets))

	h, err := ix.acquire()
	if err != nil {
		return nil, err
	}
	defer h.release()
	res, err := h.idx.SearchInContext(ctx, req)
	if err != nil {
		if ctx.Err() == nil && strings.Contains(err.Error(), "TooManyClauses") {
			return []catalog.Suggestion{}, nil // a one-letter prefix: nothing useful to say
		}
		return nil, searchErr(ctx, err)
	}

	var orgs, tags, sets []catalog.Suggestion
	if fr := res.Facets["orgs"]; fr != nil && fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			name, title, _ := strings.Cut(t.Term, suggestSep)
			if matchesWords(ix, title, words) {
				orgs = append(orgs, catalog.Suggestion{Kind: "organization", Text: title, Name: name})
			}
		}
	}
	if fr := res.Facets["tags"]; fr != nil && fr.Terms != nil {
		terms := fr.Terms.Terms()
		sort.SliceStable(terms, func(i, j int) bool { return terms[i].Count > terms[j].Count })
		for _, t := range terms {
			if matchesWords(ix, t.Term, words) {
				tags = append(tags, catalog.Suggestion{Kind: "keyword", Text: t.Term})
			}
		}
	}
	for _, hit := range res.Hits {
		title, _ := hit.Fields["title"].(string)
		name, _ := hit.Fields["name"].(string)
		if title != "" && matchesWords(ix, title, words) {
			sets = append(sets, catalog.Suggestion{Kind: "dataset", Text: title, Name: name})
		}
	}
	return mixSuggestions(limit, orgs, tags, sets), nil
}

// mixSuggestions gives each kind a share of the list (organisations are
// few and most wanted, then keywords), then fills up with what is left.
func mixSuggestions(limit int, orgs, tags, sets []catalog.Suggestion) []catalog.Suggestion {
	out := make([]catalog.Suggestion, 0, limit)
	shares := []struct {
		list  []catalog.Suggestion
		share int
	}{{orgs, max(limit/5, 1)}, {tags, max(limit*2/5, 1)}, {sets, limit}}
	taken := make([]int, len(shares))
	for i, s := range shares {
		n := min(len(s.list), s.share, limit-len(out))
		out = append(out, s.list[:n]...)
		taken[i] = n
	}
	for i, s := range shares {
		n := min(len(s.list)-taken[i], limit-len(out))
		out = append(out, s.list[taken[i]:taken[i]+n]...)
	}
	return out
}

// suggestWords splits what the user typed into folded words.
func suggestWords(ix *Index, s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, notWordRune) {
		if f := foldWord(ix.tr.fold, w); f != "" {
			out = append(out, f)
		}
		if len(out) == maxSuggestWords {
			break
		}
	}
	return out
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// prefixTerm finds words starting with w: one term of the edge-n-gram
// field, or for words shorter than the shortest gram a (small) prefix
// enumeration of it.
func prefixTerm(field, w string) query.Query {
	r := []rune(w)
	if len(r) > prefixMax {
		w = string(r[:prefixMax])
	}
	if len(r) >= prefixMin {
		return termQ(field, w, 1)
	}
	q := query.NewPrefixQuery(w)
	q.SetField(field)
	return q
}

// matchesWords reports whether every typed word starts some word of s.
func matchesWords(ix *Index, s string, words []string) bool {
	var have []string
	for _, w := range strings.FieldsFunc(s, notWordRune) {
		have = append(have, foldWord(ix.tr.fold, w))
	}
	for _, w := range words {
		ok := false
		for _, h := range have {
			if strings.HasPrefix(h, w) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

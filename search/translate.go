package search

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Boosts of the free-text (dismax) expansion, as CKAN configures Solr:
// qf="name^4 title^4 tags^2 groups^2 text". Compound prefixes and synonyms
// rank below exact words so that "Haushalt" lists "Haushalt 2024" before
// "Haushaltsplan 2024".
const (
	boostName    = 4
	boostTitle   = 4
	boostTags    = 2
	boostGroups  = 2
	boostText    = 1
	boostPrefix  = 0.5
	boostSynonym = 0.5
	boostFuzzy   = 0.3
)

// translator turns an AST into a Bleve query. It analyses query words
// itself (rather than letting Bleve's MatchQuery do it per field) so that
// one analysis serves all fields of the dismax expansion.
type translator struct {
	de, fold analysis.Analyzer
	syn      synonyms
	now      time.Time
	typos    bool // add fuzzy alternatives to free-text words
}

// top translates q: a flat list of free-text words gets CKAN's minimum
// match (mm="2<-1 5<80%"): up to two words all must match, up to five all
// but one, beyond that 80 %.
func (tr *translator) top(n node) (query.Query, error) {
	if a, ok := n.(andNode); ok && len(a.kids) > 2 && allFreeWords(a.kids) {
		var qs []query.Query
		for _, k := range a.kids {
			if q := tr.freeWord(k.(termNode)); q != nil {
				qs = append(qs, q)
			}
		}
		if len(qs) == 0 {
			return query.NewMatchNoneQuery(), nil
		}
		d := query.NewDisjunctionQuery(qs)
		need := len(qs) - 1
		if len(qs) > 5 {
			need = len(qs) * 8 / 10
		}
		d.SetMin(float64(max(need, 1)))
		return d, nil
	}
	q, err := tr.node(n)
	if q == nil && err == nil {
		q = query.NewMatchNoneQuery()
	}
	return q, err
}

func allFreeWords(kids []node) bool {
	for _, k := range kids {
		t, ok := k.(termNode)
		if !ok || t.field != "" || t.phrase || len(t.wild) > 0 || t.fuzzy >= 0 {
			return false
		}
	}
	return true
}

// node returns nil for a clause without searchable terms (a stop word),
// which a conjunction drops, as Solr does.
func (tr *translator) node(n node) (query.Query, error) {
	switch n := n.(type) {
	case matchAllNode:
		return query.NewMatchAllQuery(), nil
	case andNode:
		var must, not []query.Query
		for _, k := range n.kids {
			inner, neg := k, false
			if x, ok := k.(notNode); ok {
				inner, neg = x.kid, true
			}
			q, err := tr.node(inner)
			if err != nil {
				return nil, err
			}
			switch {
			case q == nil:
			case neg:
				not = append(not, q)
			default:
				must = append(must, q)
			}
		}
		if len(not) == 0 {
			switch len(must) {
			case 0:
				return nil, nil
			case 1:
				return must[0], nil
			}
			return query.NewConjunctionQuery(must), nil
		}
		if len(must) == 0 {
			must = []query.Query{query.NewMatchAllQuery()}
		}
		return query.NewBooleanQuery(must, nil, not), nil
	case orNode:
		var qs []query.Query
		for _, k := range n.kids {
			q, err := tr.node(k)
			if err != nil {
				return nil, err
			}
			if q != nil {
				qs = append(qs, q)
			}
		}
		if len(qs) == 0 {
			return nil, nil
		}
		return query.NewDisjunctionQuery(qs), nil
	case notNode:
		q, err := tr.node(n.kid)
		if err != nil || q == nil {
			return query.NewMatchAllQuery(), err
		}
		return query.NewBooleanQuery([]query.Query{query.NewMatchAllQuery()}, nil, []query.Query{q}), nil
	case termNode:
		return tr.term(n)
	case rangeNode:
		return tr.rangeQ(n)
	}
	return nil, queryErr("unsupported query")
}

func (tr *translator) field(name string) (fieldSpec, error) {
	if name == "" {
		return fieldSpec{kind: kindDefault}, nil
	}
	f, ok := lookupField(name)
	if !ok {
		return f, queryErr("unknown field %q", trimForError(name))
	}
	return f, nil
}

func (tr *translator) term(t termNode) (query.Query, error) {
	f, err := tr.field(t.field)
	if err != nil {
		return nil, err
	}
	var q query.Query
	switch f.kind {
	case kindDefault:
		q = tr.freeWord(t)
	case kindText:
		q = tr.textTerm(f.index, t)
	case kindKeyword, kindFold:
		q = tr.keywordTerm(f, t)
	case kindDate:
		if t.text == "*" {
			r := query.NewDateRangeInclusiveQuery(minTime, time.Time{}, nil, nil)
			r.SetField(f.index)
			return r, nil
		}
		from, to, err := parseDateValue(t.text, tr.now)
		if err != nil {
			return nil, err
		}
		yes := true
		r := query.NewDateRangeInclusiveQuery(from, to, &yes, &yes)
		r.SetField(f.index)
		q = r
	case kindNumber:
		v, err := parseNumber(t.text)
		if err != nil {
			return nil, err
		}
		yes := true
		r := query.NewNumericRangeInclusiveQuery(&v, &v, &yes, &yes)
		r.SetField(f.index)
		q = r
	case kindConst:
		if t.text == "*" || strings.EqualFold(t.text, f.value) {
			return query.NewMatchAllQuery(), nil
		}
		return query.NewMatchNoneQuery(), nil
	}
	return boosted(q, t.boost), nil
}

func parseNumber(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v != v {
		return 0, queryErr("invalid number %q", trimForError(s))
	}
	return v, nil
}

func boosted(q query.Query, b float64) query.Query {
	if b > 0 && q != nil {
		if bq, ok := q.(query.BoostableQuery); ok {
			bq.SetBoost(b)
		}
	}
	return q
}

func termQ(field, term string, boost float64) query.Query {
	q := query.NewTermQuery(term)
	q.SetField(field)
	if boost != 1 {
		q.SetBoost(boost)
	}
	return q
}

// textTerm matches an analysed field: words by their stems, phrases in
// order, wildcards against the folded (unstemmed) pattern.
func (tr *translator) textTerm(field string, t termNode) query.Query {
	switch {
	case len(t.wild) > 0:
		return regexpQ(field, tr.wildPattern(t, foldWord))
	case t.phrase:
		q := query.NewMatchPhraseQuery(t.text)
		q.SetField(field)
		q.Analyzer = anDE
		return q
	}
	toks := analyze(tr.de, t.text)
	var qs []query.Query
	for _, tok := range toks {
		if t.fuzzy > 0 {
			fq := query.NewFuzzyQuery(tok)
			fq.SetField(field)
			fq.SetFuzziness(t.fuzzy)
			qs = append(qs, fq)
			continue
		}
		qs = append(qs, termQ(field, tok, 1))
	}
	return conj(qs)
}

func conj(qs []query.Query) query.Query {
	switch len(qs) {
	case 0:
		return nil
	case 1:
		return qs[0]
	}
	return query.NewConjunctionQuery(qs)
}

func disj(qs []query.Query) query.Query {
	switch len(qs) {
	case 0:
		return nil
	case 1:
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

func (tr *translator) normKeyword(f fieldSpec, s string) string {
	if f.kind == kindFold {
		return foldWord(tr.fold, s)
	}
	return f.norm(s)
}

func (tr *translator) keywordTerm(f fieldSpec, t termNode) query.Query {
	if len(t.wild) > 0 {
		return regexpQ(f.index, tr.wildPattern(t, func(_ analysis.Analyzer, s string) string {
			return tr.normKeyword(f, s)
		}))
	}
	v := tr.normKeyword(f, t.text)
	if t.fuzzy > 0 {
		q := query.NewFuzzyQuery(v)
		q.SetField(f.index)
		q.SetFuzziness(t.fuzzy)
		return q
	}
	return termQ(f.index, v, 1)
}

// foldWord lower-cases and German-folds s without stemming: the form of
// wildcard patterns and of whole-value keyword fields like tags.
func foldWord(fold analysis.Analyzer, s string) string {
	toks := fold.Analyze([]byte(s))
	if len(toks) == 0 {
		return ""
	}
	return string(toks[0].Term)
}

// wildPattern builds a regular expression from a wildcard term: literal
// parts normalised and quoted, * and ? translated.
func (tr *translator) wildPattern(t termNode, norm func(analysis.Analyzer, string) string) string {
	var b strings.Builder
	last := 0
	for _, w := range t.wild {
		if w > last {
			b.WriteString(regexp.QuoteMeta(norm(tr.fold, t.text[last:w])))
		}
		if t.text[w] == '*' {
			b.WriteString(".*")
		} else {
			b.WriteString(".")
		}
		last = w + 1
	}
	if last < len(t.text) {
		b.WriteString(regexp.QuoteMeta(norm(tr.fold, t.text[last:])))
	}
	return b.String()
}

func regexpQ(field, pattern string) query.Query {
	q := query.NewRegexpQuery(pattern)
	q.SetField(field)
	return q
}

func (tr *translator) rangeQ(r rangeNode) (query.Query, error) {
	f, err := tr.field(r.field)
	if err != nil {
		return nil, err
	}
	lo, hi := &r.incLo, &r.incHi
	switch f.kind {
	case kindDate:
		var from, to time.Time
		if r.lo != "" {
			a, b, err := parseDateValue(r.lo, tr.now)
			if err != nil {
				return nil, err
			}
			from = a
			if !r.incLo {
				from, *lo = b, false
			}
		}
		if r.hi != "" {
			a, b, err := parseDateValue(r.hi, tr.now)
			if err != nil {
				return nil, err
			}
			to = a
			if r.incHi {
				to = b
			}
		}
		if r.lo == "" && r.hi == "" {
			from = minTime
		}
		q := query.NewDateRangeInclusiveQuery(from, to, lo, hi)
		q.SetField(f.index)
		return q, nil
	case kindNumber:
		var a, b *float64
		for _, x := range []struct {
			s   string
			dst **float64
		}{{r.lo, &a}, {r.hi, &b}} {
			if x.s == "" {
				continue
			}
			v, err := parseNumber(x.s)
			if err != nil {
				return nil, err
			}
			*x.dst = &v
		}
		if a == nil && b == nil {
			zero := -1e308
			a = &zero
		}
		q := query.NewNumericRangeInclusiveQuery(a, b, lo, hi)
		q.SetField(f.index)
		return q, nil
	case kindKeyword, kindFold:
		a, b := "", ""
		if r.lo != "" {
			a = tr.normKeyword(f, r.lo)
		}
		if r.hi != "" {
			b = tr.normKeyword(f, r.hi)
		}
		q := query.NewTermRangeInclusiveQuery(a, b, lo, hi)
		q.SetField(f.index)
		return q, nil
	}
	return nil, queryErr("field %q does not support ranges", trimForError(r.field))
}

// runeLen counts letters, which is what prefix lengths are about.
func runeLen(s string) int { return utf8.RuneCountInString(s) }

package search

import (
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/search/query"
)

// freeWord expands one free-text word (or phrase) CKAN's dismax way over
// name, title, tags, groups and the catch-all text, plus what Solr's
// setup lacks: compound prefixes ("Haushalt" → "Haushaltsplan"), the
// synonym list and, on the typo retry, fuzzy matches. It returns nil for a
// word without searchable terms (a stop word).
func (tr *translator) freeWord(t termNode) query.Query {
	var q query.Query
	switch {
	case len(t.wild) > 0:
		p := tr.wildPattern(t, foldWord)
		q = disj([]query.Query{boosted(regexpQ("title", p), boostTitle), regexpQ(fAll, p)})
	case t.phrase:
		toks := analyze(tr.de, t.text)
		if len(toks) == 0 {
			return nil
		}
		var qs []query.Query
		for _, f := range []struct {
			field string
			boost float64
		}{{"title", boostTitle}, {fAll, boostText}} { // tags are in _all too
			p := query.NewMatchPhraseQuery(t.text)
			p.SetField(f.field)
			p.Analyzer = anDE
			qs = append(qs, boosted(p, f.boost))
		}
		q = disj(qs)
	default:
		toks := analyze(tr.de, t.text)
		if len(toks) == 0 {
			return nil
		}
		alts := []query.Query{termQ("name", lower(t.text), boostName)}
		if len(toks) == 1 {
			if themeCodes[lower(t.text)] { // "envi": a searcher for a term no dataset has costs time
				alts = append(alts, termQ("groups", lower(t.text), boostGroups))
			}
			alts = append(alts, tr.tokenAlts(toks[0], t.fuzzy)...)
		} else {
			var parts []query.Query
			for _, tok := range toks {
				parts = append(parts, disj(tr.tokenAlts(tok, t.fuzzy)))
			}
			alts = append(alts, conj(parts))
		}
		q = disj(alts)
	}
	return boosted(q, t.boost)
}

// themeCodes are the EU data themes, which CKAN exposes as groups.
var themeCodes = map[string]bool{"agri": true, "econ": true, "educ": true, "ener": true, "envi": true, "gove": true,
	"heal": true, "intr": true, "just": true, "regi": true, "soci": true, "tech": true, "tran": true, "op_datpro": true}

// tokenAlts are the ways one analysed term may match.
func (tr *translator) tokenAlts(tok string, fuzzy int) []query.Query {
	alts := []query.Query{
		termQ("title", tok, boostTitle),
		termQ(fTagsText, tok, boostTags),
		termQ(fAll, tok, boostText),
	}
	if compoundable(tok) {
		alts = append(alts, termQ(fPrefix, tok, boostPrefix))
	}
	// Synonyms form one nested clause, so that a dataset matching several
	// members of a group does not outscore one matching the word itself.
	var syns []query.Query
	for _, syn := range tr.syn[tok] {
		if len(syn) == 1 {
			syns = append(syns, termQ("title", syn[0], boostTitle), termQ(fAll, syn[0], boostText))
			if compoundable(syn[0]) {
				syns = append(syns, termQ(fPrefix, syn[0], boostPrefix))
			}
			continue
		}
		syns = append(syns, boosted(query.NewPhraseQuery(syn, "title"), boostTitle),
			boosted(query.NewPhraseQuery(syn, fAll), boostText))
	}
	if len(syns) > 0 {
		alts = append(alts, boosted(disj(syns), boostSynonym))
	}
	f := fuzzy
	if tr.typos && f < 0 {
		f = typoDistance(tok)
	}
	if f > 0 {
		for _, field := range []string{"title", fTagsText} {
			fq := query.NewFuzzyQuery(tok)
			fq.SetField(field)
			fq.SetFuzziness(f)
			alts = append(alts, boosted(fq, boostFuzzy*boostTitle))
		}
	}
	return alts
}

// compoundable reports whether a word may head compounds, i.e. whether
// its prefix alternative can find anything its title and tag terms do
// not: a word of prefixMin to prefixMax letters. Numbers ("2024") head no
// compounds; their prefix clause matched (nearly) only the titles and
// tags that title:2024 and tags_text:2024 already match, at
// the cost of another posting list to walk.
func compoundable(tok string) bool {
	n := runeLen(tok)
	return n >= prefixMin && n <= prefixMax && strings.IndexFunc(tok, unicode.IsLetter) >= 0
}

// typoDistance is how many edits the typo retry forgives: none for short
// words, where one edit is already another word.
func typoDistance(tok string) int {
	switch n := runeLen(tok); {
	case n >= 8:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

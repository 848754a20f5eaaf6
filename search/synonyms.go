package search

import (
	"bufio"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
)

//go:embed synonyms_de.txt
var defaultSynonyms string

// SynonymFile is the name of the optional file in the index directory that
// replaces the built-in list, so that a municipality can add its own
// abbreviations without a new release.
const SynonymFile = "synonyms_de.txt"

// Limits on a synonym file: it is operator input, but a typo must not make
// every query expand into thousands of clauses.
const (
	maxSynonymBytes = 256 << 10
	maxGroupSize    = 16
)

// synonyms maps an analysed single-word term to the other members of its
// group, each analysed into its token sequence (a phrase when >1 token).
type synonyms map[string][][]string

// parseSynonyms reads one group per line, members separated by commas.
// Members are analysed with the German chain, so "Kindertagesstätte" and
// "Kindertagesstaette" are one entry.
func parseSynonyms(r io.Reader, an analysis.Analyzer) (synonyms, error) {
	syn := synonyms{}
	sc := bufio.NewScanner(io.LimitReader(r, maxSynonymBytes))
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		var group [][]string
		for _, m := range strings.Split(text, ",") {
			if toks := analyze(an, strings.TrimSpace(m)); len(toks) > 0 {
				group = append(group, toks)
			}
		}
		if len(group) > maxGroupSize {
			return nil, fmt.Errorf("synonyms line %d: more than %d members", line, maxGroupSize)
		}
		for i, g := range group {
			if len(g) != 1 {
				continue // multi-word members are expanded to, never from
			}
			for j, other := range group {
				if j != i && !containsSeq(syn[g[0]], other) {
					syn[g[0]] = append(syn[g[0]], other)
				}
			}
		}
	}
	return syn, sc.Err()
}

// loadSynonyms reads dir/synonyms_de.txt if present, else the built-in list.
func loadSynonyms(dir string, an analysis.Analyzer) (synonyms, error) {
	if dir != "" {
		f, err := os.Open(dir + string(os.PathSeparator) + SynonymFile)
		switch {
		case err == nil:
			defer f.Close()
			return parseSynonyms(f, an)
		case !errors.Is(err, os.ErrNotExist):
			return nil, err
		}
	}
	return parseSynonyms(strings.NewReader(defaultSynonyms), an)
}

func containsSeq(list [][]string, s []string) bool {
	for _, x := range list {
		if strings.Join(x, " ") == strings.Join(s, " ") {
			return true
		}
	}
	return false
}

// analyze returns the terms an analyzer makes of s.
func analyze(an analysis.Analyzer, s string) []string {
	toks := an.Analyze([]byte(s))
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		out = append(out, string(t.Term))
	}
	return out
}

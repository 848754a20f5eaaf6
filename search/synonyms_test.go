package search

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

func TestParseSynonyms(t *testing.T) {
	ix, err := NewMemOnly()
	if err != nil {
		t.Fatal(err)
	}
	syn, err := parseSynonyms(strings.NewReader("# Kommentar\n\nKita, Kindertagesstätte\nÖPNV, öffentlicher Nahverkehr\n"), ix.tr.de)
	if err != nil {
		t.Fatal(err)
	}
	kita := analyze(ix.tr.de, "Kita")[0]
	kts := analyze(ix.tr.de, "Kindertagesstaette")[0] // ae folds like ä
	if !reflect.DeepEqual(syn[kita], [][]string{{kts}}) || !reflect.DeepEqual(syn[kts], [][]string{{kita}}) {
		t.Errorf("Kita group = %v / %v", syn[kita], syn[kts])
	}
	opnv := analyze(ix.tr.de, "ÖPNV")[0]
	if got := syn[opnv]; len(got) != 1 || len(got[0]) != 2 {
		t.Errorf("ÖPNV expands to %v, want one two-word phrase", got)
	}
	if _, err := parseSynonyms(strings.NewReader(strings.Repeat("a, ", 40)+"b"), ix.tr.de); err == nil {
		t.Error("oversized group accepted")
	}
	def, err := parseSynonyms(strings.NewReader(defaultSynonyms), ix.tr.de)
	if err != nil || len(def) < 20 {
		t.Errorf("built-in list: %d entries, %v", len(def), err)
	}
}

// An operator's file in the index directory replaces the built-in list.
func TestSynonymFileOverrides(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, SynonymFile), []byte("Grünpflege, Baumkataster\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	st := newMemStore()
	loadCatalog(t, st)
	if err := NewIndexer(ix, st, IndexerOptions{}).CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := count(t, ix, catalog.SearchQuery{Q: "Grünpflege"}); got != 1 {
		t.Errorf("own synonym: count = %d, want 1", got)
	}
	if got := count(t, ix, catalog.SearchQuery{Q: "Kita", FQ: []string{"name:kindergaerten"}}); got != 0 {
		t.Errorf("built-in synonym still active: count = %d, want 0", got)
	}
}

func FuzzParseSynonyms(f *testing.F) {
	f.Add(defaultSynonyms)
	f.Add("a,b\n,,\n#x\n\x00, ÿ")
	ix, err := NewMemOnly()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		syn, err := parseSynonyms(strings.NewReader(s), ix.tr.de)
		if err != nil {
			return
		}
		for k, alts := range syn {
			if len(alts) >= maxGroupSize {
				t.Fatalf("%q expands to %d alternatives", k, len(alts))
			}
		}
	})
}

package search

import "testing"

func TestCompoundable(t *testing.T) {
	for tok, want := range map[string]bool{
		"haushalt": true, "kita": true, "b2b1": true, "öpnv": true,
		"2024": false, "12345": false, "abc": false, "kindertagesstaettenplanung": false,
	} {
		if got := compoundable(tok); got != want {
			t.Errorf("compoundable(%q) = %v, want %v", tok, got, want)
		}
	}
}

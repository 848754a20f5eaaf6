package search

import (
	"context"
	"strings"
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

func TestSuggest(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	type sug = catalog.Suggestion
	tests := []struct {
		name   string
		prefix string
		vis    catalog.Visibility
		limit  int
		want   []sug // must appear, in this relative order
		not    []string
	}{
		{"keyword and dataset", "Haush", catalog.Visibility{}, 10,
			[]sug{{Kind: "keyword", Text: "Haushalt"}, {Kind: "dataset", Text: "Haushalt 2024 Ergebnisrechnung", Name: "haushalt-2024"}},
			[]string{"Haushaltsentwurf intern", "Gelöschte Haushaltsdaten"}},
		{"organisation", "muster", catalog.Visibility{}, 10,
			[]sug{{Kind: "organization", Text: "Stadt Musterstadt", Name: "stadt-musterstadt"}}, nil},
		{"umlaut folded", "Strasse", catalog.Visibility{}, 10,
			[]sug{{Kind: "keyword", Text: "Straßen"}, {Kind: "dataset", Text: "Straßenverzeichnis", Name: "strassenverzeichnis"}}, nil},
		{"two words", "Wahlergebnisse Kom", catalog.Visibility{}, 10,
			[]sug{{Kind: "dataset", Text: "Wahlergebnisse Kommunalwahl 2024", Name: "wahlergebnisse-kommunalwahl"}},
			[]string{"Wahlergebnisse Bundestagswahl 2021"}},
		{"short prefix", "Ba", catalog.Visibility{}, 10,
			[]sug{{Kind: "dataset", Text: "Baumkataster", Name: "baumkataster"}}, nil},
		{"private hidden", "Haushaltsent", catalog.Visibility{}, 10, nil, []string{"Haushaltsentwurf intern"}},
		{"private shown to member", "Haushaltsent", catalog.Visibility{OrgIDs: []string{"org-muster"}}, 10,
			[]sug{{Kind: "dataset", Text: "Haushaltsentwurf intern", Name: "interner-haushaltsentwurf"}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.ix.Suggest(ctx, tc.prefix, tc.limit, tc.vis)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) > tc.limit {
				t.Errorf("%d suggestions, limit %d", len(got), tc.limit)
			}
			pos := -1
			for _, w := range tc.want {
				i := indexOf(got, w)
				if i < 0 {
					t.Errorf("Suggest(%q) = %+v, missing %+v", tc.prefix, got, w)
					continue
				}
				if i < pos {
					t.Errorf("Suggest(%q) = %+v: %+v out of order", tc.prefix, got, w)
				}
				pos = i
			}
			for _, s := range got {
				for _, n := range tc.not {
					if s.Text == n {
						t.Errorf("Suggest(%q) must not offer %q", tc.prefix, n)
					}
				}
			}
		})
	}
}

func indexOf(list []catalog.Suggestion, s catalog.Suggestion) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func TestSuggestLimits(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if got, err := f.ix.Suggest(ctx, "  ", 10, catalog.Visibility{}); err != nil || len(got) != 0 {
		t.Errorf("blank prefix: %v, %v", got, err)
	}
	if _, err := f.ix.Suggest(ctx, strings.Repeat("a", 200), 10, catalog.Visibility{}); catalog.ErrorCode(err) != catalog.EQUERY {
		t.Errorf("long prefix: error %v, want EQUERY", err)
	}
	got, err := f.ix.Suggest(ctx, "a", 2, catalog.Visibility{})
	if err != nil || len(got) > 2 {
		t.Errorf("one letter, limit 2: %v, %v", got, err)
	}
	got, err = f.ix.Suggest(ctx, "Wahl", 1000, catalog.Visibility{})
	if err != nil || len(got) > maxSuggest {
		t.Errorf("limit not capped: %d, %v", len(got), err)
	}
}

package gen

import (
	"context"
	"reflect"
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

// The stream is the same on every call (benchmarks compare replays of
// it), has every kind in roughly its share, and walks the harvester's
// pages in order.
func TestMixStream(t *testing.T) {
	search := func(_ context.Context, q catalog.SearchQuery) (*catalog.SearchResult, error) {
		fc := func(vs ...string) (out []catalog.FacetCount) {
			for _, v := range vs {
				out = append(out, catalog.FacetCount{Value: v, Count: 1})
			}
			return out
		}
		return &catalog.SearchResult{Count: 250, Facets: map[string][]catalog.FacetCount{
			"organization": fc("stadt-a", "stadt-b"), "res_format": fc("CSV", "PDF"), "tags": fc("baum", "kita", "wahl")}}, nil
	}
	a, err := MixStream(t.Context(), search, []string{"org-1", "org-2"}, 2000)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := MixStream(t.Context(), search, []string{"org-1", "org-2"}, 2000)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two streams with the same input differ")
	}
	count := map[string]int{}
	members, nextStart := 0, 0
	for _, r := range a {
		count[r.Kind]++
		if r.MemberOrg != "" {
			members++
		}
		if r.Kind == "harvest" {
			if r.Query.Start != nextStart || r.Query.Sort != "id asc" {
				t.Fatalf("harvester page at %d, want %d", r.Query.Start, nextStart)
			}
			if nextStart += 100; nextStart >= 250 {
				nextStart = 0
			}
		}
	}
	for kind, share := range map[string]int{"front": 25, "facet": 20, "text": 30, "text_facet": 10, "harvest": 15} {
		if got := count[kind] * 100 / len(a); got < share-4 || got > share+4 {
			t.Errorf("%s: %d %%, want about %d %%", kind, got, share)
		}
	}
	if members < 40 || members > 120 {
		t.Errorf("%d member requests of 2000, want about 5 %% of the non-harvester ones", members)
	}
}

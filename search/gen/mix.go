package gen

import (
	"context"
	"fmt"
	"math/rand"
	"strconv"

	"github.com/datenportal/datenportal/catalog"
)

// MixRequest is one request of a realistic package_search stream.
type MixRequest struct {
	Kind  string // front, facet, text, text_facet, harvest
	Query catalog.SearchQuery
	// MemberOrg, if set, is the organisation whose member asks (with
	// include_private); the benchmark decides how a member is represented.
	MemberOrg string
}

// MixKinds are the kinds of MixStream in report order.
var MixKinds = []string{"front", "facet", "text", "text_facet", "harvest"}

// MixStream draws n requests the way a municipal portal is used: 25 % the
// front page (*:* with three facets), 20 % facet clicks (30 % of them two
// clicks), 30 % free-text words (10 % ask for page 2), 10 % a word plus a
// click, 15 % a harvester walking sort=id asc 100 rows a page; 5 % of the
// non-harvester requests come from organisation members. Facet values and
// words are Zipf-distributed over what the index holds, read through
// search. The seed is fixed, so every benchmark replays the same stream.
func MixStream(ctx context.Context, search func(context.Context, catalog.SearchQuery) (*catalog.SearchResult, error),
	orgIDs []string, n int) ([]MixRequest, error) {
	facets := []string{"organization", "res_format", "tags"}
	// Facet values by popularity, read from the index itself.
	top, err := search(ctx, catalog.SearchQuery{Q: "*:*", FacetFields: facets, FacetLimit: 100})
	if err != nil {
		return nil, err
	}
	values := map[string][]string{}
	for _, f := range facets {
		for _, fc := range top.Facets[f] {
			values[f] = append(values[f], fc.Value)
		}
		if len(values[f]) < 2 {
			return nil, fmt.Errorf("gen: facet %s has %d values", f, len(values[f]))
		}
	}
	if len(orgIDs) == 0 {
		return nil, fmt.Errorf("gen: no organisations for members")
	}
	words := []string{"Solarpotenzialkataster", "Stadt", "Haushalt 2024", `"Wahlergebnisse Bundestagswahl"`}
	words = append(words, values["tags"]...)

	r := rand.New(rand.NewSource(42))
	zipf := map[string]*rand.Zipf{"words": rand.NewZipf(r, 1.1, 1, uint64(len(words)-1))}
	for _, f := range facets {
		zipf[f] = rand.NewZipf(r, 1.1, 1, uint64(len(values[f])-1))
	}
	click := func() string {
		f := facets[r.Intn(len(facets))]
		return f + ":" + strconv.Quote(values[f][zipf[f].Uint64()])
	}
	word := func() string { return words[zipf["words"].Uint64()] }

	out := make([]MixRequest, 0, n)
	harvest := 0
	for range n {
		sq := catalog.SearchQuery{Q: "*:*", Rows: 10, FacetFields: facets}
		kind := ""
		switch p := r.Intn(100); {
		case p < 25:
			kind = "front"
		case p < 45:
			kind = "facet"
			sq.FQ = []string{click()}
			if r.Intn(100) < 30 {
				sq.FQ = append(sq.FQ, click())
			}
		case p < 75:
			kind = "text"
			sq.Q = word()
			if r.Intn(100) < 10 {
				sq.Start = 10
			}
		case p < 85:
			kind = "text_facet"
			sq.Q, sq.FQ = word(), []string{click()}
		default:
			kind = "harvest"
			sq = catalog.SearchQuery{Q: "*:*", Rows: 100, Start: harvest, Sort: "id asc"}
			if harvest += 100; harvest >= top.Count {
				harvest = 0
			}
		}
		req := MixRequest{Kind: kind, Query: sq}
		if kind != "harvest" && r.Intn(100) < 5 {
			req.MemberOrg = orgIDs[r.Intn(len(orgIDs))]
		}
		out = append(out, req)
	}
	return out, nil
}

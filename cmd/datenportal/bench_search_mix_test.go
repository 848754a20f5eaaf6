package main

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/search/gen"
)

// httpMixRequest is one request of the realistic stream: its kind, its
// CKAN parameters and, for the 5 % organisation members, their token.
type httpMixRequest struct {
	kind  string // front, facet, text, text_facet, harvest
	p     url.Values
	token string
}

func mixLen() int { return envInt("DATENPORTAL_BENCH_MIX", 2000) }

// httpMixStream is gen.MixStream — the stream BenchmarkSearchMix replays
// in process — as package_search parameters. Members are real users: one
// per organisation drawn, with a member role and an API token, created now
// so that their writes are not in the timed part.
func httpMixStream(t *testing.T, st *benchStack, g *gen.Generator, n int) []httpMixRequest {
	t.Helper()
	var orgIDs []string
	for _, o := range g.Organizations() {
		orgIDs = append(orgIDs, o.ID)
	}
	reqs, err := gen.MixStream(context.Background(), st.a.index.Search, orgIDs, n)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]httpMixRequest, 0, n)
	tokens := map[string]string{}
	for _, r := range reqs {
		sq := r.Query
		req := httpMixRequest{kind: r.Kind, p: ckanParams(sq.Q, sq.Rows, sq.Start, sq.Sort, sq.FacetFields, sq.FQ...)}
		if org := r.MemberOrg; org != "" {
			if tokens[org] == "" {
				tokens[org] = memberToken(t, st, org)
			}
			req.token = tokens[org]
			req.p.Set("include_private", "true")
		}
		out = append(out, req)
	}
	return out
}

// memberToken creates a user who is a member of org and returns an API
// token of theirs. A user left by an earlier run on a kept directory is
// reused.
func memberToken(t *testing.T, st *benchStack, orgID string) string {
	t.Helper()
	ctx := catalog.WithActor(context.Background(), catalog.System)
	name := "bench-member-" + orgID[:8]
	if _, err := st.a.svc.CreateUser(ctx, &catalog.User{Name: name, State: catalog.StateActive}, ""); err != nil && catalog.ErrorCode(err) != catalog.ECONFLICT {
		t.Fatal(err)
	}
	if err := st.a.svc.SetMember(ctx, orgID, name, catalog.RoleMember); err != nil {
		t.Fatal(err)
	}
	secret, _, err := st.a.svc.CreateToken(ctx, name, "bench")
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

// replayHTTP sends the stream over HTTP one request at a time and reports
// p50/p99 over all and per kind.
func replayHTTP(t *testing.T, st *benchStack, stream []httpMixRequest, name string) {
	t.Helper()
	all := make([]time.Duration, 0, len(stream))
	byKind := map[string][]time.Duration{}
	var bytes int
	for _, r := range stream {
		start := time.Now()
		res := st.get(t, r.p, r.token)
		d := time.Since(start)
		all = append(all, d)
		byKind[r.kind] = append(byKind[r.kind], d)
		bytes += res.bytes
	}
	p50, p99 := pctl(all)
	t.Logf("mix %s: %d requests (%d distinct), all p50 %.3f ms p99 %.1f ms, mean body %d KB", name, len(stream),
		distinctHTTP(stream), ms(p50), ms(p99), bytes/len(stream)>>10)
	for _, kind := range gen.MixKinds {
		k50, k99 := pctl(byKind[kind])
		t.Logf("mix %s %-10s n=%4d p50 %8.3f ms p99 %6.1f ms", name, kind, len(byKind[kind]), ms(k50), ms(k99))
	}
}

func distinctHTTP(stream []httpMixRequest) int {
	seen := map[string]bool{}
	for _, r := range stream {
		seen[r.p.Encode()+"|"+r.token] = true
	}
	return len(seen)
}

package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

var accountTests = []test{
	{"Organizations", testOrganizations},
	{"Users", testUsers},
	{"Tokens", testTokens},
	{"Memberships", testMemberships},
}

func org(id, name string) *catalog.Organization {
	return &catalog.Organization{ID: id, Name: name, Title: "Stadt " + name, Description: "Beschreibung",
		ImageURL: "https://example.org/logo.png", Homepage: "https://example.org", Email: "info@example.org",
		ContributorID: "http://dcat-ap.de/def/contributors/" + name, PublisherType: "http://purl.org/adms/publishertype/LocalAuthority",
		DefaultLicense: "http://dcat-ap.de/def/licenses/dl-by-de/2.0", PoliticalGeocodingURI: "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/1",
		PoliticalGeocodingLevel: "http://dcat-ap.de/def/politicalGeocoding/Level/municipality", State: catalog.StateActive,
		CreatedAt: t0.Add(7 * time.Nanosecond)}
}

func user(id, name string) *catalog.User {
	return &catalog.User{ID: id, Name: name, FullName: "Erika Mustermann", Email: name + "@example.org",
		PasswordHash: "$2a$10$abcdefghijklmnopqrstuv", Sysadmin: name == "admin", State: catalog.StateActive, CreatedAt: t0}
}

func testOrganizations(t *testing.T, s catalog.Store) {
	for _, o := range []*catalog.Organization{org("o2", "zeta"), org("o1", "alpha")} {
		if err := s.CreateOrganization(ctx(t), o); err != nil {
			t.Fatal(err)
		}
	}
	want := org("o1", "alpha")
	want.CreatedAt = t0
	for _, key := range []string{"o1", "alpha"} {
		got, err := s.Organization(ctx(t), key)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("Organization(%s) = %+v, %v; want %+v", key, got, err, want)
		}
	}
	list, err := s.Organizations(ctx(t))
	if err != nil || len(list) != 2 || list[0].Name != "alpha" || list[1].Name != "zeta" {
		t.Fatalf("Organizations = %v, %v; want alpha, zeta", list, err)
	}
	for _, c := range []struct {
		name, field string
		o           *catalog.Organization
	}{
		{"name", "name", org("o3", "alpha")},
		{"id", "id", org("o1", "beta")},
	} {
		wantField(t, "create org with taken "+c.name, s.CreateOrganization(ctx(t), c.o), catalog.ECONFLICT, c.field)
	}
	wantField(t, "org without name", s.CreateOrganization(ctx(t), org("o9", "")), catalog.EINVALID, "name")
	wantField(t, "org without id", s.CreateOrganization(ctx(t), org("", "x")), catalog.EINVALID, "id")

	renamed := org("o1", "alpha-neu")
	renamed.Title = "Neuer Titel"
	if err := s.UpdateOrganization(ctx(t), renamed); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Organization(ctx(t), "alpha-neu"); err != nil || got.Title != "Neuer Titel" {
		t.Fatalf("after rename: %+v, %v", got, err)
	}
	_, err = s.Organization(ctx(t), "alpha")
	wantCode(t, "old org name", err, catalog.ENOTFOUND)
	wantField(t, "rename to a taken name", s.UpdateOrganization(ctx(t), org("o1", "zeta")), catalog.ECONFLICT, "name")
	wantCode(t, "update missing org", s.UpdateOrganization(ctx(t), org("o404", "nobody")), catalog.ENOTFOUND)
	_, err = s.Organization(ctx(t), "o404")
	wantCode(t, "missing org", err, catalog.ENOTFOUND)
}

func testUsers(t *testing.T, s catalog.Store) {
	for _, u := range []*catalog.User{user("u2", "zoe"), user("u1", "admin")} {
		if err := s.CreateUser(ctx(t), u); err != nil {
			t.Fatal(err)
		}
	}
	for _, key := range []string{"u1", "admin"} {
		got, err := s.User(ctx(t), key)
		if err != nil || !reflect.DeepEqual(got, user("u1", "admin")) {
			t.Fatalf("User(%s) = %+v, %v", key, got, err)
		}
	}
	list, err := s.Users(ctx(t))
	if err != nil || len(list) != 2 || list[0].Name != "admin" || list[1].PasswordHash == "" {
		t.Fatalf("Users = %v, %v", list, err)
	}
	wantField(t, "taken user name", s.CreateUser(ctx(t), user("u3", "zoe")), catalog.ECONFLICT, "name")
	wantField(t, "taken user id", s.CreateUser(ctx(t), user("u2", "xaver")), catalog.ECONFLICT, "id")
	wantField(t, "user without name", s.CreateUser(ctx(t), user("u4", "")), catalog.EINVALID, "name")

	changed := user("u2", "zoe")
	changed.PasswordHash, changed.Sysadmin, changed.Email = "", true, ""
	if err := s.UpdateUser(ctx(t), changed); err != nil {
		t.Fatal(err)
	}
	if got, err := s.User(ctx(t), "u2"); err != nil || !reflect.DeepEqual(got, changed) {
		t.Fatalf("after update: %+v, %v; want %+v", got, err, changed)
	}
	wantField(t, "rename user to a taken name", s.UpdateUser(ctx(t), user("u2", "admin")), catalog.ECONFLICT, "name")
	wantCode(t, "update missing user", s.UpdateUser(ctx(t), user("u404", "nobody")), catalog.ENOTFOUND)
	_, err = s.User(ctx(t), "nobody")
	wantCode(t, "missing user", err, catalog.ENOTFOUND)
}

func testTokens(t *testing.T, s catalog.Store) {
	for _, u := range []*catalog.User{user("u1", "anna"), user("u2", "bert")} {
		if err := s.CreateUser(ctx(t), u); err != nil {
			t.Fatal(err)
		}
	}
	toks := []*catalog.Token{
		{ID: "t1", UserID: "u1", Name: "cli", Hash: "hash-1", CreatedAt: t0},
		{ID: "t2", UserID: "u1", Name: "ci", Hash: "hash-2", CreatedAt: t0.Add(time.Minute)},
		{ID: "t3", UserID: "u2", Name: "x", Hash: "hash-3", CreatedAt: t0},
	}
	for _, tok := range toks {
		if err := s.CreateToken(ctx(t), tok); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.TokenByHash(ctx(t), "hash-2")
	if err != nil || !reflect.DeepEqual(got, toks[1]) {
		t.Fatalf("TokenByHash = %+v, %v; want %+v", got, err, toks[1])
	}
	list, err := s.Tokens(ctx(t), "u1")
	if err != nil || len(list) != 2 || list[0].ID != "t1" || list[1].ID != "t2" {
		t.Fatalf("Tokens(u1) = %v, %v", list, err)
	}
	if list, err := s.Tokens(ctx(t), "u404"); err != nil || len(list) != 0 {
		t.Fatalf("Tokens of unknown user = %v, %v; want none", list, err)
	}
	used := time.Date(2025, 4, 1, 8, 0, 0, 654321999, time.FixedZone("CEST", 7200))
	if err := s.TouchToken(ctx(t), "t1", used); err != nil {
		t.Fatal(err)
	}
	got, err = s.TokenByHash(ctx(t), "hash-1")
	if err != nil || got.LastUsedAt == nil || *got.LastUsedAt != used.UTC().Truncate(time.Microsecond) {
		t.Fatalf("after TouchToken: %+v, %v", got, err)
	}
	for _, c := range []struct {
		name, code string
		tok        *catalog.Token
	}{
		{"unknown user", catalog.ENOTFOUND, &catalog.Token{ID: "t9", UserID: "u404", Hash: "hash-9", CreatedAt: t0}},
		{"taken id", catalog.ECONFLICT, &catalog.Token{ID: "t1", UserID: "u1", Hash: "hash-9", CreatedAt: t0}},
		{"taken hash", catalog.ECONFLICT, &catalog.Token{ID: "t9", UserID: "u1", Hash: "hash-1", CreatedAt: t0}},
		{"empty hash", catalog.EINVALID, &catalog.Token{ID: "t9", UserID: "u1", CreatedAt: t0}},
	} {
		wantCode(t, "token with "+c.name, s.CreateToken(ctx(t), c.tok), c.code)
	}
	_, err = s.TokenByHash(ctx(t), "hash-9")
	wantCode(t, "rejected token", err, catalog.ENOTFOUND)

	if err := s.DeleteToken(ctx(t), "t1"); err != nil {
		t.Fatal(err)
	}
	_, err = s.TokenByHash(ctx(t), "hash-1")
	wantCode(t, "deleted token", err, catalog.ENOTFOUND)
	wantCode(t, "delete twice", s.DeleteToken(ctx(t), "t1"), catalog.ENOTFOUND)
	wantCode(t, "touch deleted", s.TouchToken(ctx(t), "t1", used), catalog.ENOTFOUND)
	if _, err := s.TokenByHash(ctx(t), "hash-2"); err != nil {
		t.Fatalf("other token gone: %v", err)
	}
}

func testMemberships(t *testing.T, s catalog.Store) {
	for _, o := range []*catalog.Organization{org("o1", "beta"), org("o2", "alpha")} {
		if err := s.CreateOrganization(ctx(t), o); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []*catalog.User{user("u1", "zora"), user("u2", "anna")} {
		if err := s.CreateUser(ctx(t), u); err != nil {
			t.Fatal(err)
		}
	}
	set := []catalog.Membership{
		{OrganizationID: "o1", UserID: "u1", Role: catalog.RoleMember},
		{OrganizationID: "o2", UserID: "u1", Role: catalog.RoleEditor},
		{OrganizationID: "o1", UserID: "u2", Role: catalog.RoleAdmin},
		{OrganizationID: "o1", UserID: "u1", Role: catalog.RoleEditor}, // replaces the first
	}
	for _, m := range set {
		if err := s.SetMembership(ctx(t), m); err != nil {
			t.Fatal(err)
		}
	}
	ms, err := s.Memberships(ctx(t), "u1")
	want := []catalog.Membership{set[1], set[3]} // by organisation name: alpha, beta
	if err != nil || !reflect.DeepEqual(ms, want) {
		t.Fatalf("Memberships(u1) = %v, %v; want %v", ms, err, want)
	}
	ms, err = s.Members(ctx(t), "o1")
	want = []catalog.Membership{set[2], set[3]} // by user name: anna, zora
	if err != nil || !reflect.DeepEqual(ms, want) {
		t.Fatalf("Members(o1) = %v, %v; want %v", ms, err, want)
	}
	for _, c := range []struct {
		name, code string
		m          catalog.Membership
	}{
		{"bad role", catalog.EINVALID, catalog.Membership{OrganizationID: "o1", UserID: "u1", Role: "owner"}},
		{"unknown org", catalog.ENOTFOUND, catalog.Membership{OrganizationID: "o404", UserID: "u1", Role: catalog.RoleMember}},
		{"unknown user", catalog.ENOTFOUND, catalog.Membership{OrganizationID: "o1", UserID: "u404", Role: catalog.RoleMember}},
	} {
		wantCode(t, "membership with "+c.name, s.SetMembership(ctx(t), c.m), c.code)
	}
	if err := s.DeleteMembership(ctx(t), "o1", "u1"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "delete membership twice", s.DeleteMembership(ctx(t), "o1", "u1"), catalog.ENOTFOUND)
	if ms, err := s.Memberships(ctx(t), "u1"); err != nil || len(ms) != 1 || ms[0].OrganizationID != "o2" {
		t.Fatalf("after delete: %v, %v", ms, err)
	}
	if ms, err := s.Members(ctx(t), "o404"); err != nil || len(ms) != 0 {
		t.Fatalf("Members of unknown org = %v, %v; want none", ms, err)
	}
}

package catalog_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/schemas"
	"github.com/datenportal/datenportal/storage/testenv"
)

// fixture is a Service on a real SQLite store and local file store with
// one organisation and a user per role.
type fixture struct {
	svc              *catalog.Service
	store            catalog.Store
	files            catalog.FileStore
	org, other       *catalog.Organization
	admin, editor    *catalog.Actor
	member, outsider *catalog.Actor
	sysadmin         *catalog.Actor
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	st := testenv.Store(t)
	fs := testenv.FileStore(t)
	svc := catalog.NewService(st)
	svc.Files = fs
	svc.Validator = schemas.NewValidator()
	f := &fixture{svc: svc, store: st, files: fs}
	sys := catalog.WithActor(ctx, catalog.System)
	f.org = must(svc.CreateOrganization(sys, &catalog.Organization{Name: "stadt-a", Title: "Stadt A",
		ContributorID: "http://dcat-ap.de/def/contributors/stadtA", DefaultLicense: "http://dcat-ap.de/def/licenses/dl-zero-de/2.0"}))
	f.other = must(svc.CreateOrganization(sys, &catalog.Organization{Name: "stadt-b", Title: "Stadt B", DefaultLicense: "http://dcat-ap.de/def/licenses/cc-by/4.0"}))
	actor := func(name, role string, sysadmin bool) *catalog.Actor {
		u := must(svc.CreateUser(sys, &catalog.User{Name: name, Sysadmin: sysadmin}, "geheim-"+name))
		if role != "" {
			if err := svc.SetMember(sys, f.org.Name, name, role); err != nil {
				t.Fatal(err)
			}
		}
		return must(svc.ActorFor(ctx, u))
	}
	f.admin = actor("admin-a", catalog.RoleAdmin, false)
	f.editor = actor("editor-a", catalog.RoleEditor, false)
	f.member = actor("member-a", catalog.RoleMember, false)
	f.outsider = actor("outsider", "", false)
	f.sysadmin = actor("root", "", true)
	return f
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func as(a *catalog.Actor) context.Context { return catalog.WithActor(context.Background(), a) }

func validDataset(org, name string) *catalog.Dataset {
	return &catalog.Dataset{Name: name, Title: "Baumkataster", Description: "Alle Stadtbäume.", OrganizationID: org,
		Distributions: []catalog.Distribution{{AccessURL: "https://example.org/b.csv",
			Format: "http://publications.europa.eu/resource/authority/file-type/CSV"}}}
}

func TestCreateDatasetAuthorisation(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name  string
		actor *catalog.Actor
		org   string
		want  string
	}{
		{"anonymous", catalog.Anonymous, "stadt-a", catalog.EFORBIDDEN},
		{"member", f.member, "stadt-a", catalog.EFORBIDDEN},
		{"outsider", f.outsider, "stadt-a", catalog.EFORBIDDEN},
		{"editor of another org", f.editor, "stadt-b", catalog.EFORBIDDEN},
		{"editor", f.editor, "stadt-a", ""},
		{"admin", f.admin, "stadt-a", ""},
		{"sysadmin anywhere", f.sysadmin, "stadt-b", ""},
		{"missing organisation", f.sysadmin, "", catalog.EINVALID},
		{"unknown organisation", f.sysadmin, "stadt-x", catalog.EINVALID},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			name := "ds-" + string(rune('a'+i))
			_, _, err := f.svc.CreateDataset(as(c.actor), validDataset(c.org, name))
			if got := catalog.ErrorCode(err); got != c.want {
				t.Fatalf("got %q (%v), want %q", got, err, c.want)
			}
			_, gerr := f.store.Dataset(context.Background(), name)
			if written := gerr == nil; written != (c.want == "") {
				t.Fatalf("dataset written = %v after error %v", written, err)
			}
		})
	}
}

func TestCreateDatasetDefaultsAndValidation(t *testing.T) {
	f := newFixture(t)
	d, warnings, err := f.svc.CreateDataset(as(f.editor), validDataset("stadt-a", "baeume"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Publisher == nil || d.Publisher.Name != "Stadt A" {
		t.Errorf("publisher not taken from the organisation: %+v", d.Publisher)
	}
	if len(d.ContributorIDs) != 1 || d.ContributorIDs[0] != "http://dcat-ap.de/def/contributors/stadtA" {
		t.Errorf("contributor ID not taken from the organisation: %v", d.ContributorIDs)
	}
	if d.Distributions[0].License != "http://dcat-ap.de/def/licenses/dl-zero-de/2.0" || !catalog.IsUUID(d.Distributions[0].ID) {
		t.Errorf("distribution defaults: %+v", d.Distributions[0])
	}
	if len(warnings) == 0 {
		t.Error("expected warnings for missing recommended properties (keywords, themes, …)")
	}

	bad := validDataset("stadt-a", "schlecht")
	bad.Title = ""
	bad.Distributions[0].License = "http://example.org/my-licence"
	_, _, err = f.svc.CreateDataset(as(f.editor), bad)
	var e *catalog.Error
	if !errors.As(err, &e) || e.Code != catalog.EINVALID || e.Fields["title"] == nil || e.Fields["distributions.0.license"] == nil {
		t.Fatalf("want validation errors on title and licence, got %v", err)
	}
	if e.Fields["title"][0].DE == "" || e.Fields["title"][0].EN == "" {
		t.Errorf("messages must exist in German and English: %+v", e.Fields["title"])
	}

	draft := validDataset("stadt-a", "entwurf")
	draft.Title, draft.State = "", catalog.StateDraft
	if _, _, err := f.svc.CreateDataset(as(f.editor), draft); err != nil {
		t.Fatalf("a draft may lack mandatory values: %v", err)
	}
	draft.Name, draft.Distributions[0].License = "entwurf-2", "http://example.org/unknown"
	if _, _, err := f.svc.CreateDataset(as(f.editor), draft); catalog.ErrorCode(err) != catalog.EINVALID {
		t.Fatalf("a draft must not store an unknown licence: %v", err)
	}

	for _, name := range []string{"Bad Name", "x", "new", strings.Repeat("a", 101)} {
		if _, _, err := f.svc.CreateDataset(as(f.editor), validDataset("stadt-a", name)); catalog.ErrorCode(err) != catalog.EINVALID {
			t.Errorf("name %q: got %v, want EINVALID", name, err)
		}
	}
	if _, _, err := f.svc.CreateDataset(as(f.editor), validDataset("stadt-a", "baeume")); catalog.ErrorCode(err) != catalog.ECONFLICT {
		t.Errorf("duplicate name: got %v, want ECONFLICT", err)
	}
}

func TestReadVisibility(t *testing.T) {
	f := newFixture(t)
	pub := must2(f.svc.CreateDataset(as(f.editor), validDataset("stadt-a", "oeffentlich")))
	priv := validDataset("stadt-a", "intern")
	priv.Private = true
	must2(f.svc.CreateDataset(as(f.editor), priv))
	if err := f.svc.DeleteDataset(as(f.editor), pub.ID); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		actor       *catalog.Actor
		name        string
		privateOK   bool
		deletedOK   bool
		listPrivate int
	}{
		{catalog.Anonymous, "anonymous", false, false, 0},
		{f.outsider, "outsider", false, false, 0},
		{f.member, "member", true, true, 1},
		{f.sysadmin, "sysadmin", true, true, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := f.svc.Dataset(as(c.actor), "intern")
			if (err == nil) != c.privateOK || (err != nil && catalog.ErrorCode(err) != catalog.EFORBIDDEN) {
				t.Errorf("private: %v", err)
			}
			_, err = f.svc.Dataset(as(c.actor), "oeffentlich")
			if (err == nil) != c.deletedOK {
				t.Errorf("deleted: %v", err)
			}
			names, err := f.svc.DatasetNames(as(c.actor), catalog.ListFilter{IncludePrivate: true})
			if err != nil || len(names) != c.listPrivate {
				t.Errorf("list with include_private: %v %v", names, err)
			}
			n, _ := f.svc.CountDatasets(as(c.actor), catalog.ListFilter{})
			if n != 0 {
				t.Errorf("public count = %d, want 0 (one private, one deleted)", n)
			}
		})
	}
}

func must2(d *catalog.Dataset, _ []catalog.Finding, err error) *catalog.Dataset {
	if err != nil {
		panic(err)
	}
	return d
}

func TestUpdateDataset(t *testing.T) {
	f := newFixture(t)
	d := must2(f.svc.CreateDataset(as(f.editor), validDataset("stadt-a", "plan")))
	upd := d.Clone()
	upd.Title = "Neuer Titel"
	upd.Keywords = nil
	got := must2(f.svc.UpdateDataset(as(f.editor), upd, d.ModifiedAt))
	if got.CreatedAt != d.CreatedAt || !got.ModifiedAt.After(d.ModifiedAt) || got.Title != "Neuer Titel" {
		t.Fatalf("timestamps/title after update: %+v", got)
	}
	if got.Distributions[0].ID != d.Distributions[0].ID {
		t.Error("distribution with the same id must keep it")
	}
	// A second update against the old modification time is a conflict.
	if _, _, err := f.svc.UpdateDataset(as(f.editor), upd, d.ModifiedAt); catalog.ErrorCode(err) != catalog.ECONFLICT {
		t.Fatalf("stale update: got %v, want ECONFLICT", err)
	}
	if _, _, err := f.svc.UpdateDataset(as(f.member), upd, time.Time{}); catalog.ErrorCode(err) != catalog.EFORBIDDEN {
		t.Fatalf("member update: got %v", err)
	}
	// Moving to an organisation the editor does not edit is refused.
	mv := got.Clone()
	mv.OrganizationID = f.other.ID
	if _, _, err := f.svc.UpdateDataset(as(f.editor), mv, time.Time{}); catalog.ErrorCode(err) != catalog.EFORBIDDEN {
		t.Fatalf("move to foreign org: got %v", err)
	}
}

func TestHarvestedDatasetsAreNotEditedLocally(t *testing.T) {
	f := newFixture(t)
	d := validDataset("stadt-a", "geerntet")
	d.Harvest = &catalog.HarvestInfo{SourceID: "src", OriginalID: "x"}
	created := must2(f.svc.CreateDataset(as(catalog.System), d))
	upd := created.Clone()
	upd.Title = "lokal geändert"
	for _, a := range []*catalog.Actor{f.editor, f.sysadmin} {
		if _, _, err := f.svc.UpdateDataset(as(a), upd, time.Time{}); catalog.ErrorCode(err) != catalog.EFORBIDDEN {
			t.Errorf("%s edited a harvested dataset: %v", a.Name(), err)
		}
	}
	if _, _, err := f.svc.UpdateDataset(as(catalog.System), upd, time.Time{}); err != nil {
		t.Errorf("the harvester must update its datasets: %v", err)
	}

	// Released when its source is removed with --keep-datasets: only the
	// harvester may, and afterwards the organisation edits it.
	for _, a := range []*catalog.Actor{f.editor, f.sysadmin} {
		if err := f.svc.ReleaseHarvested(as(a), created.ID); catalog.ErrorCode(err) != catalog.EFORBIDDEN {
			t.Errorf("%s released a harvested dataset: %v", a.Name(), err)
		}
	}
	if err := f.svc.ReleaseHarvested(as(catalog.System), created.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.UpdateDataset(as(f.editor), upd, time.Time{}); err != nil {
		t.Errorf("the editor cannot edit the released dataset: %v", err)
	}
}

func TestUploadsLeaveNoOrphans(t *testing.T) {
	f := newFixture(t)
	f.svc.MaxUploadBytes = 1000
	d := must2(f.svc.CreateDataset(as(f.editor), validDataset("stadt-a", "mit-datei")))
	up := func(s string) *catalog.Upload {
		return &catalog.Upload{Reader: strings.NewReader(s), FileName: "daten.csv", Size: -1, ContentType: "text/csv"}
	}
	_, r, err := f.svc.AddDistribution(as(f.editor), d.ID, catalog.Distribution{Title: "CSV",
		Format: "http://publications.europa.eu/resource/authority/file-type/CSV"}, up("a;b\n1;2\n"))
	if err != nil {
		t.Fatal(err)
	}
	if r.ByteSize == nil || *r.ByteSize != 8 || len(r.Checksum) != 64 || r.StorageKey == "" {
		t.Fatalf("upload metadata: %+v", r)
	}
	first := r.StorageKey

	// Too large: refused while streaming, nothing stored.
	_, _, err = f.svc.AddDistribution(as(f.editor), d.ID, catalog.Distribution{Title: "groß"}, up(strings.Repeat("x", 2000)))
	if catalog.ErrorCode(err) != catalog.ETOOLARGE {
		t.Fatalf("oversized upload: %v", err)
	}
	// Not allowed: nothing stored either.
	_, _, err = f.svc.AddDistribution(as(f.member), d.ID, catalog.Distribution{Title: "x"}, up("1"))
	if catalog.ErrorCode(err) != catalog.EFORBIDDEN {
		t.Fatalf("member upload: %v", err)
	}
	// Replacing the file removes the old object after the new one is committed.
	r2 := *r
	_, r3, err := f.svc.UpdateDistribution(as(f.editor), r2, up("neu;er\n"))
	if err != nil {
		t.Fatal(err)
	}
	if r3.StorageKey == first {
		t.Fatal("replacement must get a new key")
	}
	keys := storedKeys(t, f.files)
	if len(keys) != 1 || keys[0] != r3.StorageKey {
		t.Fatalf("stored objects %v, want only %s", keys, r3.StorageKey)
	}
	file, err := f.files.Open(context.Background(), r3.StorageKey)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(file)
	file.Close()
	if !bytes.Equal(b, []byte("neu;er\n")) {
		t.Fatalf("content %q", b)
	}
	// A record write that fails deletes the new object again.
	failing := &failingStore{Store: f.store, fail: true}
	svc2 := catalog.NewService(failing)
	svc2.Files, svc2.Validator = f.files, f.svc.Validator
	if _, _, err := svc2.AddDistribution(as(f.editor), d.ID, catalog.Distribution{Title: "y"}, up("1;2")); err == nil {
		t.Fatal("expected the failing store to fail")
	}
	if keys := storedKeys(t, f.files); len(keys) != 1 {
		t.Fatalf("a failed record write left objects: %v", keys)
	}
	// Deleting the distribution removes its file.
	if err := f.svc.DeleteDistribution(as(f.editor), r3.ID); err != nil {
		t.Fatal(err)
	}
	if keys := storedKeys(t, f.files); len(keys) != 0 {
		t.Fatalf("objects left after delete: %v", keys)
	}
}

type failingStore struct {
	catalog.Store
	fail bool
}

func (s *failingStore) UpdateDataset(ctx context.Context, d *catalog.Dataset, ifm time.Time) (int64, error) {
	if s.fail {
		return 0, catalog.Unavailable("database", errors.New("injected"))
	}
	return s.Store.UpdateDataset(ctx, d, ifm)
}

func storedKeys(t *testing.T, fs catalog.FileStore) []string {
	t.Helper()
	var keys []string
	if err := fs.Walk(context.Background(), func(fi catalog.FileInfo) error {
		keys = append(keys, fi.Key)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return keys
}

func TestTokensAndLogin(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	secret, tok, err := f.svc.CreateToken(as(f.editor), "editor-a", "cli")
	if err != nil {
		t.Fatal(err)
	}
	if tok.Hash == secret || tok.Hash != catalog.HashToken(secret) {
		t.Fatal("only the hash may be stored")
	}
	a, err := f.svc.Authenticate(ctx, secret)
	if err != nil || a.Name() != "editor-a" || !a.CanEdit(f.org.ID) {
		t.Fatalf("authenticate: %v %+v", err, a)
	}
	if a, _ := f.svc.Authenticate(ctx, "dp_garbage"); a.LoggedIn() {
		t.Fatal("an unknown token must be anonymous")
	}
	if _, _, err := f.svc.CreateToken(as(f.outsider), "editor-a", "x"); catalog.ErrorCode(err) != catalog.EFORBIDDEN {
		t.Fatalf("token for someone else: %v", err)
	}
	if err := f.svc.RevokeToken(as(f.outsider), tok.ID); err == nil {
		t.Fatal("an outsider revoked another user's token")
	}
	if err := f.svc.RevokeToken(as(f.editor), secret); err != nil {
		t.Fatal(err)
	}
	if a, _ := f.svc.Authenticate(ctx, secret); a.LoggedIn() {
		t.Fatal("a revoked token still works")
	}
	if _, err := f.svc.Login(ctx, "editor-a", "geheim-editor-a"); err != nil {
		t.Fatalf("login: %v", err)
	}
	for _, c := range [][2]string{{"editor-a", "falsch"}, {"niemand", "geheim"}, {"", ""}} {
		if _, err := f.svc.Login(ctx, c[0], c[1]); catalog.ErrorCode(err) != catalog.EFORBIDDEN {
			t.Errorf("login %v: %v", c, err)
		}
	}
}

func TestMembershipAdministration(t *testing.T) {
	f := newFixture(t)
	if err := f.svc.SetMember(as(f.editor), "stadt-a", "outsider", catalog.RoleEditor); catalog.ErrorCode(err) != catalog.EFORBIDDEN {
		t.Fatalf("an editor must not manage members: %v", err)
	}
	if err := f.svc.SetMember(as(f.admin), "stadt-a", "outsider", "king"); catalog.ErrorCode(err) != catalog.EINVALID {
		t.Fatalf("invalid role: %v", err)
	}
	if err := f.svc.SetMember(as(f.admin), "stadt-a", "outsider", catalog.RoleEditor); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.CreateOrganization(as(f.admin), &catalog.Organization{Name: "neu"}); catalog.ErrorCode(err) != catalog.EFORBIDDEN {
		t.Fatalf("only sysadmins create organisations: %v", err)
	}
}

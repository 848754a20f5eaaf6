package catalog_test

import (
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

// The change feed must not reveal datasets that were never public, but
// must tell harvesters when a once-public dataset stops being public.
func TestChangesHidePrivateHistory(t *testing.T) {
	f := newFixture(t)
	secret := validDataset("stadt-a", "geheim")
	secret.Private = true
	s := must2(f.svc.CreateDataset(as(f.editor), secret))
	s.Title = "noch geheimer"
	must2(f.svc.UpdateDataset(as(f.editor), s, s.ModifiedAt))
	pub := must2(f.svc.CreateDataset(as(f.editor), validDataset("stadt-a", "offen")))
	hide := pub.Clone()
	hide.Private = true
	must2(f.svc.UpdateDataset(as(f.editor), hide, pub.ModifiedAt))

	type seen struct {
		name   string
		hidden bool
	}
	cases := []struct {
		actor *catalog.Actor
		who   string
		want  []seen // in log order: secret create, secret update, offen create, offen made private
	}{
		{catalog.Anonymous, "anonymous", []seen{{"", true}, {"", true}, {"offen", false}, {"", false}}},
		{f.outsider, "outsider", []seen{{"", true}, {"", true}, {"offen", false}, {"", false}}},
		{f.member, "member", []seen{{"geheim", false}, {"geheim", false}, {"offen", false}, {"offen", false}}},
	}
	for _, c := range cases {
		cs, err := f.svc.Changes(as(c.actor), 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != len(c.want) {
			t.Fatalf("%s: %d changes, want %d", c.who, len(cs), len(c.want))
		}
		for i, w := range c.want {
			if cs[i].Name != w.name || cs[i].Hidden != w.hidden {
				t.Errorf("%s: change %d = %q hidden=%v, want %q hidden=%v", c.who, i, cs[i].Name, cs[i].Hidden, w.name, w.hidden)
			}
		}
	}
}

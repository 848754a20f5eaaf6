package gen

import (
	"github.com/datenportal/datenportal/catalog"
	"reflect"
	"regexp"
	"testing"
)

func TestDeterministic(t *testing.T) {
	a, b := New(42, 50), New(42, 50)
	if !reflect.DeepEqual(a.Organizations(), b.Organizations()) {
		t.Fatal("organisations differ for the same seed")
	}
	for _, i := range []int{0, 1, 999, 12345} {
		if !reflect.DeepEqual(a.Dataset(i), b.Dataset(i)) {
			t.Errorf("dataset %d differs for the same seed", i)
		}
	}
	if reflect.DeepEqual(New(1, 50).Dataset(0), New(2, 50).Dataset(0)) {
		t.Error("different seeds give the same dataset")
	}
}

func TestRealistic(t *testing.T) {
	g := New(7, 100)
	slug := regexp.MustCompile(`^[a-z0-9_-]{2,100}$`)
	names, ids, titles, orgs := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	states := map[string]int{}
	for _, o := range g.Organizations() {
		if !slug.MatchString(o.Name) || orgs[o.Name] {
			t.Errorf("organisation name %q invalid or duplicate", o.Name)
		}
		orgs[o.Name] = true
	}
	const n = 5000
	err := g.Each(n, func(d *catalog.Dataset) error {
		if !slug.MatchString(d.Name) || names[d.Name] || ids[d.ID] {
			t.Errorf("dataset name %q / id %q invalid or duplicate", d.Name, d.ID)
		}
		names[d.Name], ids[d.ID], titles[d.Title] = true, true, true
		states[d.State]++
		if d.Title == "" || d.Description == "" || len(d.Keywords) == 0 || len(d.Themes) == 0 || len(d.Distributions) == 0 {
			t.Errorf("dataset %s lacks mandatory content", d.Name)
		}
		if d.ModifiedAt.Before(d.CreatedAt) {
			t.Errorf("dataset %s modified before created", d.Name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(titles) < n/4 {
		t.Errorf("only %d distinct titles in %d datasets", len(titles), n)
	}
	if states["active"] < n*9/10 || states["deleted"] == 0 || states["draft"] == 0 {
		t.Errorf("state mix %v", states)
	}
}

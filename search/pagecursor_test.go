package search

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// Walking a result page by page must give the same pages whether a page
// is found by offset or continued from the previous page's last hit.
// Twelve extra datasets share title and dates, so that only the id
// breaks their ties.
func TestPageCursorsMatchOffsets(t *testing.T) {
	same := time.Date(2023, 6, 1, 8, 0, 0, 0, time.UTC)
	var extra []*catalog.Dataset
	for i := range 12 {
		extra = append(extra, &catalog.Dataset{ID: fmt.Sprintf("id-gleich-%02d", (i*7)%12), Name: fmt.Sprintf("gleich-%02d", i),
			Title: "Gleicher Titel", OrganizationID: "org-kreis", CreatedAt: same, ModifiedAt: same})
	}
	offsets := newFixtureWith(t, Options{NoResultCache: true, NoPageCursors: true}, extra)
	cursors := newFixtureWith(t, Options{NoResultCache: true}, extra)
	ctx := context.Background()

	for _, tc := range []struct {
		q, sort  string
		resumes  bool
		rowsList []int
		minHits  int
	}{
		{"*:*", "metadata_modified desc", true, []int{3}, 37},
		{"*:*", "metadata_modified asc", true, []int{4, 1, 5}, 37},
		{"*:*", "title_string asc", true, []int{3}, 37},
		{"*:*", "title_string desc, metadata_created asc", true, []int{2, 7}, 37},
		{"*:*", "id asc", true, []int{5}, 37},
		{"*:*", "name desc", true, []int{3}, 37},
		{"Gleicher OR Haushalt OR Wahl*", "metadata_modified desc", true, []int{2}, 16},
		{"*:*", "", false, []int{3}, 37}, // score first: offsets only
		{"Haushalt", "score desc, name asc", false, []int{1}, 4},
	} {
		t.Run(tc.q+" "+tc.sort, func(t *testing.T) {
			before := cursors.ix.cursorHits.Load()
			sq := catalog.SearchQuery{Q: tc.q, Sort: tc.sort, FacetFields: []string{"organization"},
				Visibility: catalog.Visibility{AllPrivate: true}, IncludeDrafts: true, IncludeDeleted: true}
			var walked []string
			pages := 0
			for i := 0; ; i++ {
				sq.Rows = tc.rowsList[i%len(tc.rowsList)]
				want, err := offsets.ix.Search(ctx, sq)
				if err != nil {
					t.Fatal(err)
				}
				got, err := cursors.ix.Search(ctx, sq)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("start %d rows %d: cursor path %v, offset path %v", sq.Start, sq.Rows, got, want)
				}
				if len(got.IDs) == 0 {
					if sq.Start != got.Count {
						t.Fatalf("walk ended at %d of %d", sq.Start, got.Count)
					}
					break
				}
				walked = append(walked, got.IDs...)
				sq.Start += len(got.IDs)
				pages++
			}
			if n := len(walked); n < tc.minHits {
				t.Fatalf("walked only %d datasets", n)
			}
			resumed := cursors.ix.cursorHits.Load() - before
			switch {
			case tc.resumes && resumed != int64(pages):
				// every page after the first, and the empty one at the end
				t.Errorf("%d of %d pages continued by cursor", resumed, pages)
			case !tc.resumes && resumed != 0:
				t.Errorf("score-sorted pages continued by cursor %d times", resumed)
			}
		})
	}
}

// A cursor belongs to the index state it was made in: after a write the
// next page is found by offset and includes the new dataset.
func TestPageCursorsForgetAfterWrite(t *testing.T) {
	f := newFixtureWith(t, Options{NoResultCache: true}, nil)
	ctx := context.Background()
	sq := catalog.SearchQuery{Q: "*:*", Sort: "name asc", Rows: 5}
	if _, err := f.ix.Search(ctx, sq); err != nil {
		t.Fatal(err)
	}
	f.store.put(&catalog.Dataset{ID: "id-aaa", Name: "aaa", Title: "Erster", OrganizationID: "org-kreis"})
	f.names["id-aaa"] = "aaa"
	if err := f.x.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	sq.Start = 5
	got, _ := f.search(t, sq)
	all, _ := f.search(t, catalog.SearchQuery{Q: "*:*", Sort: "name asc", Rows: 100})
	if !reflect.DeepEqual(got, all[5:10]) {
		t.Errorf("page 2 after a write = %v, want %v", got, all[5:10])
	}
	if n := f.ix.cursorHits.Load(); n != 0 {
		t.Errorf("a cursor of the old state was used %d times", n)
	}
}

package sqlite

import (
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// TestBatchesWalkAnIndex guards listing against quadratic cost: a batch
// after the first must continue along an index in list order, never sort
// or scan the table again. EXPLAIN QUERY PLAN says which it does.
func TestBatchesWalkAnIndex(t *testing.T) {
	s := openTest(t)
	all := []string{catalog.StateActive, catalog.StateDraft, catalog.StateDeleted}
	filters := map[string]catalog.DatasetFilter{
		"zero":           {},
		"drafts":         {States: []string{catalog.StateDraft}},
		"two states":     {States: all[:2], Visibility: catalog.Visibility{AllPrivate: true}},
		"everything":     {States: all, Visibility: catalog.Visibility{AllPrivate: true}},
		"member":         {Visibility: catalog.Visibility{OrgIDs: []string{"a", "b"}}},
		"modified since": {ModifiedSince: time.Now()},
	}
	orders := []string{catalog.OrderName, catalog.OrderModified, catalog.OrderModifiedDesc, catalog.OrderCreated}
	// Per organisation and per harvest source, the name order is indexed.
	checks := map[string]catalog.DatasetFilter{
		"organisation by name":   {OrganizationID: "o", Order: catalog.OrderName},
		"harvest source by name": {HarvestSourceID: "h", Visibility: catalog.Visibility{AllPrivate: true}, Order: catalog.OrderName},
	}
	// A DCAT page continued by cursor is a first batch, so the cursor
	// must walk the index as a batch's last key does.
	cursor := &catalog.DatasetCursor{CreatedAt: time.Now(), ID: "x"}
	firsts := map[string]catalog.DatasetFilter{}
	for name, f := range filters {
		for _, o := range orders {
			f.Order = o
			checks[name+" by "+o] = f
		}
		f.Order, f.After = catalog.OrderCreated, cursor
		firsts[name+" after a cursor"] = f
	}
	for name, f := range checks {
		firsts[name] = f
	}
	for name, f := range firsts {
		var last *listed
		if f.After == nil {
			last = &listed{id: "x", name: "x", created: 1, modified: 1}
		}
		q, err := batchQuery(f, last, batchSize)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := s.r.Query("EXPLAIN QUERY PLAN "+q.sql, q.args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		p := strings.Join(plan, "; ")
		if strings.Contains(p, "TEMP B-TREE") || strings.Contains(p, "SCAN datasets") {
			t.Errorf("%s: batch query sorts or scans: %s\n%s", name, p, q.sql)
		}
	}
}

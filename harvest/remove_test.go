package harvest_test

import (
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

// A source with a queued or running job is not removed (the job would
// write datasets of a source that is gone); once the job ended it is, and
// a second removal finds nothing.
func TestRemoveSourceWaitsForItsJob(t *testing.T) {
	w := newWorld(t)
	src := w.addSource(t, "quelle", "")
	w.fake.set(manyRecords(3)...)
	enqueue(t, w, src)
	h := w.harvester("instance-a", 0)
	if _, err := h.RemoveSource(t.Context(), "quelle", false); catalog.ErrorCode(err) != catalog.ECONFLICT {
		t.Fatalf("remove with an active job: %v, want ECONFLICT", err)
	}
	if _, err := w.store.Source(t.Context(), src.ID); err != nil {
		t.Fatalf("the refused removal touched the source: %v", err)
	}
	if _, err := h.Run(t.Context(), "quelle"); err != nil {
		t.Fatal(err)
	}
	r, err := h.RemoveSource(t.Context(), "quelle", false)
	if err != nil || r.Withdrawn != 3 || r.Released != 0 {
		t.Fatalf("remove after the job: %+v, %v; want 3 withdrawn", r, err)
	}
	if _, err := h.RemoveSource(t.Context(), "quelle", false); catalog.ErrorCode(err) != catalog.ENOTFOUND {
		t.Errorf("second removal: %v, want ENOTFOUND", err)
	}
}

// With keep, the source's live datasets become local and are counted; one
// it had already withdrawn stays deleted and is not counted as kept.
func TestRemoveSourceKeepsLiveDatasets(t *testing.T) {
	w := newWorld(t)
	src := w.addSource(t, "quelle", `{"withdraw":"delete"}`)
	recs := manyRecords(3)
	w.fake.set(recs...)
	w.run(t, "quelle")
	w.fake.set(recs[:2]...)
	if j := w.run(t, "quelle"); j.Counts.Withdrawn != 1 {
		t.Fatalf("second run: %+v", j.Counts)
	}
	r, err := w.harvester("instance-a", 0).RemoveSource(t.Context(), src.ID, true)
	if err != nil || r.Released != 2 || r.Withdrawn != 0 {
		t.Fatalf("remove with keep: %+v, %v; want 2 kept", r, err)
	}
	n, err := w.svc.Store.CountDatasets(t.Context(), catalog.DatasetFilter{HarvestSourceID: src.ID,
		States: []string{catalog.StateActive, catalog.StateDraft, catalog.StateDeleted}, Visibility: catalog.Visibility{AllPrivate: true}})
	if err != nil || n != 0 {
		t.Errorf("%d datasets still name the removed source (%v)", n, err)
	}
}

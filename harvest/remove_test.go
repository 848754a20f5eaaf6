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

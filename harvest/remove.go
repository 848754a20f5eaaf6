package harvest

import (
	"context"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// Removed counts what RemoveSource did with the source's datasets.
type Removed struct {
	Withdrawn int // soft-deleted: gone from lists, search and DCAT; the change feed reports them
	Released  int // now local (not deleted) datasets of the organisation, editable there
}

// RemoveSource deletes a source with its jobs, reports and marks. Its
// datasets are withdrawn, or with keep released to the source's
// organisation as local datasets — left behind as harvested records they
// could be edited by nobody. A source with a running job is refused.
//
// The source is first switched to manual runs, so the scheduler cannot
// start a job while its datasets are handled, and deleted last: if the
// process dies on the way, running the removal again finishes it.
func (h *Harvester) RemoveSource(ctx context.Context, idOrName string, keep bool) (*Removed, error) {
	src, err := h.cfg.Store.Source(ctx, idOrName)
	if err != nil {
		return nil, err
	}
	if _, err := h.cfg.Store.ActiveJob(ctx, src.ID); err == nil {
		return nil, &catalog.Error{Code: catalog.ECONFLICT,
			Message:   "the source has a running harvest job; remove it after the job ended",
			MessageDE: "Für die Quelle läuft gerade eine Ernte; bitte nach deren Ende entfernen"}
	} else if catalog.ErrorCode(err) != catalog.ENOTFOUND {
		return nil, err
	}
	if src.Schedule != "" || !src.NextRunAt.IsZero() {
		paused := *src
		paused.Schedule, paused.NextRunAt, paused.ModifiedAt = "", time.Time{}, h.now()
		if err := h.cfg.Store.UpdateSource(ctx, &paused); err != nil {
			return nil, err
		}
	}
	type ds struct{ id, state string }
	var list []ds
	f := catalog.DatasetFilter{
		States:          []string{catalog.StateActive, catalog.StateDraft, catalog.StateDeleted},
		Visibility:      catalog.Visibility{AllPrivate: true},
		HarvestSourceID: src.ID,
	}
	// Collected first: writing while the store streams the list would hold
	// a read open across the writes.
	if err := h.cfg.Catalog.Store.EachDataset(ctx, f, func(d *catalog.Dataset) error {
		list = append(list, ds{d.ID, d.State})
		return nil
	}); err != nil {
		return nil, err
	}
	sys := catalog.WithActor(ctx, catalog.System)
	out := &Removed{}
	for _, d := range list {
		switch {
		case keep:
			if err := h.cfg.Catalog.ReleaseHarvested(sys, d.id); err != nil && catalog.ErrorCode(err) != catalog.ENOTFOUND {
				return out, err
			}
			if d.state != catalog.StateDeleted { // withdrawn ones are released too, but not counted as kept
				out.Released++
			}
		case d.state != catalog.StateDeleted:
			if err := h.cfg.Catalog.DeleteDataset(sys, d.id); err != nil && catalog.ErrorCode(err) != catalog.ENOTFOUND {
				return out, err
			}
			out.Withdrawn++
		}
	}
	if err := h.cfg.Store.DeleteSource(ctx, src.ID); err != nil && catalog.ErrorCode(err) != catalog.ENOTFOUND {
		return out, err
	}
	return out, nil
}

package harvest

import (
	"context"

	"github.com/datenportal/datenportal/catalog"
)

// known is a dataset harvested from the source before.
type known struct {
	id, name, state, org, hash string
}

// loadKnown reads the source's datasets, in every state, from the
// catalogue store: harvest info is stored inside each dataset in the same
// transaction as the dataset, so this index can never disagree with the
// catalogue (a side table could, after a crash between two writes).
func (r *run) loadKnown(ctx context.Context) error {
	r.known = map[string]*known{}
	f := catalog.DatasetFilter{
		States:          []string{catalog.StateActive, catalog.StateDraft, catalog.StateDeleted},
		Visibility:      catalog.Visibility{AllPrivate: true},
		HarvestSourceID: r.src.ID,
	}
	err := r.h.cfg.Catalog.Store.EachDataset(ctx, f, func(d *catalog.Dataset) error {
		if d.Harvest == nil || d.Harvest.OriginalID == "" {
			return nil
		}
		r.known[d.Harvest.OriginalID] = &known{id: d.ID, name: d.Name, state: d.State, org: d.OrganizationID, hash: d.Harvest.ContentHash}
		return nil
	})
	if err != nil {
		return Wrap(err, "bereits geerntete Datensätze nicht lesbar", "previously harvested datasets not readable")
	}
	return nil
}

// DatasetForOriginal returns the id of the dataset harvested from a
// source record (ENOTFOUND if none): the "source + original id" lookup.
func DatasetForOriginal(ctx context.Context, store catalog.Store, sourceID, originalID string) (string, error) {
	var id string
	f := catalog.DatasetFilter{
		States:          []string{catalog.StateActive, catalog.StateDraft, catalog.StateDeleted},
		Visibility:      catalog.Visibility{AllPrivate: true},
		HarvestSourceID: sourceID,
	}
	err := store.EachDataset(ctx, f, func(d *catalog.Dataset) error {
		if d.Harvest != nil && d.Harvest.OriginalID == originalID {
			id = d.ID
			return errStop
		}
		return nil
	})
	if err != nil && err != errStop {
		return "", err
	}
	if id == "" {
		return "", catalog.NotFound("Dataset")
	}
	return id, nil
}

// DatasetIDs returns the ids of all datasets harvested from a source,
// in every state.
func DatasetIDs(ctx context.Context, store catalog.Store, sourceID string) ([]string, error) {
	var ids []string
	err := store.EachDataset(ctx, catalog.DatasetFilter{
		States:          []string{catalog.StateActive, catalog.StateDraft, catalog.StateDeleted},
		Visibility:      catalog.Visibility{AllPrivate: true},
		HarvestSourceID: sourceID,
	}, func(d *catalog.Dataset) error {
		ids = append(ids, d.ID)
		return nil
	})
	return ids, err
}

var errStop = &Error{Msg: Message{DE: "gefunden", EN: "found"}}

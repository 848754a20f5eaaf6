package catalog

import (
	"context"
	"sync"
	"time"
)

// datasetCache keeps decoded datasets keyed by id. Every read checks the
// stored version first (Store.DatasetVersion reads two indexed columns), so
// the cache never serves an outdated dataset, on this instance or after a
// write on another; it only saves decoding the stored document, which is
// most of the cost of a dataset read.
type datasetCache struct {
	mu      sync.Mutex
	entries map[string]*Dataset
}

const datasetCacheSize = 4096

func (c *datasetCache) get(id string, modifiedAt time.Time) *Dataset {
	c.mu.Lock()
	d := c.entries[id]
	c.mu.Unlock()
	if d == nil || !d.ModifiedAt.Equal(modifiedAt) {
		return nil
	}
	return d
}

func (c *datasetCache) put(d *Dataset) {
	c.mu.Lock()
	if c.entries == nil || len(c.entries) >= datasetCacheSize {
		// Dropping everything is crude but cheap and bounded; a hot set
		// refills within a few requests.
		c.entries = make(map[string]*Dataset, 256)
	}
	c.entries[d.ID] = d
	c.mu.Unlock()
}

// loadDataset returns the stored dataset, from the cache when its version
// is current. The result is the caller's to change.
func (s *Service) loadDataset(ctx context.Context, idOrName string) (*Dataset, error) {
	id, mod, err := s.Store.DatasetVersion(ctx, idOrName)
	if err != nil {
		return nil, err
	}
	if d := s.datasets.get(id, mod); d != nil {
		return d.Clone(), nil
	}
	d, err := s.Store.Dataset(ctx, id)
	if err != nil {
		return nil, err
	}
	s.datasets.put(d.Clone())
	return d, nil
}

// loadDatasets returns the stored datasets of ids in their order, leaving
// out ids that no longer exist, from the cache where the version is
// current. It costs two queries whatever the number of ids (one when every
// copy is cached): a harvester's 1,000-row page would otherwise be
// 1,000–2,000 queries. The results are the caller's to change.
func (s *Service) loadDatasets(ctx context.Context, ids []string) ([]*Dataset, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	versions, err := s.Store.DatasetVersions(ctx, ids)
	if err != nil {
		return nil, err
	}
	found := make(map[string]*Dataset, len(ids))
	var missing []string
	for _, id := range ids {
		mod, ok := versions[id]
		if !ok {
			continue // purged after the index saw it; the indexer will catch up
		}
		if d := s.datasets.get(id, mod); d != nil {
			found[id] = d.Clone()
		} else {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		loaded, err := s.Store.DatasetsByID(ctx, missing)
		if err != nil {
			return nil, err
		}
		for id, d := range loaded {
			s.datasets.put(d.Clone())
			found[id] = d
		}
	}
	out := make([]*Dataset, 0, len(found))
	for _, id := range ids {
		if d := found[id]; d != nil {
			out = append(out, d)
			delete(found, id) // an id listed twice is returned once
		}
	}
	return out, nil
}

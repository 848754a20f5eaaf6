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

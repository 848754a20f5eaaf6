package catalog

import (
	"context"
	"sync"
)

// DownloadCounter counts downloads in memory and flushes them to the store
// in one write now and then, so the download hot path never writes to the
// database.
type DownloadCounter struct {
	mu     sync.Mutex
	counts map[string]int64
}

// NewDownloadCounter returns an empty counter.
func NewDownloadCounter() *DownloadCounter {
	return &DownloadCounter{counts: map[string]int64{}}
}

// Add counts one download of a distribution.
func (c *DownloadCounter) Add(distributionID string) {
	c.mu.Lock()
	c.counts[distributionID]++
	c.mu.Unlock()
}

// Flush writes the pending counts to the store. On failure they are kept
// for the next flush.
func (c *DownloadCounter) Flush(ctx context.Context, st Store) error {
	c.mu.Lock()
	pending := c.counts
	c.counts = map[string]int64{}
	c.mu.Unlock()
	if len(pending) == 0 {
		return nil
	}
	if err := st.AddDownloads(ctx, pending); err != nil {
		c.mu.Lock()
		for k, v := range pending {
			c.counts[k] += v
		}
		c.mu.Unlock()
		return err
	}
	return nil
}

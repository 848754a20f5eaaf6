package catalog

import (
	"context"
	"sync"
	"time"
)

// orgCache keeps organisations for a few seconds: every dataset view
// needs its organisation, organisations change rarely, and a write
// through this process clears the cache at once. Writes on another
// instance become visible within orgCacheTTL.
type orgCache struct {
	mu      sync.Mutex
	entries map[string]orgEntry
}

type orgEntry struct {
	org     Organization
	expires time.Time
}

const orgCacheTTL = 10 * time.Second

func (c *orgCache) get(ctx context.Context, st Store, idOrName string, now time.Time) (*Organization, error) {
	c.mu.Lock()
	e, ok := c.entries[idOrName]
	c.mu.Unlock()
	if ok && now.Before(e.expires) {
		o := e.org
		return &o, nil
	}
	o, err := st.Organization(ctx, idOrName)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.entries == nil || len(c.entries) > 10000 {
		c.entries = map[string]orgEntry{}
	}
	e = orgEntry{org: *o, expires: now.Add(orgCacheTTL)}
	c.entries[o.ID], c.entries[o.Name] = e, e
	c.mu.Unlock()
	return o, nil
}

func (c *orgCache) clear() {
	c.mu.Lock()
	c.entries = nil
	c.mu.Unlock()
}

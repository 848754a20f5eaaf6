package search

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/datenportal/datenportal/catalog"
)

// orgCache holds organisation names for documents (organization: queries
// and facets use the name, the dataset only knows the id). Renames are
// rare but must not leave old names in the index: refresh compares the
// store with the names the index was built with (kept inside the index,
// so a rename while the server was down is found too) and returns the
// renamed organisations for re-indexing.
type orgCache struct {
	src Source
	ttl time.Duration

	mu        sync.Mutex
	m         map[string]orgInfo
	refreshed time.Time
	recorded  bool // the index holds the names of the last refresh
}

var keyOrgs = []byte("dp:orgs")

func newOrgCache(src Source, ttl time.Duration) *orgCache {
	return &orgCache{src: src, ttl: ttl, m: map[string]orgInfo{}}
}

func (c *orgCache) get(ctx context.Context, id string) (orgInfo, error) {
	if id == "" {
		return orgInfo{}, nil
	}
	c.mu.Lock()
	o, ok := c.m[id]
	c.mu.Unlock()
	if ok {
		return o, nil
	}
	org, err := c.src.Organization(ctx, id)
	switch {
	case catalog.ErrorCode(err) == catalog.ENOTFOUND:
		return orgInfo{}, nil
	case err != nil:
		return orgInfo{}, err
	}
	o = orgInfo{Name: org.Name, Title: org.Title}
	c.mu.Lock()
	c.m[id] = o
	c.mu.Unlock()
	return o, nil
}

// load replaces the cache with all organisations.
func (c *orgCache) load(ctx context.Context) (map[string]orgInfo, error) {
	orgs, err := c.src.Organizations(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]orgInfo, len(orgs))
	for _, o := range orgs {
		m[o.ID] = orgInfo{Name: o.Name, Title: o.Title}
	}
	c.mu.Lock()
	c.m, c.refreshed = m, time.Now()
	c.mu.Unlock()
	return m, nil
}

// refresh returns the ids of organisations whose name or title differs
// from what h was indexed with, at most once per TTL, and records the
// current names in h.
func (c *orgCache) refresh(ctx context.Context, h *handle) ([]string, error) {
	c.mu.Lock()
	due := time.Since(c.refreshed) >= c.ttl
	c.mu.Unlock()
	if !due {
		return nil, nil
	}
	now, err := c.load(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.recorded = false
	c.mu.Unlock()
	var before map[string]orgInfo
	if b, err := h.idx.GetInternal(keyOrgs); err == nil && len(b) > 0 {
		_ = json.Unmarshal(b, &before) // unreadable: treat as first run
	}
	var renamed []string
	for id, o := range before {
		if n, ok := now[id]; ok && n != o {
			renamed = append(renamed, id)
		}
	}
	return renamed, nil
}

func (c *orgCache) isRecorded() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.recorded
}

// record stores the organisation names h now reflects.
func (c *orgCache) record(h *handle) error {
	c.mu.Lock()
	b, err := json.Marshal(c.m)
	c.mu.Unlock()
	if err == nil {
		err = h.idx.SetInternal(keyOrgs, b)
	}
	c.mu.Lock()
	c.recorded = err == nil
	c.mu.Unlock()
	return err
}

// reindexOrg re-indexes every dataset of an organisation (after a rename).
// It runs with applyMu held and does not move the sequence.
func (x *Indexer) reindexOrg(ctx context.Context, h *handle, orgID string) error {
	ids, err := docIDs(ctx, h, termQ("owner_org", lower(orgID), 1))
	if err != nil {
		return err
	}
	for len(ids) > 0 {
		n := min(len(ids), x.opts.BatchSize)
		b := h.idx.NewBatch()
		for _, id := range ids[:n] {
			if err := x.addToBatch(ctx, b, id, false); err != nil {
				return err
			}
		}
		if err := h.batch(b); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// docIDs lists the ids of all documents matching q, page by page.
func docIDs(ctx context.Context, h *handle, q query.Query) ([]string, error) {
	var ids []string
	var after []string
	for {
		req := bleveRequestIDs(q, after)
		res, err := h.idx.SearchInContext(ctx, req)
		if err != nil {
			return nil, err
		}
		for _, hit := range res.Hits {
			ids = append(ids, hit.ID)
		}
		if len(res.Hits) < req.Size {
			return ids, nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}

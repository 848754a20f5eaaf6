package ckanapi

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// showCache keeps the rendered package dict of recently shown datasets.
// The dict depends only on the dataset (its ModifiedAt changes with every
// write) and on its organisation, so an entry is reused only while both
// are unchanged; the dataset itself has just been read and authorised.
type showCache struct {
	mu      sync.Mutex
	entries map[string]showEntry
}

type showEntry struct {
	modified time.Time
	org      catalog.Organization
	body     json.RawMessage
}

const showCacheSize = 4096

// packageDictJSON renders d as CKAN's package dict, reusing a cached
// rendering when neither the dataset nor its organisation changed.
func (r *request) packageDictJSON(d *catalog.Dataset) (json.RawMessage, error) {
	var org catalog.Organization
	if d.OrganizationID != "" {
		o, err := r.svc().Organization(r.ctx, d.OrganizationID)
		if err != nil && catalog.ErrorCode(err) != catalog.ENOTFOUND {
			return nil, err
		}
		if o != nil {
			org = *o
		}
	}
	c := &r.api.shows
	c.mu.Lock()
	e, ok := c.entries[d.ID]
	c.mu.Unlock()
	if ok && e.modified.Equal(d.ModifiedAt) && e.org == org {
		return e.body, nil
	}
	dict, err := r.conv().packageDict(d)
	if err != nil {
		return nil, err
	}
	body, err := marshal(dict)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.entries == nil || len(c.entries) >= showCacheSize {
		c.entries = make(map[string]showEntry, 256)
	}
	c.entries[d.ID] = showEntry{modified: d.ModifiedAt, org: org, body: body}
	c.mu.Unlock()
	return body, nil
}

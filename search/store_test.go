package search

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// memStore is the part of a catalog.Store the indexer uses, in memory,
// with a change log like the real stores keep.
type memStore struct {
	mu      sync.Mutex
	sets    map[string]*catalog.Dataset
	orgs    map[string]*catalog.Organization
	log     []catalog.Change
	failing error // returned by every read while set
}

func newMemStore() *memStore {
	return &memStore{sets: map[string]*catalog.Dataset{}, orgs: map[string]*catalog.Organization{}}
}

func (s *memStore) put(d *catalog.Dataset) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	op := catalog.OpUpdate
	if _, ok := s.sets[d.ID]; !ok {
		op = catalog.OpCreate
	}
	if d.State == "" {
		d.State = catalog.StateActive
	}
	if d.ModifiedAt.IsZero() {
		d.ModifiedAt = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if d.CreatedAt.IsZero() {
		d.CreatedAt = d.ModifiedAt
	}
	s.sets[d.ID] = d.Clone()
	return s.appendLocked(d.ID, d.Name, op)
}

func (s *memStore) purge(id string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sets, id)
	return s.appendLocked(id, "", catalog.OpPurge)
}

func (s *memStore) appendLocked(id, name, op string) int64 {
	seq := int64(len(s.log) + 1)
	s.log = append(s.log, catalog.Change{Seq: seq, DatasetID: id, Name: name, Op: op})
	return seq
}

func (s *memStore) putOrg(o *catalog.Organization) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := *o
	s.orgs[o.ID] = &c
}

func (s *memStore) Changes(_ context.Context, after int64, limit int) ([]catalog.Change, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failing != nil {
		return nil, s.failing
	}
	var out []catalog.Change
	for _, c := range s.log {
		if c.Seq > after && len(out) < limit {
			out = append(out, c)
		}
	}
	return out, nil
}

func (s *memStore) LastSeq(context.Context) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return int64(len(s.log)), nil
}

func (s *memStore) Dataset(_ context.Context, id string) (*catalog.Dataset, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failing != nil {
		return nil, s.failing
	}
	if d, ok := s.sets[id]; ok {
		return d.Clone(), nil
	}
	return nil, catalog.NotFound("Dataset")
}

func (s *memStore) EachDataset(ctx context.Context, f catalog.DatasetFilter, fn func(*catalog.Dataset) error) error {
	s.mu.Lock()
	ids := make([]string, 0, len(s.sets))
	for id := range s.sets {
		ids = append(ids, id)
	}
	s.mu.Unlock()
	sort.Strings(ids)
	for _, id := range ids {
		d, err := s.Dataset(ctx, id)
		if catalog.ErrorCode(err) == catalog.ENOTFOUND {
			continue
		}
		if err != nil {
			return err
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

func (s *memStore) Organization(_ context.Context, id string) (*catalog.Organization, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o, ok := s.orgs[id]; ok {
		c := *o
		return &c, nil
	}
	for _, o := range s.orgs {
		if o.Name == id {
			c := *o
			return &c, nil
		}
	}
	return nil, catalog.NotFound("Organization")
}

func (s *memStore) Organizations(context.Context) ([]*catalog.Organization, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*catalog.Organization
	for _, o := range s.orgs {
		c := *o
		out = append(out, &c)
	}
	return out, nil
}

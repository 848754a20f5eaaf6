package catalog

import (
	"context"
	"time"
)

// ListFilter is what a reader may ask of the dataset list; the Service
// adds the visibility the actor is entitled to.
type ListFilter struct {
	IncludePrivate  bool // also private datasets the actor may read
	IncludeDrafts   bool
	IncludeDeleted  bool
	OrganizationID  string
	ModifiedSince   time.Time
	HarvestSourceID string
	Order           string
	After           *DatasetCursor // see DatasetFilter.After
	Offset, Limit   int
}

func (s *Service) storeFilter(ctx context.Context, f ListFilter) DatasetFilter {
	a := ActorFrom(ctx)
	df := DatasetFilter{
		OrganizationID:  f.OrganizationID,
		ModifiedSince:   f.ModifiedSince,
		HarvestSourceID: f.HarvestSourceID,
		Order:           f.Order,
		After:           f.After,
		Offset:          f.Offset,
		Limit:           f.Limit,
		States:          []string{StateActive},
	}
	if f.IncludePrivate {
		df.Visibility = a.Visibility()
	}
	// Drafts and deleted datasets are only listed for those who may see
	// private ones (their organisation's members, sysadmins).
	if f.IncludeDrafts && f.IncludePrivate {
		df.States = append(df.States, StateDraft)
	}
	if f.IncludeDeleted && f.IncludePrivate {
		df.States = append(df.States, StateDeleted)
	}
	return df
}

// DatasetNames lists names of visible datasets (package_list).
func (s *Service) DatasetNames(ctx context.Context, f ListFilter) ([]string, error) {
	if f.Order == "" {
		f.Order = OrderName
	}
	return s.Store.DatasetNames(ctx, s.storeFilter(ctx, f))
}

// EachDataset streams the visible datasets matching f (DCAT pages and
// dumps, exports). Datasets the actor may not read are never passed to fn.
func (s *Service) EachDataset(ctx context.Context, f ListFilter, fn func(*Dataset) error) error {
	a := ActorFrom(ctx)
	return s.Store.EachDataset(ctx, s.storeFilter(ctx, f), func(d *Dataset) error {
		if !a.CanRead(d) {
			return nil
		}
		return fn(d)
	})
}

// CountDatasets counts the visible datasets matching f.
func (s *Service) CountDatasets(ctx context.Context, f ListFilter) (int, error) {
	return s.Store.CountDatasets(ctx, s.storeFilter(ctx, f))
}

// CountByOrganization counts visible datasets per organisation id.
func (s *Service) CountByOrganization(ctx context.Context, includePrivate bool) (map[string]int, error) {
	return s.Store.CountByOrganization(ctx, s.storeFilter(ctx, ListFilter{IncludePrivate: includePrivate}))
}

// SearchResult pairs the index's answer with the datasets loaded from the
// store, which is the truth.
type DatasetSearchResult struct {
	Count    int
	Datasets []*Dataset
	Facets   map[string][]FacetCount
	Sort     string
}

// SearchDatasets runs a search restricted to what the actor may see.
// includePrivate widens it to the actor's private datasets, as CKAN's
// include_private does.
func (s *Service) SearchDatasets(ctx context.Context, q SearchQuery, includePrivate bool) (*DatasetSearchResult, error) {
	if s.Search == nil {
		return nil, Unavailable("search", nil)
	}
	a := ActorFrom(ctx)
	q.Visibility = Visibility{}
	if includePrivate {
		q.Visibility = a.Visibility()
	}
	if !includePrivate {
		q.IncludeDrafts, q.IncludeDeleted = false, false
	}
	s.syncIndex(ctx)
	res, err := s.Search.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	out := &DatasetSearchResult{Count: res.Count, Facets: res.Facets, Sort: res.Sort}
	ds, err := s.loadDatasets(ctx, res.IDs)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		if a.CanRead(d) { // the index may lag a change of visibility
			out.Datasets = append(out.Datasets, d)
		}
	}
	return out, nil
}

// Suggest returns autocomplete suggestions for the search box.
func (s *Service) Suggest(ctx context.Context, prefix string, limit int) ([]Suggestion, error) {
	if s.Search == nil {
		return nil, Unavailable("search", nil)
	}
	return s.Search.Suggest(ctx, prefix, limit, Visibility{})
}

// Changes returns change-log entries after seq. For readers who may not
// see a dataset, an entry that left it non-public is kept (a harvester
// must learn that a once-public dataset is gone) only if the dataset was
// public before; otherwise it is marked Hidden, so a feed reveals neither
// the existence nor the activity of datasets that were never public.
func (s *Service) Changes(ctx context.Context, after int64, limit int) ([]Change, error) {
	cs, err := s.Store.Changes(ctx, after, limit)
	if err != nil {
		return nil, err
	}
	a := ActorFrom(ctx)
	for i := range cs {
		if cs[i].Public || a.IsSysadmin() || a.HasRole(cs[i].OrganizationID, RoleMember) {
			continue
		}
		cs[i].Name = ""
		was, err := s.Store.WasPublic(ctx, cs[i].DatasetID, cs[i].Seq)
		if err != nil {
			return nil, err
		}
		cs[i].Hidden = !was
	}
	return cs, nil
}

package ckanapi

import "github.com/datenportal/datenportal/catalog"

// packageList returns names of active public datasets, name ascending
// (§A.6 item 2). Offset past the end gives [].
func (r *request) packageList() (any, error) {
	limit, err := r.p.natural("limit", 0)
	if err != nil {
		return nil, err
	}
	offset, err := r.p.natural("offset", 0)
	if err != nil {
		return nil, err
	}
	names, err := r.svc().DatasetNames(r.ctx, catalog.ListFilter{Offset: offset, Limit: limit})
	if err != nil {
		return nil, err
	}
	if names == nil {
		names = []string{}
	}
	return names, nil
}

// currentPackages returns full dicts, newest modified first; only 10
// without limit, as CKAN (it runs package_search with rows=limit).
// Private datasets only for sysadmins.
func (r *request) currentPackages() (any, error) {
	limit, err := r.p.natural("limit", 10)
	if err != nil {
		return nil, err
	}
	if limit == 0 || limit > maxRows {
		limit = min(max(limit, 10), maxRows)
	}
	offset, err := r.p.natural("offset", 0)
	if err != nil {
		return nil, err
	}
	page, err := r.p.natural("page", 0)
	if err != nil {
		return nil, err
	}
	if page > 0 {
		offset = (page - 1) * limit
	}
	f := catalog.ListFilter{Order: catalog.OrderModifiedDesc, Offset: offset, Limit: limit,
		IncludePrivate: r.actor().IsSysadmin()}
	cv := r.conv()
	out := []*packageDict{}
	err = r.svc().EachDataset(r.ctx, f, func(d *catalog.Dataset) error {
		pd, err := cv.packageDict(d)
		if err == nil {
			out = append(out, pd)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

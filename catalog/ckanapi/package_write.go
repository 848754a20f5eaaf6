package ckanapi

import (
	"github.com/datenportal/datenportal/catalog"
)

// packageCreate creates a dataset. Authorisation comes first, as in CKAN:
// an anonymous caller learns nothing from validation messages.
func (r *request) packageCreate() (any, error) {
	if !r.actor().LoggedIn() {
		return nil, catalog.Forbidden("User not authorized to create packages")
	}
	d, err := r.api.decodePackage(r.p, nil)
	if err != nil {
		return nil, err
	}
	nd, warnings, err := r.svc().CreateDataset(r.ctx, d)
	if err != nil {
		return nil, err
	}
	r.warnings = len(warnings)
	return r.conv().packageDict(nd)
}

// target loads the dataset a write names by id (or name).
func (r *request) target() (*catalog.Dataset, error) {
	id, err := r.p.idParam("id", "name_or_id", "name")
	if err != nil {
		return nil, err
	}
	return r.svc().Dataset(r.ctx, id)
}

// packageUpdate replaces the dataset with the dict (CKAN semantics:
// omitted lists are cleared). The update is conditional on the version
// read here, so a concurrent write gives 409 instead of being lost.
func (r *request) packageUpdate() (any, error) {
	old, err := r.target()
	if err != nil {
		return nil, err
	}
	return r.replace(old, r.p)
}

func (r *request) replace(old *catalog.Dataset, p params) (any, error) {
	d, err := r.api.decodePackage(p, old)
	if err != nil {
		return nil, err
	}
	d.ID = old.ID
	nd, warnings, err := r.svc().UpdateDataset(r.ctx, d, old.ModifiedAt)
	if err != nil {
		return nil, err
	}
	r.warnings = len(warnings)
	return r.conv().packageDict(nd)
}

// packagePatch merges the given keys into the package_show dict and
// updates with the result, as CKAN does: lists given replace, lists not
// given are kept.
func (r *request) packagePatch() (any, error) {
	old, err := r.target()
	if err != nil {
		return nil, err
	}
	pd, err := r.conv().packageDict(old)
	if err != nil {
		return nil, err
	}
	base, err := toParams(pd)
	if err != nil {
		return nil, err
	}
	for k, v := range r.p {
		if k != "id" {
			base[k] = v
		}
	}
	return r.replace(old, base)
}

func (r *request) packageDelete() (any, error) {
	id, err := r.p.idParam("id", "name_or_id")
	if err != nil {
		return nil, err
	}
	return nil, r.svc().DeleteDataset(r.ctx, id)
}

func (r *request) datasetPurge() (any, error) {
	id, err := r.p.idParam("id", "name_or_id")
	if err != nil {
		return nil, err
	}
	return nil, r.svc().PurgeDataset(r.ctx, id)
}

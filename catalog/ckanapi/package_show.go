package ckanapi

// packageShow returns one dataset; the service answers 404 for unknown
// ids and 403 for private, draft or deleted datasets the caller may not
// read, as CKAN does. Extra parameters (ckanapi sends include_datasets,
// include_users, …) are ignored.
func (r *request) packageShow() (any, error) {
	id, err := r.p.idParam("id", "name_or_id")
	if err != nil {
		return nil, err
	}
	d, err := r.svc().Dataset(r.ctx, id)
	if err != nil {
		return nil, err
	}
	return r.packageDictJSON(d)
}

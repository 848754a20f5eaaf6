package ckanapi

import (
	"github.com/datenportal/datenportal/catalog"
)

func (r *request) resourceShow() (any, error) {
	id, err := r.p.idParam("id")
	if err != nil {
		return nil, err
	}
	d, x, err := r.svc().Distribution(r.ctx, id)
	if err != nil {
		return nil, err
	}
	_, idx := d.Distribution(x.ID)
	return r.conv().resourceDict(d, x, idx), nil
}

// resourceCreate appends a resource; with a multipart "upload" the file is
// stored and the resource points at its download URL.
func (r *request) resourceCreate() (any, error) {
	pkg, err := r.p.str("package_id")
	if err != nil {
		return nil, err
	}
	if pkg = trimmed(pkg); pkg == "" {
		return nil, fieldErr("package_id", "Missing value", "Pflichtfeld fehlt")
	}
	if !r.actor().LoggedIn() {
		return nil, catalog.Forbidden("User not authorized to create resources")
	}
	old, err := r.svc().Dataset(r.ctx, pkg)
	if catalog.ErrorCode(err) == catalog.ENOTFOUND {
		return nil, fieldErr("package_id", "Not found: Dataset", "Datensatz nicht gefunden")
	}
	if err != nil {
		return nil, err
	}
	dc := &decoder{site: r.api.opt.SiteURL}
	x := dc.resource("", r.p, nil)
	if err := dc.errs.err(); err != nil {
		return nil, err
	}
	if x.License == "" {
		x.License = datasetLicense(old)
	}
	r.c.Set(focusKey, len(old.Distributions))
	nd, nx, err := r.svc().AddDistribution(r.ctx, old.ID, x, r.uploadFor(&x))
	return r.resourceResult(nd, nx, err)
}

// uploadFor hands the request's file (if any) to the service and fills
// the format from its name, as CKAN guesses it.
func (r *request) uploadFor(x *catalog.Distribution) *catalog.Upload {
	if r.upload == nil {
		return nil
	}
	if x.Format == "" && x.Extras[formatExtra] == "" {
		if iri, ok := formatIRI(r.upload.fileName); ok {
			x.Format = iri
		}
	}
	x.MediaType = ""
	return r.upload.forService()
}

func (r *request) resourceResult(d *catalog.Dataset, x *catalog.Distribution, err error) (any, error) {
	if terr := r.upload.trailingError(); terr != nil {
		return nil, terr
	}
	if err != nil {
		return nil, err
	}
	_, idx := d.Distribution(x.ID)
	return r.conv().resourceDict(d, x, idx), nil
}

// resourceUpdate replaces a resource (absent fields are cleared; an
// uploaded file is kept unless the url points elsewhere or clear_upload).
func (r *request) resourceUpdate() (any, error) {
	d, x, err := r.resourceTarget()
	if err != nil {
		return nil, err
	}
	return r.writeResource(d, x, r.p)
}

// resourcePatch merges the given keys into the resource dict (ckanapi uses
// it with only id and upload to replace a file).
func (r *request) resourcePatch() (any, error) {
	d, x, err := r.resourceTarget()
	if err != nil {
		return nil, err
	}
	_, idx := d.Distribution(x.ID)
	base, err := toParams(r.conv().resourceDict(d, x, idx))
	if err != nil {
		return nil, err
	}
	for k, v := range r.p {
		base[k] = v
	}
	return r.writeResource(d, x, base)
}

func (r *request) resourceTarget() (*catalog.Dataset, *catalog.Distribution, error) {
	id, err := r.p.idParam("id")
	if err != nil {
		return nil, nil, err
	}
	return r.svc().Distribution(r.ctx, id)
}

func (r *request) writeResource(d *catalog.Dataset, old *catalog.Distribution, p params) (any, error) {
	dc := &decoder{site: r.api.opt.SiteURL}
	p["id"] = old.ID
	x := dc.resource("", p, d)
	if err := dc.errs.err(); err != nil {
		return nil, err
	}
	if x.License == "" {
		x.License = datasetLicense(d)
	}
	_, idx := d.Distribution(old.ID)
	r.c.Set(focusKey, idx)
	nd, nx, err := r.svc().UpdateDistribution(r.ctx, x, r.uploadFor(&x))
	return r.resourceResult(nd, nx, err)
}

func (r *request) resourceDelete() (any, error) {
	id, err := r.p.idParam("id")
	if err != nil {
		return nil, err
	}
	return nil, r.svc().DeleteDistribution(r.ctx, id)
}

package ckanapi

import (
	"context"
	"sort"
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

// converter renders domain records as CKAN dicts for one request. It
// caches organisations, which every package dict embeds.
type converter struct {
	api  *API
	ctx  context.Context
	orgs map[string]*catalog.Organization
}

func (r *request) conv() *converter {
	return &converter{api: r.api, ctx: r.ctx, orgs: map[string]*catalog.Organization{}}
}

// org returns the organisation by id, nil if it is gone.
func (cv *converter) org(id string) (*catalog.Organization, error) {
	if id == "" {
		return nil, nil
	}
	if o, ok := cv.orgs[id]; ok {
		return o, nil
	}
	o, err := cv.api.svc.Organization(cv.ctx, id)
	if catalog.ErrorCode(err) == catalog.ENOTFOUND {
		o, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	cv.orgs[id] = o
	return o, nil
}

// licenseExtra keeps the dataset-level license_id a CKAN client set, for
// datasets without distributions and for distributions added later: the
// domain has licences only on distributions. It is never shown as an
// extra (license_id is a core key, so no client can set such an extra).
const licenseExtra = "license_id"

// datasetLicense is the CKAN dataset-level licence: the first
// distribution's, else the one kept from license_id.
func datasetLicense(d *catalog.Dataset) string {
	for _, x := range d.Distributions {
		if x.License != "" {
			return x.License
		}
	}
	return d.Extras[licenseExtra]
}

// packageDict renders d as CKAN's package dict.
func (cv *converter) packageDict(d *catalog.Dataset) (*packageDict, error) {
	pd := &packageDict{
		ID: d.ID, Name: d.Name, Title: d.Title, Type: "dataset", State: d.State, Private: d.Private,
		Notes: nz(d.Description), URL: nz(d.LandingPage), Version: nz(d.Version),
		CreatorUserID:         nz(d.CreatorUserID),
		MetadataCreated:       ckanTime(d.CreatedAt),
		MetadataModified:      ckanTime(d.ModifiedAt),
		OwnerOrg:              nz(d.OrganizationID),
		Extras:                datasetExtras(d),
		Groups:                []groupRef{},
		Tags:                  []tagDict{},
		Resources:             make([]*resourceDict, 0, len(d.Distributions)),
		RelationshipsAsObject: []any{}, RelationshipsAsSubject: []any{},
	}
	if a := d.Creator; a != nil {
		pd.Author, pd.AuthorEmail = nz(a.Name), nz(a.Email)
	}
	if a := d.Maintainer; a != nil {
		pd.Maintainer, pd.MaintainerEmail = nz(a.Name), nz(a.Email)
	}
	o, err := cv.org(d.OrganizationID)
	if err != nil {
		return nil, err
	}
	if o != nil {
		pd.Organization = orgRefOf(o)
	}
	if iri := datasetLicense(d); iri != "" {
		id := licenseID(iri)
		pd.LicenseID, pd.LicenseTitle = &id, &id
		if title, url, open, ok := licenseInfo(iri); ok {
			pd.LicenseTitle, pd.LicenseURL, pd.IsOpen = &title, url, open
		}
	}
	for _, k := range d.Keywords {
		pd.Tags = append(pd.Tags, tagDict{ID: tagID(k), Name: k, DisplayName: k, State: "active"})
	}
	for _, iri := range d.Themes {
		pd.Groups = append(pd.Groups, groupRefOf(iri))
	}
	for i := range d.Distributions {
		pd.Resources = append(pd.Resources, cv.resourceDict(d, &d.Distributions[i], i))
	}
	pd.NumResources, pd.NumTags = len(pd.Resources), len(pd.Tags)
	return pd, nil
}

func orgRefOf(o *catalog.Organization) *orgRef {
	return &orgRef{ID: o.ID, Name: o.Name, Title: o.Title, Type: "organization", Description: o.Description,
		ImageURL: o.ImageURL, Created: ckanTime(o.CreatedAt), IsOrganization: true,
		ApprovalStatus: "approved", State: o.State}
}

func groupRefOf(iri string) groupRef {
	if t, ok := themeByAny(iri); ok {
		return groupRef{ID: groupID(t.IRI), Name: t.Name, Title: t.TitleDE, DisplayName: t.TitleDE}
	}
	n := themeName(iri)
	return groupRef{ID: groupID(iri), Name: n, Title: n, DisplayName: n}
}

// reservedExtras are Dataset.Extras keys this package uses for itself.
var reservedExtras = map[string]bool{licenseExtra: true}

// datasetExtras renders the DCAT fields and kept extras, sorted by key.
func datasetExtras(d *catalog.Dataset) []extraKV {
	out := []extraKV{}
	seen := map[string]bool{}
	for i := range extraSpecs {
		s := &extraSpecs[i]
		v := s.get(d)
		if v == "" {
			v = d.Extras[s.key] // e.g. "[]", kept so that it round-trips
		}
		if v != "" {
			out = append(out, extraKV{Key: s.key, Value: v})
			seen[s.key] = true
		}
	}
	for k, v := range d.Extras {
		if !seen[k] && !reservedExtras[k] && !packageCoreKeys[k] {
			out = append(out, extraKV{Key: k, Value: v})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// packageCoreKeys are CKAN's package schema keys: an extra may not use
// one ("There is a schema field with the same name").
var packageCoreKeys = map[string]bool{
	"id": true, "name": true, "title": true, "author": true, "author_email": true,
	"maintainer": true, "maintainer_email": true, "license_id": true, "notes": true,
	"url": true, "version": true, "state": true, "type": true, "resources": true,
	"tags": true, "tag_string": true, "extras": true, "groups": true, "owner_org": true,
	"private": true, "metadata_created": true, "metadata_modified": true,
	"creator_user_id": true, "num_resources": true, "num_tags": true, "organization": true,
	"license_title": true, "license_url": true, "isopen": true, "plugin_data": true,
	"relationships_as_subject": true, "relationships_as_object": true, "log_message": true,
}

// toParams turns a rendered dict back into request parameters (for
// package_patch, which merges at the dict level as CKAN does).
func toParams(v any) (params, error) {
	b, err := marshal(v)
	if err != nil {
		return nil, err
	}
	return decodeObject(b)
}

func trimmed(s string) string { return strings.TrimSpace(s) }

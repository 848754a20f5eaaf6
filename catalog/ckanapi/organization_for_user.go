package ckanapi

import (
	"sort"
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

// permissionRoles maps CKAN's permission names to the least role that
// holds them. Publishing tools ask for create_dataset to offer the
// organisations a user may publish to.
var permissionRoles = map[string]string{
	"manage_group":   catalog.RoleAdmin,
	"create_dataset": catalog.RoleEditor,
	"update_dataset": catalog.RoleEditor,
	"delete_dataset": catalog.RoleEditor,
	"read":           catalog.RoleMember,
}

// organizationListForUser lists the organisations in which the caller —
// or, for sysadmins, the user id — holds permission (default
// manage_group), as organisation dicts in title order. Anonymous callers
// get an empty list, as in CKAN.
func (r *request) organizationListForUser() (any, error) {
	id, err := r.p.str("id")
	if err != nil {
		return nil, err
	}
	perm, err := r.p.str("permission")
	if err != nil {
		return nil, err
	}
	if perm == "" {
		perm = "manage_group"
	}
	role, ok := permissionRoles[perm]
	if !ok {
		return nil, fieldErr("permission", "Unknown permission `"+perm+"`", "Unbekannte Berechtigung: "+perm)
	}
	withCount, err := r.p.boolean("include_dataset_count", false)
	if err != nil {
		return nil, err
	}
	who := r.actor()
	if id != "" && !(who.LoggedIn() && (id == who.User.ID || id == who.User.Name)) {
		if !who.IsSysadmin() {
			return nil, catalog.Forbidden("only sysadmins may list another user's organisations")
		}
		u, err := r.svc().User(r.ctx, id)
		if err != nil {
			return nil, err
		}
		if who, err = r.svc().ActorFor(r.ctx, u); err != nil {
			return nil, err
		}
	}
	out := []*orgDict{}
	if !who.LoggedIn() {
		return out, nil
	}
	orgs, err := r.svc().Organizations(r.ctx)
	if err != nil {
		return nil, err
	}
	var counts map[string]int
	if withCount {
		if counts, err = r.svc().CountByOrganization(r.ctx, true); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(orgs, func(i, j int) bool { return strings.ToLower(orgs[i].Title) < strings.ToLower(orgs[j].Title) })
	for _, o := range orgs {
		if !who.HasRole(o.ID, role) {
			continue
		}
		d := orgDictOf(o)
		if withCount {
			n := counts[o.ID]
			d.PackageCount = &n
		}
		out = append(out, d)
	}
	return out, nil
}

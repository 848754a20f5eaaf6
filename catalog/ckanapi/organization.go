package ckanapi

import (
	"sort"
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

// organizationList lists organisations (§A.6 item 14).
func (r *request) organizationList() (any, error) {
	all, err := r.p.boolean("all_fields", false)
	if err != nil {
		return nil, err
	}
	defLimit := 1000
	if all {
		defLimit = 25
	}
	limit, err := r.p.natural("limit", defLimit)
	if err != nil {
		return nil, err
	}
	limit = min(limit, 1000)
	offset, err := r.p.natural("offset", 0)
	if err != nil {
		return nil, err
	}
	withCount, err := r.p.boolean("include_dataset_count", true)
	if err != nil {
		return nil, err
	}
	withExtras, err := r.p.boolean("include_extras", false)
	if err != nil {
		return nil, err
	}
	filter, err := r.p.list("organizations", listCSV)
	if err != nil {
		return nil, err
	}
	q, err := r.p.str("q")
	if err != nil {
		return nil, err
	}
	field, desc, err := listSort(r.p)
	if err != nil {
		return nil, err
	}
	orgs, err := r.svc().Organizations(r.ctx)
	if err != nil {
		return nil, err
	}
	counts, err := r.svc().CountByOrganization(r.ctx, true)
	if err != nil {
		return nil, err
	}
	orgs = filterOrgs(orgs, filter, q)
	sort.SliceStable(orgs, func(i, j int) bool {
		a, b := orgs[i], orgs[j]
		if desc {
			a, b = b, a
		}
		switch field {
		case "name":
			return a.Name < b.Name
		case "package_count":
			return counts[a.ID] < counts[b.ID]
		}
		return strings.ToLower(a.Title) < strings.ToLower(b.Title)
	})
	orgs = page(orgs, offset, limit)
	if !all {
		names := make([]string, len(orgs))
		for i, o := range orgs {
			names[i] = o.Name
		}
		return names, nil
	}
	out := make([]*orgDict, len(orgs))
	for i, o := range orgs {
		out[i] = orgDictOf(o)
		if withCount {
			n := counts[o.ID]
			out[i].PackageCount = &n
		}
		if withExtras {
			out[i].Extras = orgExtras(o)
		}
	}
	return out, nil
}

// listSort parses organization_list/group_list's sort ("title asc",
// "package_count desc", "packages").
func listSort(p params) (field string, desc bool, err error) {
	s, err := p.str("sort")
	if err != nil {
		return "", false, err
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return "title", false, nil
	}
	if s == "packages" {
		return "package_count", true, nil
	}
	f := strings.Fields(s)
	if len(f) > 2 || (f[0] != "name" && f[0] != "title" && f[0] != "package_count") ||
		(len(f) == 2 && f[1] != "asc" && f[1] != "desc") {
		return "", false, fieldErr("sort", "Cannot sort by field `"+s+"`", "Sortierung nicht möglich: "+s)
	}
	return f[0], len(f) == 2 && f[1] == "desc", nil
}

func filterOrgs(orgs []*catalog.Organization, names []string, q string) []*catalog.Organization {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	q = strings.ToLower(strings.TrimSpace(q))
	var out []*catalog.Organization
	for _, o := range orgs {
		if len(want) > 0 && !want[o.Name] {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(o.Name+"\x00"+o.Title+"\x00"+o.Description), q) {
			continue
		}
		out = append(out, o)
	}
	return out
}

func page[T any](l []T, offset, limit int) []T {
	if offset >= len(l) {
		return l[:0]
	}
	l = l[offset:]
	if limit >= 0 && limit < len(l) {
		l = l[:limit]
	}
	return l
}

// organizationShow returns one organisation with its extras, dataset
// count and (include_datasets) first ten datasets the caller may see.
func (r *request) organizationShow() (any, error) {
	id, err := r.p.idParam("id")
	if err != nil {
		return nil, err
	}
	o, err := r.svc().Organization(r.ctx, id)
	if err != nil {
		return nil, err
	}
	if o.State != catalog.StateActive && !r.actor().IsSysadmin() {
		return nil, catalog.NotFound("Organization") // as in CKAN: deleted ones only for sysadmins
	}
	return r.orgShowDict(o)
}

// organizationDelete marks an organisation deleted (sysadmins; refused
// while datasets or harvest sources belong to it).
func (r *request) organizationDelete() (any, error) {
	id, err := r.p.idParam("id")
	if err != nil {
		return nil, err
	}
	return nil, r.svc().DeleteOrganization(r.ctx, id)
}

func (r *request) orgShowDict(o *catalog.Organization) (*orgDict, error) {
	opts := map[string]bool{}
	for k, def := range map[string]bool{"include_datasets": false, "include_dataset_count": true,
		"include_extras": true, "include_users": true} {
		v, err := r.p.boolean(k, def)
		if err != nil {
			return nil, err
		}
		opts[k] = v
	}
	od := orgDictOf(o)
	od.Groups, od.Tags = []any{}, []any{}
	if opts["include_extras"] {
		od.Extras = orgExtras(o)
	}
	if opts["include_dataset_count"] {
		n, err := r.svc().CountDatasets(r.ctx, catalog.ListFilter{OrganizationID: o.ID, IncludePrivate: true})
		if err != nil {
			return nil, err
		}
		od.PackageCount = &n
	}
	if opts["include_users"] {
		od.Users = r.orgMembers(o)
	}
	if opts["include_datasets"] {
		pkgs := []*packageDict{}
		cv := r.conv()
		f := catalog.ListFilter{OrganizationID: o.ID, IncludePrivate: true, Order: catalog.OrderModifiedDesc, Limit: 10}
		err := r.svc().EachDataset(r.ctx, f, func(d *catalog.Dataset) error {
			pd, err := cv.packageDict(d)
			if err == nil {
				pkgs = append(pkgs, pd)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		od.Packages = pkgs
	}
	return od, nil
}

// orgMembers lists members to those who may see them (the service allows
// members of the organisation); others get an empty list.
func (r *request) orgMembers(o *catalog.Organization) []memberDict {
	out := []memberDict{}
	ms, err := r.svc().Members(r.ctx, o.ID)
	if err != nil {
		return out
	}
	for _, m := range ms {
		u, err := r.svc().User(r.ctx, m.UserID)
		if err != nil {
			continue
		}
		out = append(out, memberDict{ID: u.ID, Name: u.Name, DisplayName: displayName(u), Capacity: m.Role})
	}
	return out
}

func (r *request) organizationCreate() (any, error) {
	if !r.actor().IsSysadmin() {
		return nil, catalog.Forbidden("User %s not authorized to create organizations", r.actor().Name())
	}
	o, err := decodeOrg(r.p, nil)
	if err != nil {
		return nil, err
	}
	no, err := r.svc().CreateOrganization(r.ctx, o)
	if err != nil {
		return nil, err
	}
	return r.orgShowDict(no)
}

func (r *request) organizationUpdate() (any, error) {
	old, err := r.orgTarget()
	if err != nil {
		return nil, err
	}
	return r.writeOrg(old, r.p)
}

func (r *request) organizationPatch() (any, error) {
	old, err := r.orgTarget()
	if err != nil {
		return nil, err
	}
	od := orgDictOf(old)
	od.Extras = orgExtras(old)
	base, err := toParams(od)
	if err != nil {
		return nil, err
	}
	for k, v := range r.p {
		base[k] = v
	}
	return r.writeOrg(old, base)
}

func (r *request) orgTarget() (*catalog.Organization, error) {
	id, err := r.p.idParam("id", "name")
	if err != nil {
		return nil, err
	}
	return r.svc().Organization(r.ctx, id)
}

func (r *request) writeOrg(old *catalog.Organization, p params) (any, error) {
	o, err := decodeOrg(p, old)
	if err != nil {
		return nil, err
	}
	no, err := r.svc().UpdateOrganization(r.ctx, o)
	if err != nil {
		return nil, err
	}
	return r.orgShowDict(no)
}

// memberCreate gives a user a role (CKAN's organization_member_create:
// id, username, role).
func (r *request) memberCreate() (any, error) {
	org, err := r.p.idParam("id")
	if err != nil {
		return nil, err
	}
	user, err := r.p.idParam("username")
	if err != nil {
		return nil, err
	}
	role, err := r.p.idParam("role")
	if err != nil {
		return nil, err
	}
	if err := r.svc().SetMember(r.ctx, org, user, role); err != nil {
		return nil, renameField(err, "capacity", "role")
	}
	o, err := r.svc().Organization(r.ctx, org)
	if err != nil {
		return nil, err
	}
	u, err := r.svc().User(r.ctx, user)
	if err != nil {
		return nil, err
	}
	return map[string]any{"id": o.ID + ":" + u.ID, "table_name": "user", "table_id": u.ID,
		"capacity": role, "group_id": o.ID, "state": "active"}, nil
}

func (r *request) memberDelete() (any, error) {
	org, err := r.p.idParam("id")
	if err != nil {
		return nil, err
	}
	user, err := r.p.idParam("username", "user_id")
	if err != nil {
		return nil, err
	}
	return nil, r.svc().RemoveMember(r.ctx, org, user)
}

// renameField moves a domain error's field to the CKAN parameter name.
func renameField(err error, from, to string) error {
	e, ok := err.(*catalog.Error)
	if !ok || e.Fields[from] == nil {
		return err
	}
	c := *e
	c.Fields = map[string][]catalog.FieldError{}
	for k, v := range e.Fields {
		if k == from {
			k = to
		}
		c.Fields[k] = v
	}
	return &c
}

package ckanapi

// registry lists the actions. Read actions accept GET and POST; write
// actions only POST. doc is what help_show returns.
func (a *API) registry() map[string]action {
	read := func(fn func(*request) (any, error), doc string) action { return action{fn: fn, doc: doc} }
	write := func(fn func(*request) (any, error), doc string) action { return action{fn: fn, write: true, doc: doc} }
	upload := func(fn func(*request) (any, error), key, doc string) action {
		return action{fn: fn, write: true, uploadKey: key, doc: doc}
	}
	return map[string]action{
		"status_show": read((*request).statusShow, "Return the site's status: site_url, site_title, ckan_version, extensions."),
		"help_show":   read((*request).helpShow, "Return the help string of the action given as name."),

		"package_list":                        read((*request).packageList, "Return the names of public, active datasets in name order (limit, offset)."),
		"current_package_list_with_resources": read((*request).currentPackages, "Return dataset dicts, newest first (limit default 10, offset, page)."),
		"package_show":                        read((*request).packageShow, "Return the dataset dict of id (id or name)."),
		"package_search":                      read((*request).packageSearch, "Search datasets: q, fq, fq_list, sort, rows, start, facet.field, facet.limit, facet.mincount, include_private, include_drafts, ext_bbox, ext_startdate, ext_enddate."),
		"package_create":                      write((*request).packageCreate, "Create a dataset from a package dict; owner_org and name are required."),
		"package_update":                      write((*request).packageUpdate, "Replace the dataset id with the given dict; omitted lists (resources, tags, extras, groups) are cleared."),
		"package_patch":                       write((*request).packagePatch, "Update the given keys of dataset id, keeping the others."),
		"package_delete":                      write((*request).packageDelete, "Delete dataset id (it stays visible to its organisation as state deleted)."),
		"dataset_purge":                       write((*request).datasetPurge, "Remove dataset id and its files for good (sysadmins)."),
		"dataset_validate":                    read((*request).datasetValidate, "Datenportal: return the DCAT-AP.de findings of dataset id as errors and warnings (field, code, message_de, message_en)."),

		"resource_show":   read((*request).resourceShow, "Return the resource dict of id."),
		"resource_create": upload((*request).resourceCreate, "package_id", "Add a resource to package_id; a multipart field upload stores a file."),
		"resource_update": upload((*request).resourceUpdate, "id", "Replace resource id; a multipart field upload replaces its file."),
		"resource_patch":  upload((*request).resourcePatch, "id", "Update the given keys of resource id; a multipart field upload replaces its file."),
		"resource_delete": write((*request).resourceDelete, "Remove resource id and its file."),

		"organization_list":          read((*request).organizationList, "Return organisation names, or dicts with all_fields (sort, limit, offset, q, organizations)."),
		"organization_list_for_user": read((*request).organizationListForUser, "Return the organisations in which the caller (sysadmins: user id) has permission (manage_group, create_dataset, update_dataset, delete_dataset, read)."),
		"organization_show":          read((*request).organizationShow, "Return the organisation dict of id (include_datasets, include_users)."),
		"organization_create":        write((*request).organizationCreate, "Create an organisation (sysadmins)."),
		"organization_update":        write((*request).organizationUpdate, "Replace organisation id (its admins)."),
		"organization_patch":         write((*request).organizationPatch, "Update the given keys of organisation id."),
		"organization_delete":        write((*request).organizationDelete, "Mark organisation id deleted (sysadmins); refused while it has datasets or harvest sources."),
		"organization_member_create": write((*request).memberCreate, "Give username the role (admin, editor, member) in organisation id."),
		"organization_member_delete": write((*request).memberDelete, "Remove username from organisation id."),

		"group_list": read((*request).groupList, "Return the EU data themes as groups (names, or dicts with all_fields)."),
		"group_show": read((*request).groupShow, "Return the EU data theme id as a group dict."),
		"tag_list":   read((*request).tagList, "Return the tags used by visible datasets (query, all_fields)."),

		"license_list": read((*request).licenseList, "Return the DCAT-AP.de licence list."),

		"user_show":        read((*request).userShow, "Return the user id (e-mail only to the user and sysadmins)."),
		"api_token_create": write((*request).tokenCreate, "Create an API token for user with the label name; returns {token}."),
		"api_token_list":   read((*request).tokenList, "List the API tokens of user (user_id or user)."),
		"api_token_revoke": write((*request).tokenRevoke, "Revoke an API token given as token (the secret) or jti (its id)."),
	}
}

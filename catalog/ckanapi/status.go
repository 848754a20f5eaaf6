package ckanapi

import "github.com/datenportal/datenportal/catalog"

// ckanVersion is what monitors read to recognise a CKAN; they parse major
// and minor, so it names the CKAN release whose API this emulates.
const ckanVersion = "2.11.0"

// extensions lists the CKAN plugins whose behaviour Datenportal provides.
var extensions = []string{"dcat", "dcatde", "structured_data", "datenportal"}

func (r *request) statusShow() (any, error) {
	o := r.api.opt
	return map[string]any{
		"site_title":       o.SiteTitle,
		"site_description": o.SiteDescription,
		"site_url":         o.SiteURL,
		"error_emails_to":  nil,
		"locale_default":   o.LocaleDefault,
		"extensions":       extensions,
		"ckan_version":     ckanVersion,
	}, nil
}

func (r *request) helpShow() (any, error) {
	name, err := r.p.idParam("name")
	if err != nil {
		return nil, err
	}
	act, ok := r.api.actions[name]
	if !ok {
		return nil, catalog.NotFound("Action function")
	}
	return act.doc, nil
}

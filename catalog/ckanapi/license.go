package ckanapi

import "strings"

// licenseList serves the dcat-ap.de licence list the way CKAN serves its
// licence register: every value a string ("False", "approved"), ids as
// GovData uses them ("dl-by-de/2.0"), url = the licence IRI.
func (r *request) licenseList() (any, error) {
	var out []map[string]string
	for _, l := range allLicenses() {
		od := "not reviewed"
		if l.Open {
			od = "approved"
		}
		generic := "False"
		if strings.HasPrefix(l.Code, "other-") {
			generic = "True"
		}
		out = append(out, map[string]string{
			"id": l.Code, "title": l.DE, "url": l.IRI, "status": "active", "maintainer": "", "family": "",
			"domain_content": "False", "domain_data": "True", "domain_software": "False",
			"is_generic": generic, "od_conformance": od, "osd_conformance": "not reviewed",
		})
	}
	return out, nil
}

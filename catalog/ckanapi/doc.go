// Package ckanapi serves the CKAN Action API v3 (/api/3/action/{name} and
// /api/action/{name}) on top of catalog.Service, so that existing CKAN
// clients — ckanapi, ckanext-harvest, udata-ckan, portal monitors, GovData
// tooling — work against Datenportal unchanged.
//
// CKAN names (package, resource, organization, group, extras) exist only
// here: package dicts are converted to catalog.Dataset at the edge, with
// the DCAT-AP.de properties carried as extras named exactly as
// ckanext-dcatde names them (contributorID, politicalGeocodingURI, …) and
// the remaining DCAT properties as ckanext-dcat names them. The reference
// behaviour is shared/reference/ckan-dcat-compat.md §A; wire formats
// (envelope, error types, timestamps, key presence) follow CKAN 2.11.
//
// Mounting (catalog/server does this):
//
//	api := ckanapi.New(svc, ckanapi.Options{SiteURL: base, SiteTitle: …})
//	engine.Use(ckanapi.AuthMiddleware(svc))
//	engine.GET("/api", api.Version)
//	engine.GET("/api/:ver", api.Version)
//	for _, p := range []string{"/api/3/action/:name", "/api/action/:name"} {
//		engine.GET(p, api.Action)
//		engine.POST(p, api.Action)
//	}
//
// # Mapping decisions
//
//   - author/author_email are the dct:creator (plus extras author_url,
//     author_type, author_contacttype, author_uri); maintainer and
//     maintainer_email are dcatde:maintainer (plus maintainer_url, _type,
//     _contacttype, _uri). The dcat:contactPoint is derived as
//     ckanext-dcat's serializer derives it: contact_name/contact_email,
//     else maintainer, else author; contact_name/contact_email are shown
//     only where the contact differs from that derivation, and its
//     telephone and address use dcatde's maintainer_tel, maintainer_street,
//     maintainer_city, maintainer_zip, maintainer_country (contact_* spellings
//     are accepted on input), contact_url its URL.
//   - publisher_* extras show the dct:publisher (which the service fills
//     from the organisation when absent).
//   - license_id is the first distribution's licence (dcat-ap.de id such as
//     "dl-by-de/2.0"); on write it goes to every resource without a licence
//     and, when the client changed it, to resources that still carry the
//     previous dataset licence. It is also kept in Dataset.Extras
//     ["license_id"] for datasets without distributions (license_id is a
//     core key, so no client extra can collide with it).
//   - groups are the 13 EU data themes (lower-case codes, German titles);
//     old OGD categories map to themes where schemas knows one and are
//     dropped where none exists (geo, infrastruktur_bauen_wohnen,
//     verbraucher), as GovData's migration did.
//   - resources: url shows downloadURL else accessURL; access_url and
//     download_url extras carry both, and an edited url replaces the one it
//     showed. Uploads show <site>/dataset/<id>/resource/<rid>/download/<file>
//     with url_type "upload" and keep their file while the dict still points
//     there. A format outside the EU file-type list and a hash that is not
//     SHA-256 are kept in Distribution.Extras["format"] / ["hash"] so that
//     they round-trip.
//   - Only the first dct:temporal and the first dct:spatial are shown
//     (temporal_start/_end, spatial/spatial_uri/spatial_text).
//   - private, title and owner_org absent from package_update are kept
//     (absent private must never publish a dataset); every other omitted
//     field and list is cleared, as in CKAN.
//   - Multipart uploads are streamed: the file goes straight to the service
//     when package_id/id came first, or is staged while the rest of the form
//     is read. Fields after a directly streamed file are refused (400)
//     rather than ignored.
//   - Validation warnings of writes are reported in the response header
//     X-Datenportal-Warnings (a count); German error texts in the envelope
//     key error_de. Both are invisible to CKAN clients.
package ckanapi

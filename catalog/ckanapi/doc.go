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
// behaviour is /work/shared/reference/ckan-dcat-compat.md §A; wire formats
// (envelope, error types, timestamps, key presence) follow CKAN 2.11.
//
// Mounting (done by catalog/server):
//
//	api := ckanapi.New(svc, ckanapi.Options{SiteURL: base, SiteTitle: …})
//	r.Use(ckanapi.AuthMiddleware(svc))
//	r.GET("/api", api.Version)
//	r.GET("/api/:ver", api.Version)
//	r.Match([]string{"GET", "POST"}, "/api/3/action/:name", api.Action)
//	r.Match([]string{"GET", "POST"}, "/api/action/:name", api.Action)
package ckanapi

// Package ckan harvests CKAN portals through the Action API v3, the way
// ckanext-harvest's CKAN harvester does and a little more: package_search
// pages sorted by "id asc" (stable while the source changes), incremental
// runs asking only for packages modified since the last complete run
// (minus a margin for clock skew), and, unlike ckanext-harvest, a cheap
// listing of every id in the same run, so that deleted packages are
// noticed and unknown ones fetched with package_show.
//
// Package dicts are mapped to DCAT-AP.de with the extras of ckanext-dcat
// and ckanext-dcatde (contributorID, politicalGeocodingURI, …) and the
// legacy German OGD extras (terms_of_use, spatial_reference,
// temporal_coverage_from/to, contacts).
//
// Config keys (besides harvest.Options): "fq" (a Solr filter added to
// every search, e.g. "organization:stadtwerke"), "rows" (page size, default
// 100, at most 1000), "api_key" (sent as Authorization, for private
// packages of the source's own organisation).
package ckan

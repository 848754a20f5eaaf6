// Package arcgis harvests ArcGIS Hub sites through their catalogue feeds:
// DCAT-AP 2.0.1 as JSON-LD ({site}/api/feed/dcat-ap/2.0.1.json, read with
// the RDF reader and the DCAT-AP.de decoder, after repairing Esri's
// "dcat:accessUrl") and DCAT-US 1.1 ({site}/api/feed/dcat-us/1.1.json or
// the legacy {site}/data.json, mapped by hand). The feed streams the whole
// site in one response, so every run is a complete listing.
//
// The harvest GUID is the ArcGIS item id with its layer ("<itemId>_<n>"),
// found in the dataset IRI, identifier or landing page: it stays the same
// when the site moves to another domain or the feed format is switched.
//
// Config keys (besides harvest.Options): "feed" ("dcat-ap" or "dcat-us";
// default: detected from the response). A source URL without a path gets
// the DCAT-AP feed path.
package arcgis

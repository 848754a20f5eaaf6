// Package csw harvests OGC CSW 2.0.2 catalogues with ISO 19139 records
// (GDI-DE's Geodatenkatalog, Berlin's FIS-Broker, GeoNetwork, deegree,
// pycsw) and maps gmd:MD_Metadata to DCAT-AP.de the way GovData derives
// DCAT-AP.de from GDI-DE metadata: dct:modified is gmd:dateStamp, the
// licence comes from the GDI-DE licence JSON in gmd:otherConstraints,
// only records carrying the keyword "opendata" are imported, each online
// resource becomes a distribution, and INSPIRE themes and ISO topic
// categories become EU data themes where the mapping is unambiguous.
//
// Listing uses GetRecords by POST with an ogc:Filter (FIS-Broker accepts
// nothing else), sorted by apiso:Identifier, paged by startPosition with
// udata's stop rules and FIS-Broker's quirk (nextRecord="1" after the last
// page). Incremental runs ask for apiso:Modified ≥ the last complete run
// and list the remaining identifiers with brief records (ckanext-fisbroker's
// pattern), fetching unknown ones with GetRecordById.
//
// Config keys (besides harvest.Options): "opendata_only" (default true),
// "server_filter" (default true: also ask the server for apiso:Subject =
// opendata; set false for servers without that queryable), "page_size"
// (maxRecords per GetRecords, default 50, at most 500), "sort" (default
// true: send SortBy).
package csw

// Package ods harvests OpenDataSoft (Huwise) portals through the Explore
// API v2.1: /catalog/datasets pages of 100 ordered by dataset_id while the
// catalogue fits the API's offset window (offset + limit ≤ 10,000), the
// unpaged /catalog/exports/json beyond it. Incremental runs ask for
// metadata_processed ≥ the last complete run and list every dataset_uid
// through the export (ODS has no tombstones).
//
// The harvest GUID is dataset_uid (immutable; dataset_id is an editable
// slug). Datasets with records get distributions for the export formats
// (CSV, JSON, and GeoJSON for geo datasets), attachments one each.
// Datasets federated from another ODS domain are skipped: their home
// portal publishes them.
//
// Config keys (besides harvest.Options): "where" (ODSQL filter on the
// catalogue), "lang", "api_key" (sent as "Authorization: Apikey …").
package ods

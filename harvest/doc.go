// Package harvest imports metadata from other catalogues into Datenportal:
// CKAN portals, DCAT RDF endpoints, CSW/ISO 19139 geodata catalogues,
// OpenDataSoft and ArcGIS Hub sites. Each kind of source lives in its own
// sub-package and implements Source; this package runs the jobs that use
// them, in three stages:
//
//  1. gather: walk the source's listing (paged, guarded against loops,
//     repeats, endless next links and oversized responses) and spool every
//     record to a temporary file, so that memory stays bounded and a
//     listing that breaks off can be told apart from a complete one;
//  2. fetch: read each spooled record (or fetch it by id when the listing
//     carried only ids) and map it to a DCAT-AP.de catalog.Dataset;
//  3. import: normalise and repair what the vocabularies recognise, fill the
//     source's defaults, skip records whose content hash is unchanged, and
//     write the rest through catalog.Service as the catalog.System actor.
//
// Datasets that vanished from a source are withdrawn only after a complete
// and error-free listing. Every record succeeds or fails alone; its error is
// kept in the job's report with the record's original id, the stage and a
// German and an English message.
//
// Jobs are claimed with a lease in the Store, renewed while they run, so
// that several instances on one database run each job exactly once and a
// job whose instance died is taken over when its lease expires. The
// Scheduler enqueues jobs of sources whose schedule is due.
//
// Outside input is hostile: every request has a timeout, every response a
// size limit, every job a deadline and limits on pages and records, and
// the HTTP client refuses internal addresses (checked when dialling, after
// DNS resolution, and so on every redirect) unless the operator allows
// them.
package harvest

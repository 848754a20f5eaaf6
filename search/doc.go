// Package search is Datenportal's dataset search: a Bleve (scorch) index
// with a German analysis chain, a parser for the CKAN/Solr query language
// that package_search clients send (q, fq, sort, facets, paging), and an
// Indexer that follows the store's change log so that the index is always a
// derived, rebuildable view of the store. Queries are parsed into our own
// AST and translated field by field, never handed to Bleve's query-string
// parser, so that every syntax error, unknown field or over-limit request
// becomes a catalog.Error with code EQUERY instead of a 500 or an
// unbounded search. The index holds ids, not datasets: callers load results
// from the store, which stays the truth.
package search

// Package graph is the small in-memory RDF model behind Datenportal's DCAT
// views, with readers and writers for Turtle, N-Triples, RDF/XML and
// JSON-LD. Every reader applies the same Limits (input bytes, triples,
// literal size, blank-node nesting) because catalogues arrive from outside
// and must not be able to exhaust memory or time; every writer streams, so
// a full catalogue dump holds one dataset's triples at a time. Turtle and
// N-Triples are read with github.com/knakk/rdf, RDF/XML with our own
// encoding/xml codec (knakk drops nested typed nodes), JSON-LD with
// github.com/piprate/json-gold and a document loader that never touches the
// network.
package graph

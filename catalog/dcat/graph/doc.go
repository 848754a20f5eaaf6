// Package graph is the small in-memory RDF model behind Datenportal's DCAT
// views, with readers and writers for Turtle, N-Triples, RDF/XML and
// JSON-LD. Every reader applies the same Limits (input bytes, triples,
// literal size, blank-node nesting) because catalogues arrive from outside
// and must not be able to exhaust memory or time; every writer streams, so
// a full catalogue dump holds one dataset's triples at a time. Turtle,
// N-Triples and RDF/XML are read by our own parsers (knakk/rdf drops nested
// typed nodes in RDF/XML and its Turtle lexer can panic in a goroutine no
// recover reaches), JSON-LD by github.com/piprate/json-gold with a document
// loader that never touches the network.
package graph

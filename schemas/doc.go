// Package schemas knows DCAT-AP.de: the namespaces of its RDF terms, the
// controlled vocabularies it prescribes (licences, EU data themes, file
// types, frequencies, access rights, contributor IDs, political geocoding
// levels, …) as embedded lookup tables, normalisers that map what real
// catalogues and CKAN clients write onto the official IRIs, and the publish
// validation (catalog.Validator) that mirrors the DCAT-AP.de 3.0 SHACL
// shapes, so that a dataset without error findings exports as RDF that the
// official validator accepts. Messages are German first, English second.
// The tables are generated from the copies in vocab/src by
// internal/cmd/vocabgen ("go generate ./schemas"); see vocab/README.md.
package schemas

//go:generate go run ./internal/cmd/vocabgen -src vocab/src -out vocab

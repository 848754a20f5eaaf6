// Package dcat harvests DCAT catalogues published as RDF (Turtle,
// RDF/XML, JSON-LD, N-Triples), such as the /catalog.{rdf,ttl,jsonld}
// endpoints of ckanext-dcat portals (Rostock, Berlin, …) and udata. It
// follows Hydra paging in both styles — hydra:PagedCollection with
// hydra:nextPage (what ckanext-dcat emits) and hydra:PartialCollectionView
// with hydra:next (current Hydra, udata) — with values as literals or
// IRIs, and maps every dcat:Dataset with the tolerant DCAT-AP.de decoder
// of catalog/dcat (legacy dcatde namespaces, https://www.dcat-ap.de IRIs,
// literals for IRIs, …).
//
// A dataset's harvest GUID is its IRI, or for blank nodes its
// dct:identifier. Next links that point to another host (ckanext-dcat
// behind a proxy links its internal host name) are rewritten to the host
// of the page they were found on.
//
// Config keys (besides harvest.Options): "rdf_format" overrides the
// format detected from Content-Type ("turtle", "rdfxml", "jsonld",
// "ntriples" or a media type), like ckanext-dcat's rdf_format.
package dcat

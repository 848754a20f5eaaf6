// Package dcat is the DCAT-AP.de view of the catalogue: it maps
// catalog.Dataset to RDF and back (DCAT-AP.de 3.0 by default, 2.0 on
// request), writes the paged catalogue with Hydra links the way
// ckanext-dcat does so that GovData's and CKAN's DCAT harvesters work
// against us unchanged, and serves the catalogue, dataset and change-feed
// endpoints as gin handlers. The decoder tolerates the defects real German
// catalogues have, because the DCAT harvester reuses it; RDF syntax lives
// in the graph sub-package.
package dcat

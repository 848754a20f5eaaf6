// Package dcat is the DCAT-AP.de view of the catalogue: it maps
// catalog.Dataset to RDF and back (DCAT-AP.de 3.0 by default, 2.0 on
// request), writes the paged catalogue with Hydra links the way
// ckanext-dcat does so that GovData's and CKAN's DCAT harvesters work
// against us unchanged, and serves the catalogue, dataset and change-feed
// endpoints as gin handlers. The decoder tolerates the defects real German
// catalogues have, because the DCAT harvester reuses it; RDF syntax lives
// in the graph sub-package.
//
// # Paging during edits
//
// ckanext-dcat deletes every dataset of a source it did not see in a run,
// so a catalogue walk that skips a dataset withdraws it downstream. The
// catalogue pages are therefore ordered by created time, then id, which
// edits do not change, and hydra:next (and nextPage) continue by key: the
// link is page=N+1&after=<cursor>, the cursor naming the last dataset of
// page N, and page N+1 lists the datasets strictly after it. A harvester
// that starts anywhere and follows the links sees every dataset that is
// public throughout its walk exactly once, whatever is edited or deleted
// meanwhile; datasets created during the walk come after the others.
// Without a cursor, ?page=N is the offset page, as ckanext-dcat's own
// catalogue has it, and so are the first, last and previous links;
// hydra:totalItems is the count of matching datasets. Search results (q,
// fq) page by offset only. The cursor is opaque, versioned and
// checksummed; a malformed one is refused with 400.
package dcat

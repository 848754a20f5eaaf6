// Package catalog is Datenportal's domain: DCAT-AP.de datasets and
// distributions, organisations (publishers), users, API tokens and
// memberships, the change log, and the Service that orchestrates every write
// (authorise → validate → store → index). It names things the DCAT way and
// imports no framework, database, search or storage library: adapters in
// other packages (ckanapi, dcat, web, search, storage/…) implement or consume
// the interfaces declared here, and cmd/datenportal wires them together.
package catalog

package dcat

import (
	"strconv"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

// Dataset returns the triples of d and its distributions. The slice is
// reused by the next call: write it before encoding the next dataset.
func (e *Encoder) Dataset(d *catalog.Dataset) []graph.Triple {
	e.out = e.out[:0]
	s := graph.IRI(e.DatasetIRI(d.ID))
	v3 := e.Profile == DCATAPDE3
	e.typ(s, nsDCAT+"Dataset")
	e.text(s, nsDCT+"title", d.Title)
	e.text(s, nsDCT+"description", d.Description)
	for _, k := range d.Keywords {
		e.text(s, nsDCAT+"keyword", k)
	}
	e.iris(s, nsDCAT+"theme", d.Themes)
	ident := d.Identifier
	if ident == "" {
		ident = s.Value // stable, and what GovData's duplicate detection needs
	}
	e.text(s, nsDCT+"identifier", ident)
	if d.Modified != nil && !d.Modified.Time.IsZero() {
		e.date(s, nsDCT+"modified", d.Modified)
	} else if !d.ModifiedAt.IsZero() {
		e.date(s, nsDCT+"modified", catalog.NewDateTime(d.ModifiedAt))
	}
	e.date(s, nsDCT+"issued", d.Issued)

	e.agent(s, nsDCT+"publisher", d.Publisher)
	e.contactPoint(s, d.ContactPoint)
	e.agent(s, nsDCT+"creator", d.Creator)
	e.agent(s, nsDCT+"contributor", d.Contributor)
	if v3 {
		e.agent(s, nsGEODCATAP+"originator", d.Originator)
		e.agent(s, nsGEODCATAP+"custodian", d.Maintainer)
	} else {
		e.agent(s, nsDCATDE+"originator", d.Originator)
		e.agent(s, nsDCATDE+"maintainer", d.Maintainer)
	}

	e.iris(s, nsDCATDE+"contributorID", d.ContributorIDs)
	e.iris(s, nsDCATDE+"politicalGeocodingURI", d.PoliticalGeocodingURIs)
	// The geocoding IRIs are mirrored in dct:spatial as ckanext-dcatde
	// does, so that consumers that only know DCAT-AP find the area. The
	// dct:Location node with locn:adminUnitL2 gives no finding with the
	// 3.0 shapes; a bare IRI would draw a "must be dct:Location" warning.
	for _, u := range d.PoliticalGeocodingURIs {
		b := e.blank()
		e.add(s, graph.IRI(nsDCT+"spatial"), b)
		e.typ(b, nsDCT+"Location")
		e.iri(b, nsLOCN+"adminUnitL2", u)
	}
	e.iri(s, nsDCATDE+"politicalGeocodingLevelURI", d.PoliticalGeocodingLevel)
	for _, t := range d.GeocodingDescription {
		e.text(s, nsDCATDE+"geocodingDescription", t)
	}
	for _, t := range d.LegalBasis {
		e.text(s, nsDCATDE+"legalBasis", t)
	}
	e.iri(s, nsDCATDE+"qualityProcessURI", d.QualityProcessURI)

	for i := range d.Spatial {
		e.location(s, &d.Spatial[i])
	}
	for _, p := range d.Temporal {
		if p.Start == nil && p.End == nil {
			continue
		}
		b := e.blank()
		e.add(s, graph.IRI(nsDCT+"temporal"), b)
		e.typ(b, nsDCT+"PeriodOfTime")
		e.date(b, nsDCAT+"startDate", p.Start)
		e.date(b, nsDCAT+"endDate", p.End)
	}
	e.iri(s, nsDCT+"accrualPeriodicity", d.AccrualPeriodicity)
	e.iri(s, nsDCAT+"landingPage", d.LandingPage)
	e.iris(s, nsDCT+"language", d.Languages)
	e.iri(s, nsDCT+"accessRights", d.AccessRights)
	e.iris(s, nsDCT+"conformsTo", d.ConformsTo)
	if v3 {
		e.text(s, nsDCAT+"version", d.Version)
	} else {
		e.text(s, nsOWL+"versionInfo", d.Version)
	}
	e.text(s, nsADMS+"versionNotes", d.VersionNotes)
	e.iris(s, nsDCATAP+"hvdCategory", d.HVDCategories)
	e.iris(s, nsDCATAP+"applicableLegislation", d.ApplicableLegislation)
	e.iris(s, nsDCT+"references", d.References)
	e.iris(s, nsDCT+"relation", d.Relations)
	e.iris(s, nsDCT+"type", d.Types)
	if d.Provenance != "" {
		b := e.blank()
		e.add(s, graph.IRI(nsDCT+"provenance"), b)
		e.typ(b, nsDCT+"ProvenanceStatement")
		e.text(b, nsRDFS+"label", d.Provenance)
	}
	for i := range d.Distributions {
		dist := &d.Distributions[i]
		ds := graph.IRI(e.DistributionIRI(d.ID, dist.ID))
		e.add(s, graph.IRI(nsDCAT+"distribution"), ds)
		e.distribution(d, dist, ds)
	}
	return e.out
}

func (e *Encoder) distribution(d *catalog.Dataset, x *catalog.Distribution, s graph.Term) {
	e.typ(s, nsDCAT+"Distribution")
	e.text(s, nsDCT+"title", x.Title)
	e.text(s, nsDCT+"description", x.Description)
	access, download := x.AccessURL, x.DownloadURL
	if x.IsUpload() {
		download = e.DownloadURL(d.ID, x)
		if access == "" {
			access = download
		}
	}
	if access == "" {
		access = download // dcat:accessURL is mandatory
	}
	if access == "" {
		access = s.Value
	}
	e.iri(s, nsDCAT+"accessURL", access)
	e.iri(s, nsDCAT+"downloadURL", download)
	e.iri(s, nsDCT+"format", x.Format)
	if x.MediaType != "" {
		e.iri(s, nsDCAT+"mediaType", ianaMediaTypes+x.MediaType)
	}
	if x.ByteSize != nil && *x.ByteSize >= 0 {
		dt := nsXSD + "nonNegativeInteger"
		if e.Profile == DCATAPDE2 {
			dt = nsXSD + "decimal"
		}
		e.add(s, graph.IRI(nsDCAT+"byteSize"), graph.Typed(strconv.FormatInt(*x.ByteSize, 10), dt))
	}
	if x.Checksum != "" {
		b := e.blank()
		e.add(s, graph.IRI(nsSPDX+"checksum"), b)
		e.typ(b, nsSPDX+"Checksum")
		if e.Profile == DCATAPDE2 {
			e.iri(b, nsSPDX+"algorithm", dcatdeSHA256) // the 2.0 list; SPDX IRIs came with 3.0
		} else {
			e.iri(b, nsSPDX+"algorithm", spdxSHA256)
		}
		e.add(b, graph.IRI(nsSPDX+"checksumValue"), graph.Typed(x.Checksum, nsXSD+"hexBinary"))
	}
	e.iri(s, nsDCT+"license", x.License)
	e.text(s, nsDCATDE+"licenseAttributionByText", x.LicenseAttribution)
	e.date(s, nsDCT+"issued", x.Issued)
	e.date(s, nsDCT+"modified", x.Modified)
	e.iri(s, nsDCATAP+"availability", x.Availability)
	if e.Profile == DCATAPDE2 {
		e.iri(s, nsADMS+"status", statusToADMS(x.Status))
	} else {
		e.iri(s, nsADMS+"status", x.Status)
	}
	e.iris(s, nsDCT+"language", x.Languages)
	e.iris(s, nsDCT+"conformsTo", x.ConformsTo)
	e.iri(s, nsFOAF+"page", x.Page)
}

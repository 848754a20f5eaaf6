package dcat

import (
	"net/url"
	"strings"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

// DecodeOptions tunes Decode.
type DecodeOptions struct {
	// Base is this portal's base URL. Datasets and distributions whose
	// IRIs lie under it get their ids back; uploads get their file name.
	// Leave empty for foreign catalogues.
	Base string
}

// Decoded is one dataset read from RDF.
type Decoded struct {
	IRI      string // the dataset's IRI in the source (blank-node label if it had none)
	Dataset  *catalog.Dataset
	Warnings []catalog.Finding // values skipped or repaired, by field
}

// Decode reads every dcat:Dataset of g. It is tolerant: a broken value
// is skipped with a warning naming the field, never the whole dataset.
// Legacy DCAT-AP.de namespaces, https://www. IRIs, literals given for
// IRIs and vice versa are repaired with a warning.
func Decode(g *graph.Graph, opts DecodeOptions) ([]Decoded, error) {
	base := strings.TrimRight(opts.Base, "/")
	var out []Decoded
	for _, s := range g.SubjectsOfType(nsDCAT + "Dataset") {
		dc := &decoder{g: g, base: base}
		d := dc.dataset(s)
		out = append(out, Decoded{IRI: s.Value, Dataset: d, Warnings: dc.warnings})
	}
	return out, nil
}

type decoder struct {
	g        *graph.Graph
	base     string
	warnings []catalog.Finding
}

func (dc *decoder) warn(field, code, de, en string) {
	dc.warnings = append(dc.warnings, catalog.Finding{Field: field, Severity: catalog.SeverityWarning, Code: code, DE: de, EN: en})
}

// idUnder returns the path segment after prefix when iri is one of ours.
func (dc *decoder) idUnder(iri, prefix string) string {
	if dc.base == "" || !strings.HasPrefix(iri, prefix) {
		return ""
	}
	rest := iri[len(prefix):]
	if rest == "" || strings.Contains(rest, "/") {
		return ""
	}
	if id, err := url.PathUnescape(rest); err == nil {
		return id
	}
	return ""
}

func (dc *decoder) dataset(s graph.Term) *catalog.Dataset {
	n := dc.node(s)
	d := &catalog.Dataset{State: catalog.StateActive}
	if s.IsIRI() {
		d.ID = dc.idUnder(s.Value, dc.base+"/dataset/")
	}
	d.Title = n.text("title", nsDCT+"title")
	if d.Title == "" {
		dc.warn("title", "missing", "Titel (dct:title) fehlt", "title (dct:title) is missing")
	}
	d.Description = n.text("description", nsDCT+"description")
	d.Keywords = n.texts(nsDCAT + "keyword")
	d.Themes = n.iris("themes", nsDCAT+"theme", nil)
	d.Identifier = n.text("identifier", nsDCT+"identifier")
	if d.Identifier == s.Value {
		d.Identifier = "" // our own default: the IRI
	}
	d.Modified = n.date("modified", nsDCT+"modified")
	d.Issued = n.date("issued", nsDCT+"issued")

	d.Publisher = dc.agent("publisher", n.first(nsDCT+"publisher"))
	d.ContactPoint = dc.contact(n.first(nsDCAT + "contactPoint"))
	d.Creator = dc.agent("creator", n.first(nsDCT+"creator"))
	d.Contributor = dc.agent("contributor", n.first(nsDCT+"contributor"))
	d.Originator = dc.agent("originator", n.first(nsGEODCATAP+"originator", nsDCATDE+"originator"))
	d.Maintainer = dc.agent("maintainer", n.first(nsGEODCATAP+"custodian", nsDCATDE+"maintainer"))

	d.ContributorIDs = n.iris("contributor_ids", nsDCATDE+"contributorID", nil)
	d.PoliticalGeocodingURIs = n.iris("political_geocoding_uris", nsDCATDE+"politicalGeocodingURI", nil)
	d.PoliticalGeocodingLevel = n.iri("political_geocoding_level", nsDCATDE+"politicalGeocodingLevelURI", nil)
	d.GeocodingDescription = n.texts(nsDCATDE + "geocodingDescription")
	d.LegalBasis = n.texts(nsDCATDE + "legalBasis")
	d.QualityProcessURI = n.iri("quality_process_uri", nsDCATDE+"qualityProcessURI", nil)

	for _, o := range n.all(nsDCT + "spatial") {
		dc.spatial(d, o)
	}
	for _, o := range n.all(nsDCT + "temporal") {
		if p, ok := dc.period(o); ok {
			d.Temporal = append(d.Temporal, p)
		}
	}
	d.AccrualPeriodicity = n.iri("accrual_periodicity", nsDCT+"accrualPeriodicity", frequencyFromLiteral)
	d.LandingPage = n.iri("landing_page", nsDCAT+"landingPage", nil)
	d.Languages = n.iris("languages", nsDCT+"language", languageFromLiteral)
	d.AccessRights = n.iri("access_rights", nsDCT+"accessRights", nil)
	d.ConformsTo = n.iris("conforms_to", nsDCT+"conformsTo", nil)
	d.Version = n.text("version", nsDCAT+"version")
	if d.Version == "" {
		d.Version = n.text("version", nsOWL+"versionInfo")
	}
	d.VersionNotes = n.text("version_notes", nsADMS+"versionNotes")
	d.HVDCategories = n.iris("hvd_categories", nsDCATAP+"hvdCategory", nil)
	d.ApplicableLegislation = n.iris("applicable_legislation", nsDCATAP+"applicableLegislation", nil)
	d.References = n.iris("references", nsDCT+"references", nil)
	d.Relations = n.iris("relations", nsDCT+"relation", nil)
	d.Types = n.iris("types", nsDCT+"type", nil)
	if p := n.first(nsDCT + "provenance"); !p.IsZero() {
		if p.IsLiteral() {
			d.Provenance = p.Value
		} else {
			d.Provenance = dc.node(p).text("provenance", nsRDFS+"label")
		}
	}
	for i, o := range n.all(nsDCAT + "distribution") {
		if o.IsLiteral() {
			dc.warn("distributions", "literal", "Distribution als Literal statt Knoten übersprungen", "distribution given as a literal, skipped")
			continue
		}
		d.Distributions = append(d.Distributions, dc.distribution(d.ID, i, o))
	}
	return d
}

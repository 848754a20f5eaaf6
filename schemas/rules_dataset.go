package schemas

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

// vocab checks that value is exactly a concept IRI of the list: the SHACL
// shapes compare IRIs byte for byte, so a near miss is an error too. The
// message proposes the official IRI when norm recognises the value.
func (r *report) vocab(field, value, code string, contains func(string) bool,
	norm func(string) (string, bool), listDE, listEN string) {
	if value == "" || contains(value) {
		return
	}
	r.unknown(field, value, code, norm, listDE, listEN)
}

// unknown reports a value outside its vocabulary.
func (r *report) unknown(field, value, code string, norm func(string) (string, bool), listDE, listEN string) {
	de := fmt.Sprintf("Unbekannter Wert „%s“. Bitte einen Wert aus der Liste %s wählen.", quote(value), listDE)
	en := fmt.Sprintf("unknown value “%s”. Please choose a value from the %s list.", quote(value), listEN)
	if iri, ok := norm(value); ok {
		de += fmt.Sprintf(" Gemeint ist vermutlich „%s“.", iri)
		en += fmt.Sprintf(" Did you mean “%s”?", iri)
	}
	r.errorf(field, code, de, en)
}

func validateTexts(r *report, d *catalog.Dataset) {
	if strings.TrimSpace(d.Title) == "" {
		r.missing("title")
	}
	r.textLimit("title", d.Title, maxTitle)
	if strings.TrimSpace(d.Description) == "" {
		r.missing("description")
	}
	r.textLimit("description", d.Description, maxDescription)
	if len(d.Keywords) == 0 {
		r.recommend("keywords", "", "")
	} else if r.listLimit("keywords", len(d.Keywords), maxKeywords) {
		for i, k := range d.Keywords {
			f := "keywords." + strconv.Itoa(i)
			if strings.TrimSpace(k) == "" {
				r.warnf(f, CodeEmptyValue, "Leeres Schlagwort.", "empty keyword.")
			}
			r.textLimit(f, k, maxKeyword)
		}
	}
	r.textLimit("version", d.Version, maxTitle)
	r.textLimit("version_notes", d.VersionNotes, maxShortText)
	r.textLimit("provenance", d.Provenance, maxShortText)
	r.textLimit("identifier", d.Identifier, maxURL)
	if d.Modified == nil {
		r.recommend("modified", "GovData erkennt Dubletten am Änderungsdatum (Konvention 40).",
			"GovData detects duplicates by the modification date (convention 40).")
	}
}

func validateClassification(r *report, d *catalog.Dataset) {
	if len(d.Themes) == 0 {
		r.recommend("themes", "", "")
	} else if r.listLimit("themes", len(d.Themes), maxListItems) {
		for i, t := range d.Themes {
			f := "themes." + strconv.Itoa(i)
			if t == "" || !themes.Contains(t) {
				de := fmt.Sprintf("Unbekannte Kategorie „%s“. Bitte eine der 13 EU-Datenkategorien wählen.", quote(t))
				en := fmt.Sprintf("unknown category “%s”. Please choose one of the 13 EU data themes.", quote(t))
				if iri, ok := NormalizeTheme(t); ok {
					de += fmt.Sprintf(" Gemeint ist vermutlich „%s“.", iri)
					en += fmt.Sprintf(" Did you mean “%s”?", iri)
				}
				r.errorf(f, CodeUnknownTheme, de, en)
			}
		}
	}
	r.vocab("accrual_periodicity", d.AccrualPeriodicity, CodeUnknownFrequency, frequencies.Contains,
		NormalizeFrequency, "der EU-Aktualisierungsfrequenzen", "EU frequency")
	r.vocab("access_rights", d.AccessRights, CodeUnknownAccessRight, accessRights.Contains,
		NormalizeAccessRights, "der EU-Zugriffsrechte (PUBLIC, RESTRICTED, NON_PUBLIC)", "EU access-right")
	languagesOK(r, "languages", d.Languages)
	if r.listLimit("types", len(d.Types), maxListItems) {
		for i, t := range d.Types {
			// The shapes only warn about dataset types outside the list.
			f := "types." + strconv.Itoa(i)
			if !isIRI(t) {
				r.iri(f, t)
			} else if !datasetTypes.Contains(t) {
				r.warnf(f, CodeUnknownDatasetType,
					fmt.Sprintf("„%s“ steht nicht in der EU-Liste der Datensatztypen.", quote(t)),
					fmt.Sprintf("“%s” is not in the EU dataset-type list.", quote(t)))
			}
		}
	}
	validateContributorIDs(r, d.ContributorIDs)
	validateGeocoding(r, d)
}

// languagesOK accepts languages from the embedded table and any other IRI
// of the EU language NAL shape (three capital letters), since the table
// is a subset of the NAL and the NAL is what the shapes check.
func languagesOK(r *report, field string, langs []string) {
	if !r.listLimit(field, len(langs), maxListItems) {
		return
	}
	for i, l := range langs {
		if languages.Contains(l) || isNALLanguage(l) {
			continue
		}
		r.unknown(field+"."+strconv.Itoa(i), l, CodeUnknownLanguage, NormalizeLanguage, "der EU-Sprachen (z. B. …/language/DEU)", "EU language (e.g. …/language/DEU)")
	}
}

func isNALLanguage(s string) bool {
	code, ok := strings.CutPrefix(s, LanguageBase)
	if !ok || len(code) != 3 {
		return false
	}
	for _, r := range code {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

func validateContributorIDs(r *report, ids []string) {
	if len(ids) == 0 {
		r.recommend("contributor_ids", "GovData verlangt genau eine Datenbereitsteller-ID aus der Liste (Konvention 12).",
			"GovData requires exactly one contributor ID from the list (convention 12).")
		return
	}
	if !r.listLimit("contributor_ids", len(ids), maxListItems) {
		return
	}
	if len(ids) > 1 {
		r.warnf("contributor_ids", CodeMultipleContrib, "GovData erwartet genau eine Datenbereitsteller-ID (Konvention 13).",
			"GovData expects exactly one contributor ID (convention 13).")
	}
	for i, id := range ids {
		f := "contributor_ids." + strconv.Itoa(i)
		if !isIRI(id) {
			r.errorf(f, CodeInvalidIRI, fmt.Sprintf("„%s“ ist keine IRI. Die Datenbereitsteller-ID muss eine IRI sein, z. B. http://dcat-ap.de/def/contributors/… .", quote(id)),
				fmt.Sprintf("“%s” is not an IRI. The contributor ID must be an IRI, e.g. http://dcat-ap.de/def/contributors/… .", quote(id)))
			continue
		}
		if !contributors.Contains(id) {
			de := fmt.Sprintf("„%s“ steht nicht in der GovData-Liste der Datenbereitsteller.", quote(id))
			en := fmt.Sprintf("“%s” is not in the GovData contributor list.", quote(id))
			if iri, ok := NormalizeContributor(id); ok {
				de += fmt.Sprintf(" Gemeint ist vermutlich „%s“.", iri)
				en += fmt.Sprintf(" Did you mean “%s”?", iri)
			}
			r.warnf(f, CodeUnknownContributor, de, en)
		}
	}
}

func validateGeocoding(r *report, d *catalog.Dataset) {
	if d.PoliticalGeocodingLevel == "" {
		r.recommend("political_geocoding_level", "", "")
	} else {
		r.vocab("political_geocoding_level", d.PoliticalGeocodingLevel, CodeUnknownLevel, geocodingLevels.Contains,
			NormalizeGeocodingLevel, "der Ebenen (…/politicalGeocoding/Level/municipality usw.)",
			"political geocoding level (…/politicalGeocoding/Level/municipality etc.)")
	}
	if !r.listLimit("political_geocoding_uris", len(d.PoliticalGeocodingURIs), maxListItems) {
		return
	}
	for i, u := range d.PoliticalGeocodingURIs {
		f := "political_geocoding_uris." + strconv.Itoa(i)
		if !isIRI(u) {
			r.errorf(f, CodeInvalidIRI, fmt.Sprintf("„%s“ ist keine gültige IRI.", quote(u)),
				fmt.Sprintf("“%s” is not a valid IRI.", quote(u)))
		} else if !IsGeocodingURI(u) {
			r.warnf(f, CodeUnknownGeocoding,
				fmt.Sprintf("„%s“ ist kein Schlüssel der Liste http://dcat-ap.de/def/politicalGeocoding/ (z. B. …/regionalKey/<Regionalschlüssel>).", quote(u)),
				fmt.Sprintf("“%s” is not a key of http://dcat-ap.de/def/politicalGeocoding/ (e.g. …/regionalKey/<regional key>).", quote(u)))
		}
	}
	r.listLimit("geocoding_description", len(d.GeocodingDescription), maxListItems)
	r.listLimit("legal_basis", len(d.LegalBasis), maxListItems)
	r.iri("quality_process_uri", d.QualityProcessURI)
}

func validateDatasetLinks(r *report, d *catalog.Dataset) {
	r.url("landing_page", d.LandingPage)
	r.iris("conforms_to", d.ConformsTo)
	r.iris("references", d.References)
	r.iris("relations", d.Relations)
	r.iris("hvd_categories", d.HVDCategories)
	r.iris("applicable_legislation", d.ApplicableLegislation)
}

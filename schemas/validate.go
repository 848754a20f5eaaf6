package schemas

import (
	"fmt"
	"strconv"

	"github.com/datenportal/datenportal/catalog"
)

// Finding codes. They are stable: clients and the web UI key on them.
const (
	CodeMissing            = "missing"             // mandatory value absent (error, Missing)
	CodeRecommended        = "recommended_missing" // recommended value absent (warning)
	CodeTooLong            = "too_long"
	CodeTooMany            = "too_many"
	CodeInvalidURL         = "invalid_url"
	CodeInvalidIRI         = "invalid_iri"
	CodeInvalidEmail       = "invalid_email"
	CodeInvalidTelephone   = "invalid_telephone"
	CodeContactIncomplete  = "contact_incomplete"
	CodeUnknownLicense     = "unknown_license"
	CodeAttributionMissing = "attribution_missing"
	CodeUnknownTheme       = "unknown_theme"
	CodeUnknownFormat      = "unknown_format"
	CodeInvalidMediaType   = "invalid_media_type"
	CodeUnknownFrequency   = "unknown_frequency"
	CodeUnknownAccessRight = "unknown_access_rights"
	CodeUnknownAvailabilty = "unknown_availability"
	CodeUnknownStatus      = "unknown_status"
	CodeUnknownLanguage    = "unknown_language"
	CodeUnknownDatasetType = "unknown_dataset_type"
	CodeUnknownPubType     = "unknown_publisher_type"
	CodeUnknownLevel       = "unknown_geocoding_level"
	CodeUnknownGeocoding   = "unknown_geocoding_uri"
	CodeUnknownContributor = "unknown_contributor"
	CodeMultipleContrib    = "multiple_contributor_ids"
	CodeEmptyPeriod        = "empty_period"
	CodePeriodOrder        = "period_order"
	CodeEmptyLocation      = "empty_location"
	CodeInvalidBBox        = "invalid_bbox"
	CodeInvalidCentroid    = "invalid_centroid"
	CodeNegativeSize       = "negative_byte_size"
	CodeInvalidChecksum    = "invalid_checksum"
	CodeEmptyValue         = "empty_value"
	CodeNoDistributions    = "no_distributions"
)

// validator implements catalog.Validator. It is stateless: the
// vocabularies are read-only package data.
type validator struct{}

// NewValidator returns the DCAT-AP.de 3.0 publish validator. Error
// findings block publishing; a dataset without them exports as RDF that
// passes the official DCAT-AP.de 3.0 SHACL shapes (given the exporter
// writes what the fields say). Warnings report recommended properties and
// GovData conventions.
func NewValidator() catalog.Validator { return validator{} }

// report collects findings for one dataset.
type report struct{ fs []catalog.Finding }

func (r *report) add(sev catalog.Severity, field, code string, missing bool, de, en string) {
	r.fs = append(r.fs, catalog.Finding{Field: field, Severity: sev, Code: code, Missing: missing,
		DE: FieldLabel(field, "de") + ": " + de, EN: FieldLabel(field, "en") + ": " + en})
}

func (r *report) errorf(field, code, de, en string) {
	r.add(catalog.SeverityError, field, code, false, de, en)
}
func (r *report) warnf(field, code, de, en string) {
	r.add(catalog.SeverityWarning, field, code, false, de, en)
}

// missing reports an absent mandatory value.
func (r *report) missing(field string) {
	r.fs = append(r.fs, catalog.Finding{Field: field, Severity: catalog.SeverityError, Code: CodeMissing,
		Missing: true, DE: FieldLabel(field, "de") + " fehlt.", EN: FieldLabel(field, "en") + " is missing."})
}

// recommend reports an absent recommended value, with an optional reason.
func (r *report) recommend(field, whyDE, whyEN string) {
	de, en := FieldLabel(field, "de")+" fehlt (empfohlen).", FieldLabel(field, "en")+" is missing (recommended)."
	if whyDE != "" {
		de, en = de+" "+whyDE, en+" "+whyEN
	}
	r.fs = append(r.fs, catalog.Finding{Field: field, Severity: catalog.SeverityWarning,
		Code: CodeRecommended, DE: de, EN: en})
}

// textLimit refuses over-long free text.
func (r *report) textLimit(field, s string, max int) {
	if n := runes(s); n > max {
		r.errorf(field, CodeTooLong,
			fmt.Sprintf("Der Text ist zu lang (%d Zeichen, höchstens %d).", n, max),
			fmt.Sprintf("the text is too long (%d characters, at most %d).", n, max))
	}
}

// listLimit refuses lists longer than max and reports whether the caller
// should look at the items at all.
func (r *report) listLimit(field string, n, max int) bool {
	if n > max {
		r.errorf(field, CodeTooMany, fmt.Sprintf("Zu viele Einträge (%d, höchstens %d).", n, max),
			fmt.Sprintf("too many entries (%d, at most %d).", n, max))
		return false
	}
	return true
}

func (r *report) url(field, s string) {
	if s != "" && !isHTTPURL(s) {
		r.errorf(field, CodeInvalidURL,
			fmt.Sprintf("„%s“ ist keine gültige Web-Adresse. Bitte eine vollständige Adresse mit http:// oder https:// angeben.", quote(s)),
			fmt.Sprintf("“%s” is not a valid web address. Please give a full address starting with http:// or https://.", quote(s)))
	}
}

func (r *report) iris(field string, list []string) {
	if !r.listLimit(field, len(list), maxListItems) {
		return
	}
	for i, s := range list {
		r.iri(field+"."+strconv.Itoa(i), s)
	}
}

func (r *report) iri(field, s string) {
	if s != "" && !isIRI(s) {
		r.errorf(field, CodeInvalidIRI,
			fmt.Sprintf("„%s“ ist keine gültige IRI (z. B. https://…).", quote(s)),
			fmt.Sprintf("“%s” is not a valid IRI (e.g. https://…).", quote(s)))
	}
}

func (r *report) email(field, s string) {
	if s != "" && !isEmail(s) {
		r.errorf(field, CodeInvalidEmail,
			fmt.Sprintf("„%s“ ist keine gültige E-Mail-Adresse.", quote(s)),
			fmt.Sprintf("“%s” is not a valid e-mail address.", quote(s)))
	}
}

// ValidateDataset checks d against DCAT-AP.de 3.0 and returns findings in
// field order; nil for a nil dataset is never returned: that is an error.
func (validator) ValidateDataset(d *catalog.Dataset) []catalog.Finding {
	r := &report{}
	if d == nil {
		r.missing("title")
		return r.fs
	}
	validateTexts(r, d)
	validateAgents(r, d)
	validateContact(r, d.ContactPoint)
	validateClassification(r, d)
	validateCoverage(r, d)
	validateDatasetLinks(r, d)
	validateDistributions(r, d)
	return r.fs
}

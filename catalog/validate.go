package catalog

// Severity of a validation finding.
type Severity string

const (
	SeverityError   Severity = "error"   // blocks publishing
	SeverityWarning Severity = "warning" // recommended property missing or questionable
)

// Finding is one validation result about one field, in German and English.
type Finding struct {
	Field    string   `json:"field"` // DCAT-ish path, e.g. "title", "distributions.0.license"
	Severity Severity `json:"severity"`
	Code     string   `json:"code"` // stable machine code, e.g. "missing", "unknown_license"
	// Missing marks "a mandatory value is absent": drafts may be saved
	// with such findings, but not published.
	Missing bool   `json:"missing,omitempty"`
	DE      string `json:"de"`
	EN      string `json:"en"`
}

// Validator checks a dataset against DCAT-AP.de. The schemas package
// implements it from the official rules and vocabularies.
type Validator interface {
	ValidateDataset(d *Dataset) []Finding
}

// Errors returns only the blocking findings.
func Errors(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Severity == SeverityError {
			out = append(out, f)
		}
	}
	return out
}

// Normalizer is implemented by validators that can repair spellings the
// vocabularies recognise (https://www.dcat-ap.de/… IRIs, "CSV" for the
// file-type IRI, licence codes). The Service normalises before it
// validates, so a recognisable value is fixed rather than rejected.
type Normalizer interface {
	NormalizeDataset(d *Dataset)
}

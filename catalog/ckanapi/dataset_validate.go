package ckanapi

import "github.com/datenportal/datenportal/catalog"

// findingDict is one DCAT-AP.de finding: field is the CKAN key it
// concerns, dcat_field the domain path the validator names.
type findingDict struct {
	Code      string `json:"code"`
	DCATField string `json:"dcat_field"`
	Field     string `json:"field"`
	MessageDE string `json:"message_de"`
	MessageEN string `json:"message_en"`
}

// datasetValidate (a Datenportal extension) returns the validator's
// findings for a stored dataset: errors block publishing, warnings
// inform. CKAN clients never call it, so the name cannot collide.
func (r *request) datasetValidate() (any, error) {
	id, err := r.p.idParam("id", "name_or_id")
	if err != nil {
		return nil, err
	}
	_, fs, err := r.svc().ValidateDataset(r.ctx, id)
	if err != nil {
		return nil, err
	}
	out := map[string][]findingDict{"errors": {}, "warnings": {}}
	for _, f := range fs {
		fd := findingDict{Code: f.Code, DCATField: f.Field, Field: ckanPath(f.Field, -1), MessageDE: f.DE, MessageEN: f.EN}
		if f.Severity == catalog.SeverityError {
			out["errors"] = append(out["errors"], fd)
		} else {
			out["warnings"] = append(out["warnings"], fd)
		}
	}
	return out, nil
}

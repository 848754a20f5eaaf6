package schemas

import (
	"strconv"
	"strings"
)

// fieldLabels names the fields of catalog.Dataset (by JSON path without
// list indexes) as GovData's forms and the DCAT-AP.de spec name them.
var fieldLabels = map[string][2]string{
	"title":                             {"Titel", "Title"},
	"description":                       {"Beschreibung", "Description"},
	"keywords":                          {"Schlagwort", "Keyword"},
	"themes":                            {"Kategorie", "Category"},
	"publisher":                         {"Veröffentlichende Stelle", "Publisher"},
	"creator":                           {"Autor", "Creator"},
	"originator":                        {"Urheber", "Originator"},
	"maintainer":                        {"Verwalter", "Maintainer"},
	"contributor":                       {"Bearbeiter", "Contributor"},
	"contact_point":                     {"Kontakt", "Contact point"},
	"contact_point.name":                {"Name des Kontakts", "Contact name"},
	"contact_point.email":               {"E-Mail-Adresse des Kontakts", "Contact e-mail address"},
	"contact_point.url":                 {"Kontaktformular (URL)", "Contact form (URL)"},
	"contact_point.telephone":           {"Telefonnummer des Kontakts", "Contact telephone number"},
	"contributor_ids":                   {"Datenbereitsteller-ID", "Contributor ID"},
	"political_geocoding_uris":          {"Geopolitische Abdeckung", "Political geocoding"},
	"political_geocoding_level":         {"Ebene der geopolitischen Abdeckung", "Political geocoding level"},
	"geocoding_description":             {"Beschreibung der geopolitischen Abdeckung", "Geocoding description"},
	"legal_basis":                       {"Rechtsgrundlage", "Legal basis"},
	"quality_process_uri":               {"Qualitätssicherungsprozess", "Quality process"},
	"spatial":                           {"Räumliche Abdeckung", "Spatial coverage"},
	"spatial.iri":                       {"Ort (IRI)", "Place (IRI)"},
	"spatial.bbox":                      {"Begrenzungsrahmen", "Bounding box"},
	"spatial.centroid":                  {"Mittelpunkt", "Centroid"},
	"spatial.geometry":                  {"Geometrie", "Geometry"},
	"temporal":                          {"Zeitraum", "Temporal coverage"},
	"temporal.start":                    {"Beginn des Zeitraums", "Start of period"},
	"temporal.end":                      {"Ende des Zeitraums", "End of period"},
	"accrual_periodicity":               {"Aktualisierungsfrequenz", "Update frequency"},
	"issued":                            {"Veröffentlichungsdatum", "Release date"},
	"modified":                          {"Änderungsdatum", "Modification date"},
	"identifier":                        {"Identifikator", "Identifier"},
	"landing_page":                      {"Webseite", "Landing page"},
	"languages":                         {"Sprache", "Language"},
	"access_rights":                     {"Zugriffsrechte", "Access rights"},
	"conforms_to":                       {"Konform zu Standard", "Conforms to"},
	"version":                           {"Version", "Version"},
	"version_notes":                     {"Versionshinweise", "Version notes"},
	"hvd_categories":                    {"HVD-Kategorie", "HVD category"},
	"applicable_legislation":            {"Anwendbare Rechtsvorschrift", "Applicable legislation"},
	"references":                        {"Referenz", "Reference"},
	"relations":                         {"Verwandte Ressource", "Related resource"},
	"types":                             {"Datensatztyp", "Dataset type"},
	"provenance":                        {"Herkunft", "Provenance"},
	"distributions":                     {"Distribution", "Distribution"},
	"distributions.title":               {"Titel", "Title"},
	"distributions.description":         {"Beschreibung", "Description"},
	"distributions.access_url":          {"Zugangs-URL", "Access URL"},
	"distributions.download_url":        {"Download-URL", "Download URL"},
	"distributions.format":              {"Format", "Format"},
	"distributions.media_type":          {"Medientyp", "Media type"},
	"distributions.byte_size":           {"Dateigröße", "File size"},
	"distributions.checksum":            {"Prüfsumme", "Checksum"},
	"distributions.license":             {"Lizenz", "Licence"},
	"distributions.license_attribution": {"Namensnennung", "Attribution text"},
	"distributions.issued":              {"Veröffentlichungsdatum", "Release date"},
	"distributions.modified":            {"Änderungsdatum", "Modification date"},
	"distributions.availability":        {"Verfügbarkeit", "Availability"},
	"distributions.status":              {"Status", "Status"},
	"distributions.languages":           {"Sprache", "Language"},
	"distributions.conforms_to":         {"Konform zu Standard", "Conforms to"},
	"distributions.page":                {"Dokumentation", "Documentation"},
}

// agentFields are the sub-fields every agent (publisher, creator, …) has.
var agentFields = map[string][2]string{
	"name":     {"Name", "name"},
	"email":    {"E-Mail-Adresse", "e-mail address"},
	"homepage": {"Webseite", "homepage"},
	"type":     {"Art", "type"},
	"iri":      {"IRI", "IRI"},
}

// FieldLabel returns the German ("de") or English label of a field path
// as used in catalog.Finding.Field, e.g. "distributions.0.license" →
// "Lizenz (Distribution 1)" / "Licence (distribution 1)",
// "themes.1" → "Kategorie 2". Unknown paths are returned unchanged.
func FieldLabel(field, lang string) string {
	li := 0
	if strings.HasPrefix(strings.ToLower(lang), "en") {
		li = 1
	}
	var key, dist, item []string
	for i, p := range strings.Split(field, ".") {
		n, err := strconv.Atoi(p)
		switch {
		case err != nil:
			key = append(key, p)
		case i == 1 && len(key) == 1 && key[0] == "distributions":
			dist = append(dist, strconv.Itoa(n+1))
		default:
			item = append(item, strconv.Itoa(n+1))
		}
	}
	k := strings.Join(key, ".")
	label, ok := fieldLabels[k]
	if !ok && len(key) == 2 {
		if a, isAgent := agentFields[key[1]]; isAgent {
			if base, ok2 := fieldLabels[key[0]]; ok2 {
				if li == 0 {
					label, ok = [2]string{a[0] + " (" + base[0] + ")", ""}, true
				} else {
					label, ok = [2]string{"", base[1] + " " + a[1]}, true
				}
			}
		}
	}
	if !ok {
		return field
	}
	out := label[li]
	if len(item) > 0 {
		out += " " + strings.Join(item, ".")
	}
	if len(dist) > 0 && k != "distributions" {
		if li == 0 {
			out += " (Distribution " + dist[0] + ")"
		} else {
			out += " (distribution " + dist[0] + ")"
		}
	} else if len(dist) > 0 {
		out += " " + dist[0]
	}
	return out
}

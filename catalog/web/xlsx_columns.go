package web

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/schemas"
)

// The Excel metadata list has one row per dataset. Its columns are the
// DCAT-AP.de fields a data officer fills in by hand; the organisation
// supplies the rest (publisher, contributor ID, default licence).

// cellError is a message about one cell.
type cellError struct{ DE, EN string }

func cellErrf(de, en string, args ...any) *cellError {
	return &cellError{DE: fmt.Sprintf(de, args...), EN: fmt.Sprintf(en, args...)}
}

// column is one column of the list.
type column struct {
	Key     string
	DE, EN  string   // header in the template
	Aliases []string // other spellings found in real lists
	DocDE   string
	DocEN   string
	Example string
	List    string  // drop-down list: license, theme, frequency, geolevel, yesno
	Width   float64 // column width in the template
	// get renders the field for export; set parses a cell ("" clears).
	// Distribution columns (url, format, license) are applied together
	// by applyDistributionCells instead.
	get func(d *catalog.Dataset) any
	set func(d *catalog.Dataset, v string) *cellError
}

var columns = []*column{
	{Key: "name", DE: "Name (URL)", EN: "Name (URL)", Width: 28,
		Aliases: []string{"name", "kurzname", "kennung", "url name", "slug", "bezeichner", "datensatz id", "id"},
		DocDE:   "Kurzname in der Adresse des Datensatzes: Kleinbuchstaben, Ziffern, - und _. Leer: wird aus dem Titel gebildet. Ein vorhandener Name aktualisiert den Datensatz.",
		DocEN:   "Short name in the dataset's address: lower-case letters, digits, - and _. Empty: made from the title. An existing name updates that dataset.",
		Example: "baumkataster",
		get:     func(d *catalog.Dataset) any { return d.Name },
		set:     func(d *catalog.Dataset, v string) *cellError { d.Name = strings.ToLower(v); return nil }},
	{Key: "title", DE: "Titel", EN: "Title", Width: 40,
		Aliases: []string{"titel", "title", "bezeichnung", "name des datensatzes", "datensatz", "datensatzname", "ueberschrift", "datensatztitel"},
		DocDE:   "Pflichtfeld. Aussagekräftiger Titel.", DocEN: "Required. A meaningful title.", Example: "Baumkataster der Stadt Musterstadt",
		get: func(d *catalog.Dataset) any { return d.Title },
		set: func(d *catalog.Dataset, v string) *cellError { d.Title = v; return nil }},
	{Key: "description", DE: "Beschreibung", EN: "Description", Width: 60,
		Aliases: []string{"beschreibung", "description", "inhalt", "erlaeuterung", "kurzbeschreibung", "notes"},
		DocDE:   "Pflichtfeld. Was steht in den Daten, woher kommen sie?", DocEN: "Required. What is in the data, where does it come from?",
		Example: "Alle Straßenbäume mit Art, Pflanzjahr und Standort.",
		get:     func(d *catalog.Dataset) any { return d.Description },
		set:     func(d *catalog.Dataset, v string) *cellError { d.Description = v; return nil }},
	{Key: "keywords", DE: "Schlagwörter", EN: "Keywords", Width: 30,
		Aliases: []string{"schlagwoerter", "schlagworte", "schlagwort", "stichwoerter", "stichworte", "tags", "keywords", "keyword"},
		DocDE:   "Durch Semikolon oder Komma getrennt.", DocEN: "Separated by semicolons or commas.", Example: "Bäume; Umwelt; Stadtgrün",
		get: func(d *catalog.Dataset) any { return strings.Join(d.Keywords, "; ") },
		set: func(d *catalog.Dataset, v string) *cellError { d.Keywords = splitList(v); return nil }},
	{Key: "themes", DE: "Kategorien", EN: "Categories", Width: 34, List: "theme",
		Aliases: []string{"kategorien", "kategorie", "thema", "themen", "themes", "theme", "groups", "gruppe", "gruppen", "datenkategorie"},
		DocDE:   "Eine oder mehrere EU-Datenkategorien, mit Semikolon getrennt (Liste im Blatt „Listen“).",
		DocEN:   "One or more EU data themes, separated by semicolons (list in the sheet “Listen”).", Example: "Umwelt",
		get: func(d *catalog.Dataset) any { return joinLabels(d.Themes, "theme") },
		set: setThemes},
	{Key: "license", DE: "Lizenz", EN: "Licence", Width: 40, List: "license",
		Aliases: []string{"lizenz", "license", "licence", "nutzungsbedingungen", "lizenzen"},
		DocDE:   "Gilt für alle Dateien und Links des Datensatzes. Leer: Standardlizenz der Organisation.",
		DocEN:   "Applies to all files and links of the dataset. Empty: the organisation's default licence.",
		Example: "Datenlizenz Deutschland – Namensnennung – Version 2.0",
		get:     func(d *catalog.Dataset) any { return firstDistLabel(d, "license") }},
	{Key: "frequency", DE: "Aktualisierung", EN: "Update frequency", Width: 20, List: "frequency",
		Aliases: []string{"aktualisierung", "aktualisierungsfrequenz", "aktualisierungsintervall", "aktualisierungsrhythmus", "frequenz", "periodizitaet", "frequency", "accrual periodicity", "turnus", "update frequency"},
		DocDE:   "Wie oft die Daten aktualisiert werden (Liste).", DocEN: "How often the data is updated (list).", Example: "jährlich",
		get: func(d *catalog.Dataset) any { return vocabLabel("frequency", d.AccrualPeriodicity, "de") },
		set: func(d *catalog.Dataset, v string) *cellError {
			return setVocab(&d.AccrualPeriodicity, v, schemas.NormalizeFrequency, "Aktualisierung", "update frequency")
		}},
	{Key: "issued", DE: "Veröffentlicht am", EN: "Issued", Width: 16,
		Aliases: []string{"veroeffentlicht am", "veroeffentlicht", "veroeffentlichungsdatum", "erstellt", "erstellt am", "issued", "erstellungsdatum"},
		DocDE:   "Datum, z. B. 01.03.2025, 2025-03-01, 03/2025 oder 2025.", DocEN: "Date, e.g. 01.03.2025, 2025-03-01, 03/2025 or 2025.", Example: "01.03.2025",
		get: func(d *catalog.Dataset) any { return exportDate(d.Issued) },
		set: func(d *catalog.Dataset, v string) *cellError { return setDate(&d.Issued, v) }},
	{Key: "modified", DE: "Geändert am", EN: "Modified", Width: 16,
		Aliases: []string{"geaendert am", "geaendert", "aenderungsdatum", "aktualisiert am", "stand", "letzte aenderung", "modified", "datenstand"},
		DocDE:   "Datum der letzten Änderung der Daten.", DocEN: "Date the data last changed.", Example: "15.01.2026",
		get: func(d *catalog.Dataset) any { return exportDate(d.Modified) },
		set: func(d *catalog.Dataset, v string) *cellError { return setDate(&d.Modified, v) }},
	{Key: "temporal_start", DE: "Zeitraum von", EN: "Period from", Width: 14,
		Aliases: []string{"zeitraum von", "zeitraum beginn", "von", "beginn", "start", "gueltig ab", "zeitlicher bezug von", "period from"},
		DocDE:   "Beginn des Zeitraums, den die Daten abdecken.", DocEN: "Start of the period the data covers.", Example: "2020",
		get: func(d *catalog.Dataset) any { return exportDate(periodDate(d, true)) },
		set: func(d *catalog.Dataset, v string) *cellError { return setPeriod(d, v, true) }},
	{Key: "temporal_end", DE: "Zeitraum bis", EN: "Period to", Width: 14,
		Aliases: []string{"zeitraum bis", "zeitraum ende", "bis", "ende", "end", "gueltig bis", "zeitlicher bezug bis", "period to"},
		DocDE:   "Ende des Zeitraums.", DocEN: "End of the period.", Example: "31.12.2025",
		get: func(d *catalog.Dataset) any { return exportDate(periodDate(d, false)) },
		set: func(d *catalog.Dataset, v string) *cellError { return setPeriod(d, v, false) }},
	{Key: "contact_name", DE: "Kontakt Name", EN: "Contact name", Width: 24,
		Aliases: []string{"kontakt name", "kontakt", "ansprechperson", "ansprechpartner", "ansprechpartnerin", "kontaktperson", "contact", "contact name", "zustaendige stelle"},
		DocDE:   "Stelle oder Person für Rückfragen.", DocEN: "Office or person to ask.", Example: "Grünflächenamt",
		get: func(d *catalog.Dataset) any { return contact(d).Name },
		set: func(d *catalog.Dataset, v string) *cellError {
			setContact(d, func(c *catalog.ContactPoint) { c.Name = v })
			return nil
		}},
	{Key: "contact_email", DE: "Kontakt E-Mail", EN: "Contact e-mail", Width: 28,
		Aliases: []string{"kontakt e mail", "kontakt email", "e mail", "email", "mail", "e mail adresse", "contact email", "kontakt mail"},
		DocDE:   "E-Mail-Adresse für Rückfragen.", DocEN: "E-mail address for questions.", Example: "gruen@musterstadt.de",
		get: func(d *catalog.Dataset) any { return contact(d).Email },
		set: func(d *catalog.Dataset, v string) *cellError {
			setContact(d, func(c *catalog.ContactPoint) { c.Email = v })
			return nil
		}},
	{Key: "landing_page", DE: "Webseite", EN: "Landing page", Width: 30,
		Aliases: []string{"webseite", "website", "landing page", "landingpage", "homepage", "weitere informationen", "info url", "informationsseite"},
		DocDE:   "Webseite mit weiteren Informationen.", DocEN: "Web page with more information.", Example: "https://www.musterstadt.de/baeume",
		get: func(d *catalog.Dataset) any { return d.LandingPage },
		set: func(d *catalog.Dataset, v string) *cellError { d.LandingPage = v; return nil }},
	{Key: "geo_level", DE: "Verwaltungsebene", EN: "Administrative level", Width: 20, List: "geolevel",
		Aliases: []string{"verwaltungsebene", "ebene", "politische ebene", "geocoding level", "ebene der geopolitischen abdeckung"},
		DocDE:   "Ebene der geopolitischen Abdeckung (Liste).", DocEN: "Political geocoding level (list).", Example: "Kommune",
		get: func(d *catalog.Dataset) any { return vocabLabel("geolevel", d.PoliticalGeocodingLevel, "de") },
		set: func(d *catalog.Dataset, v string) *cellError {
			return setVocab(&d.PoliticalGeocodingLevel, v, schemas.NormalizeGeocodingLevel, "Verwaltungsebene", "administrative level")
		}},
	{Key: "geo_uri", DE: "Gebietsschlüssel", EN: "Area key", Width: 26,
		Aliases: []string{"gebietsschluessel", "geopolitische abdeckung", "ags", "ars", "regionalschluessel", "gemeindeschluessel", "political geocoding"},
		DocDE:   "Amtlicher Gemeindeschlüssel (8 Ziffern), Regionalschlüssel (12 Ziffern) oder die dcat-ap.de-Adresse.",
		DocEN:   "Official municipality key (8 digits), regional key (12 digits) or the dcat-ap.de address.", Example: "05315000",
		get: func(d *catalog.Dataset) any { return strings.Join(d.PoliticalGeocodingURIs, "; ") },
		set: setGeoURIs},
	{Key: "url", DE: "Download-URL", EN: "Download URL", Width: 40,
		Aliases: []string{"download url", "downloadurl", "download", "url", "link", "datei url", "url der ressource", "ressource", "zugangs url", "access url", "datei", "link zu den daten"},
		DocDE:   "Link auf die Daten. Ist er neu, wird er als Distribution hinzugefügt; vorhandene Dateien und Links bleiben.",
		DocEN:   "Link to the data. A new link is added as a distribution; existing files and links stay.",
		Example: "https://www.musterstadt.de/daten/baeume.csv",
		get:     func(d *catalog.Dataset) any { return "" }}, // written by buildWorkbook, which knows the base URL
	{Key: "format", DE: "Format", EN: "Format", Width: 12,
		Aliases: []string{"format", "dateiformat", "dateityp", "file type", "datenformat"},
		DocDE:   "Format des Links, z. B. CSV. Leer: aus der Adresse erkannt.", DocEN: "Format of the link, e.g. CSV. Empty: detected from the address.", Example: "CSV",
		get: func(d *catalog.Dataset) any { return firstDistLabel(d, "format") }},
	{Key: "private", DE: "Privat", EN: "Private", Width: 10, List: "yesno",
		Aliases: []string{"privat", "private", "nicht oeffentlich", "intern"},
		DocDE:   "ja: nur für Mitglieder der Organisation sichtbar.", DocEN: "yes: visible to members of the organisation only.", Example: "nein",
		get: func(d *catalog.Dataset) any { return yesNo(d.Private) },
		set: func(d *catalog.Dataset, v string) *cellError { return setBool(&d.Private, v) }},
	{Key: "draft", DE: "Entwurf", EN: "Draft", Width: 10, List: "yesno",
		Aliases: []string{"entwurf", "draft"},
		DocDE:   "ja: als Entwurf speichern (Pflichtangaben dürfen fehlen, nicht öffentlich).", DocEN: "yes: save as a draft (required fields may be missing, not public).", Example: "nein",
		get: func(d *catalog.Dataset) any { return yesNo(d.State == catalog.StateDraft) },
		set: func(d *catalog.Dataset, v string) *cellError {
			var draft bool
			if e := setBool(&draft, v); e != nil {
				return e
			}
			d.State = catalog.StateActive
			if draft {
				d.State = catalog.StateDraft
			}
			return nil
		}},
}

var columnByKey = func() map[string]*column {
	m := map[string]*column{}
	for _, c := range columns {
		m[c.Key] = c
	}
	return m
}()

// headerIndex maps normalised header spellings to columns, each also
// without spaces ("Schlag-Wörter" meets "Schlagwörter").
var headerIndex = func() map[string]*column {
	m := map[string]*column{}
	for _, c := range columns {
		for _, h := range append([]string{c.DE, c.EN, c.Key}, c.Aliases...) {
			k := normHeader(h)
			for _, key := range []string{k, strings.ReplaceAll(k, " ", "")} {
				if _, dup := m[key]; !dup && key != "" {
					m[key] = c
				}
			}
		}
	}
	return m
}()

var (
	nonAlnum = regexp.MustCompile(`[^a-z0-9]+`)
	parens   = regexp.MustCompile(`\([^)]*\)|\[[^\]]*\]`)
)

// normHeader folds case, umlauts, punctuation and spacing, so "E-Mail",
// "e_mail" and " EMail " meet.
func normHeader(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "*", "").Replace(s)
	return strings.TrimSpace(nonAlnum.ReplaceAllString(s, " "))
}

// matchHeader finds the column for a header text: as written, then without
// parenthesised notes ("Titel (Pflichtfeld)"), then with its first or last
// word moved ("E-Mail Kontakt" for "Kontakt E-Mail").
func matchHeader(h string) *column {
	for _, k := range []string{normHeader(h), normHeader(parens.ReplaceAllString(h, " "))} {
		if k == "" {
			continue
		}
		f := strings.Fields(k)
		cands := []string{k, strings.Join(f, "")}
		if len(f) > 1 {
			cands = append(cands, strings.Join(append(f[len(f)-1:], f[:len(f)-1]...), " "),
				strings.Join(append(append([]string{}, f[1:]...), f[0]), " "))
		}
		for _, c := range cands {
			if col := headerIndex[c]; col != nil {
				return col
			}
		}
	}
	return nil
}

func joinLabels(iris []string, kind string) string {
	var out []string
	for _, i := range iris {
		out = append(out, vocabLabel(kind, i, "de"))
	}
	return strings.Join(out, "; ")
}

func setThemes(d *catalog.Dataset, v string) *cellError {
	d.Themes = nil
	for _, t := range splitList(v) {
		iri, ok := schemas.NormalizeTheme(t)
		if !ok {
			return cellErrf("Unbekannte Kategorie „%s“. Erlaubt sind die 13 EU-Datenkategorien (Blatt „Listen“).",
				"Unknown category “%s”. Allowed are the 13 EU data themes (sheet “Listen”).", t)
		}
		if !containsStr(d.Themes, iri) {
			d.Themes = append(d.Themes, iri)
		}
	}
	return nil
}

func setVocab(dst *string, v string, norm func(string) (string, bool), de, en string) *cellError {
	if v == "" {
		*dst = ""
		return nil
	}
	iri, ok := norm(v)
	if !ok {
		return &cellError{DE: fmt.Sprintf("Unbekannter Wert „%s“ für %s (siehe Blatt „Listen“).", v, de),
			EN: fmt.Sprintf("Unknown value “%s” for %s (see sheet “Listen”).", v, en)}
	}
	*dst = iri
	return nil
}

// parseCellDate reads what a date cell holds: with raw cell values, Excel
// dates arrive as serial numbers ("45717"), typed dates as text in any
// shape ParseDate knows ("01.03.2025"). Whole numbers that look like a
// year are years.
func parseCellDate(v string) (*catalog.Date, *cellError) {
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		if n == float64(int(n)) && n >= 1000 && n <= 2999 {
			return &catalog.Date{Time: time.Date(int(n), 1, 1, 0, 0, 0, 0, time.UTC), Precision: catalog.PrecisionYear}, nil
		}
		if n >= 1 && n < 2958466 { // Excel's last day is 9999-12-31
			if t, err := excelize.ExcelDateToTime(n, false); err == nil {
				p := catalog.PrecisionDate
				if n != float64(int(n)) {
					p = catalog.PrecisionDateTime
				}
				return &catalog.Date{Time: t.UTC(), Precision: p}, nil
			}
		}
	}
	d, err := catalog.ParseDate(v)
	if err != nil {
		return nil, cellErrf("„%s“ ist kein Datum. Bitte z. B. 01.03.2025 oder 2025 eintragen.", "“%s” is not a date. Please enter e.g. 01.03.2025 or 2025.", v)
	}
	return d, nil
}

func setDate(dst **catalog.Date, v string) *cellError {
	if v == "" {
		*dst = nil
		return nil
	}
	d, e := parseCellDate(v)
	if e != nil {
		return e
	}
	*dst = d
	return nil
}

func periodDate(d *catalog.Dataset, start bool) *catalog.Date {
	if len(d.Temporal) == 0 {
		return nil
	}
	if start {
		return d.Temporal[0].Start
	}
	return d.Temporal[0].End
}

func setPeriod(d *catalog.Dataset, v string, start bool) *cellError {
	var x *catalog.Date
	if e := setDate(&x, v); e != nil {
		return e
	}
	if len(d.Temporal) == 0 {
		if x == nil {
			return nil
		}
		d.Temporal = []catalog.PeriodOfTime{{}}
	} else {
		d.Temporal = append([]catalog.PeriodOfTime(nil), d.Temporal...)
	}
	if start {
		d.Temporal[0].Start = x
	} else {
		d.Temporal[0].End = x
	}
	if d.Temporal[0].Start == nil && d.Temporal[0].End == nil {
		d.Temporal = d.Temporal[1:]
	}
	return nil
}

// exportDate writes a date as an Excel date when it is a day, so that it
// shows as a date and reads back as one; other precisions stay text.
func exportDate(d *catalog.Date) any {
	if d == nil {
		return ""
	}
	if d.Precision == catalog.PrecisionDate {
		return d.Time
	}
	return formDate(d)
}

func contact(d *catalog.Dataset) catalog.ContactPoint {
	if d.ContactPoint == nil {
		return catalog.ContactPoint{}
	}
	return *d.ContactPoint
}

func setContact(d *catalog.Dataset, f func(*catalog.ContactPoint)) {
	c := contact(d)
	f(&c)
	if c == (catalog.ContactPoint{}) {
		d.ContactPoint = nil
		return
	}
	d.ContactPoint = &c
}

var digitsOnly = regexp.MustCompile(`^[0-9]+$`)

// geoKeyIRI turns a bare municipality key (AGS, 8 digits, 7 without the
// leading zero) or regional key (ARS, 12 or 11 digits) into its
// dcat-ap.de geocoding IRI; anything else is returned as it is.
func geoKeyIRI(s string) string {
	if digitsOnly.MatchString(s) {
		switch len(s) {
		case 7, 8:
			return schemas.GeocodingBase + "municipalityKey/" + fmt.Sprintf("%08s", s)
		case 11, 12:
			return schemas.GeocodingBase + "regionalKey/" + fmt.Sprintf("%012s", s)
		}
	}
	return s
}

// setGeoURIs accepts dcat-ap.de geocoding IRIs and the bare keys that
// municipal lists carry: an 8-digit AGS or a 12-digit ARS. Excel drops
// leading zeros of numbers, so a 7- or 11-digit key gets its zero back.
func setGeoURIs(d *catalog.Dataset, v string) *cellError {
	d.PoliticalGeocodingURIs = nil
	for _, s := range splitList(v) {
		iri := geoKeyIRI(s)
		if !schemas.IsGeocodingURI(iri) {
			return cellErrf("„%s“ ist kein Gebietsschlüssel (8-stelliger AGS, 12-stelliger ARS oder dcat-ap.de-Adresse).",
				"“%s” is not an area key (8-digit AGS, 12-digit ARS or dcat-ap.de address).", s)
		}
		d.PoliticalGeocodingURIs = append(d.PoliticalGeocodingURIs, iri)
	}
	return nil
}

func yesNo(b bool) string {
	if b {
		return "ja"
	}
	return "nein"
}

func setBool(dst *bool, v string) *cellError {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "nein", "n", "no", "false", "falsch", "0", "-":
		*dst = false
	case "ja", "j", "yes", "y", "true", "wahr", "1", "x":
		*dst = true
	default:
		return cellErrf("„%s“: bitte „ja“ oder „nein“ eintragen.", "“%s”: please enter “ja” (yes) or “nein” (no).", v)
	}
	return nil
}

// firstDistLabel is the licence or format of the first distribution, for
// the export's one-row-per-dataset shape.
func firstDistLabel(d *catalog.Dataset, what string) string {
	for _, r := range d.Distributions {
		switch {
		case what == "license" && r.License != "":
			return vocabLabel("license", r.License, "de")
		case what == "format" && r.Format != "":
			return vocabLabel("format", r.Format, "de")
		}
	}
	return ""
}

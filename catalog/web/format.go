package web

import (
	"strconv"
	"strings"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/schemas"
)

var monthsDE = [...]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
	"August", "September", "Oktober", "November", "Dezember"}

// formatDate writes a date the way readers of the language expect it,
// in the precision it has: "17.05.2024", "Mai 2024", "2024".
func formatDate(d catalog.Date, lang string) string {
	t := d.Time
	switch d.Precision {
	case catalog.PrecisionYear:
		return t.Format("2006")
	case catalog.PrecisionYearMonth:
		if lang == "en" {
			return t.Format("January 2006")
		}
		return monthsDE[t.Month()-1] + " " + t.Format("2006")
	case catalog.PrecisionDate:
		if lang == "en" {
			return t.Format("2 Jan 2006")
		}
		return t.Format("02.01.2006")
	}
	if lang == "en" {
		return t.Format("2 Jan 2006, 15:04 UTC")
	}
	return t.Format("02.01.2006, 15:04 UTC")
}

// humanBytes formats a size with decimal units (as file managers show
// them) and the language's decimal separator: "1,5 MB" / "1.5 MB".
func humanBytes(n int64, lang string) string {
	if n < 1000 {
		if lang == "en" {
			return strconv.FormatInt(n, 10) + " bytes"
		}
		return strconv.FormatInt(n, 10) + " Byte"
	}
	units := []string{"kB", "MB", "GB", "TB", "PB", "EB"}
	f := float64(n)
	i := -1
	for f >= 1000 && i < len(units)-1 {
		f /= 1000
		i++
	}
	s := strconv.FormatFloat(f, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + " " + units[i]
}

// formatInt groups thousands: "12.345" in German, "12,345" in English.
func formatInt(n int, lang string) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := "."
	if lang == "en" {
		sep = ","
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// vocabLabel names a controlled-vocabulary value. Unknown values are shown
// as they are (harvested records carry all sorts of things).
func vocabLabel(kind, iri, lang string) string {
	if iri == "" {
		return ""
	}
	var c schemas.Concept
	ok := false
	switch kind {
	case "theme":
		c, ok = schemas.ThemeByIRI(iri)
	case "license":
		var l schemas.License
		l, ok = schemas.LicenseByIRI(iri)
		c = l.Concept
	case "format":
		if label := schemas.FileTypeLabel(iri); label != "" {
			return label
		}
	case "frequency":
		c, ok = schemas.Frequencies().ByIRI(iri)
	case "geolevel":
		c, ok = schemas.GeocodingLevelVocabulary().ByIRI(iri)
	case "access":
		c, ok = schemas.AccessRights().ByIRI(iri)
	case "language":
		c, ok = schemas.Languages().ByIRI(iri)
	case "contributor":
		c, ok = schemas.ContributorByIRI(iri)
	case "availability":
		c, ok = schemas.Availabilities().ByIRI(iri)
	case "status":
		c, ok = schemas.DistributionStatuses().ByIRI(iri)
	case "publishertype":
		c, ok = schemas.PublisherTypes().ByIRI(iri)
	}
	if ok {
		return c.Label(lang)
	}
	return iri
}

// fieldLabel is the DCAT-AP.de field name (schemas.FieldLabel) with a
// fallback for the few web-only names.
func fieldLabel(name, lang string) string {
	return schemas.FieldLabel(name, lang)
}

// facetLabel names a facet value for the sidebar: facet values are the
// search index's normalised ids (theme codes, licence ids, format codes).
func facetLabel(field, value, lang string, orgs map[string]*catalog.Organization) string {
	switch field {
	case "organization":
		if o := orgs[value]; o != nil {
			return o.Title
		}
	case "groups":
		if c, ok := schemas.ThemeByCode(value); ok {
			return c.Label(lang)
		}
	case "license_id":
		if l, ok := schemas.LicenseByIRI(schemas.LicenseBase + value); ok {
			return l.Label(lang)
		}
	case "res_format":
		if label := schemas.FileTypeLabel(schemas.FileTypeBase + value); label != "" {
			return label
		}
	case "geocoding_level":
		for _, c := range schemas.GeocodingLevels() {
			if strings.EqualFold(c.Code, value) {
				return c.Label(lang)
			}
		}
	}
	return value
}

package web

import (
	"sort"
	"strings"

	"github.com/datenportal/datenportal/schemas"
)

// option is one entry of a select or checkbox list.
type option struct {
	Value, Label string
	Selected     bool
}

// optgroup groups options; Label "" means no group element.
type optgroup struct {
	Label   string
	Options []option
}

// concepts turns vocabulary concepts into options in the page language,
// with a value that is not in the vocabulary kept (and shown as it is),
// so that saving a harvested or imported record never loses it.
func concepts(cs []schemas.Concept, selected []string, lang string) []option {
	sel := map[string]bool{}
	for _, s := range selected {
		sel[s] = true
	}
	var out []option
	for _, c := range cs {
		out = append(out, option{Value: c.IRI, Label: c.Label(lang), Selected: sel[c.IRI]})
		delete(sel, c.IRI)
	}
	for _, s := range selected {
		if sel[s] && s != "" {
			out = append(out, option{Value: s, Label: s, Selected: true})
			delete(sel, s)
		}
	}
	return out
}

func byLabel(opts []option) []option {
	sort.SliceStable(opts, func(i, j int) bool { return strings.ToLower(opts[i].Label) < strings.ToLower(opts[j].Label) })
	return opts
}

func themeOptions(sel []string, lang string) []option {
	return concepts(schemas.Themes(), sel, lang)
}

func frequencyOptions(sel, lang string) []option {
	return byLabel(concepts(schemas.Frequencies().All(), []string{sel}, lang))
}

func geoLevelOptions(sel, lang string) []option {
	return concepts(schemas.GeocodingLevels(), []string{sel}, lang)
}

func accessOptions(sel, lang string) []option {
	return concepts(schemas.AccessRights().All(), []string{sel}, lang)
}

func languageOptions(sel []string, lang string) []option {
	opts := concepts(schemas.Languages().All(), sel, lang)
	// German and English first: almost every municipal dataset is one of them.
	sort.SliceStable(opts, func(i, j int) bool { return langRank(opts[i].Value) < langRank(opts[j].Value) })
	return opts
}

func langRank(iri string) int {
	switch {
	case strings.HasSuffix(iri, "/DEU"):
		return 0
	case strings.HasSuffix(iri, "/ENG"):
		return 1
	}
	return 2
}

// recommendedLicenses are the licences the GovData guidelines recommend
// for open government data; they head the list.
var recommendedLicenses = []string{
	schemas.LicenseBase + "dl-by-de/2.0", schemas.LicenseBase + "dl-zero-de/2.0",
	schemas.LicenseBase + "cc-by/4.0", schemas.LicenseBase + "cc-zero",
}

func licenseGroups(sel, lang string) []optgroup {
	var all []schemas.Concept
	for _, l := range schemas.Licenses() {
		all = append(all, l.Concept)
	}
	opts := byLabel(concepts(all, []string{sel}, lang))
	rec := optgroup{Label: msgLang(lang, "Empfohlen", "Recommended")}
	rest := optgroup{Label: msgLang(lang, "Alle Lizenzen", "All licences")}
	for _, iri := range recommendedLicenses {
		for _, o := range opts {
			if o.Value == iri {
				rec.Options = append(rec.Options, option{Value: o.Value, Label: o.Label})
			}
		}
	}
	rest.Options = opts
	return []optgroup{rec, rest}
}

// commonFormats head the format list; the EU list has ~200 entries.
var commonFormats = []string{"CSV", "XLSX", "JSON", "GEOJSON", "XML", "PDF", "ZIP", "ODS", "SHP",
	"KML", "GPKG", "WMS_SRVC", "WFS_SRVC", "HTML", "TXT", "RDF_TURTLE"}

func formatGroups(sel, lang string) []optgroup {
	var common, all []option
	for _, ft := range schemas.FileTypes() {
		label := schemas.FileTypeLabel(ft.IRI)
		if d := ft.Label(lang); d != "" && !strings.EqualFold(d, label) {
			label += " – " + d
		}
		o := option{Value: ft.IRI, Label: label, Selected: ft.IRI == sel}
		all = append(all, o)
		for _, c := range commonFormats {
			if ft.Code == c {
				o.Selected = false // selected once, in the full list
				common = append(common, o)
			}
		}
	}
	if sel != "" && !containsOption(all, sel) {
		all = append(all, option{Value: sel, Label: sel, Selected: true})
	}
	sort.SliceStable(common, func(i, j int) bool { return strings.ToLower(common[i].Label) < strings.ToLower(common[j].Label) })
	return []optgroup{
		{Label: msgLang(lang, "Häufig", "Common"), Options: common},
		{Label: msgLang(lang, "Alle Formate", "All formats"), Options: byLabel(all)},
	}
}

func containsOption(opts []option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

func msgLang(lang, de, en string) string {
	if lang == "en" {
		return en
	}
	return de
}

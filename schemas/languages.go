package schemas

import "strings"

// The EU language NAL is not bundled: its only machine-readable form is a
// > 4 MB RDF file that was not available as a copy (see vocab/README.md).
// This hand-made table holds the languages a German municipal portal
// meets: the EU official languages, the recognised minority languages of
// Germany (Sorbian, Low German, Frisian, Romani) and the largest migrant
// languages. Codes are the NAL's (ISO 639-3 / 639-2/T); aliases give the
// ISO 639-1 and 639-2/B spellings that catalogues also write.
var languages = hand("language", LanguageBase, [][3]string{
	{"DEU", "Deutsch", "German"}, {"ENG", "Englisch", "English"},
	{"FRA", "Französisch", "French"}, {"SPA", "Spanisch", "Spanish"},
	{"ITA", "Italienisch", "Italian"}, {"NLD", "Niederländisch", "Dutch"},
	{"POL", "Polnisch", "Polish"}, {"DAN", "Dänisch", "Danish"},
	{"CES", "Tschechisch", "Czech"}, {"SWE", "Schwedisch", "Swedish"},
	{"FIN", "Finnisch", "Finnish"}, {"POR", "Portugiesisch", "Portuguese"},
	{"ELL", "Griechisch", "Greek"}, {"HUN", "Ungarisch", "Hungarian"},
	{"RON", "Rumänisch", "Romanian"}, {"BUL", "Bulgarisch", "Bulgarian"},
	{"HRV", "Kroatisch", "Croatian"}, {"SLK", "Slowakisch", "Slovak"},
	{"SLV", "Slowenisch", "Slovenian"}, {"EST", "Estnisch", "Estonian"},
	{"LAV", "Lettisch", "Latvian"}, {"LIT", "Litauisch", "Lithuanian"},
	{"GLE", "Irisch", "Irish"}, {"MLT", "Maltesisch", "Maltese"},
	{"LTZ", "Luxemburgisch", "Luxembourgish"}, {"NOR", "Norwegisch", "Norwegian"},
	{"DSB", "Niedersorbisch", "Lower Sorbian"}, {"HSB", "Obersorbisch", "Upper Sorbian"},
	{"NDS", "Niederdeutsch", "Low German"}, {"FRR", "Nordfriesisch", "Northern Frisian"},
	{"STQ", "Saterfriesisch", "Saterland Frisian"}, {"ROM", "Romani", "Romany"},
	{"TUR", "Türkisch", "Turkish"}, {"ARA", "Arabisch", "Arabic"},
	{"RUS", "Russisch", "Russian"}, {"UKR", "Ukrainisch", "Ukrainian"},
	{"FAS", "Persisch", "Persian"}, {"KUR", "Kurdisch", "Kurdish"},
	{"SRP", "Serbisch", "Serbian"}, {"BOS", "Bosnisch", "Bosnian"},
	{"SQI", "Albanisch", "Albanian"}, {"ZHO", "Chinesisch", "Chinese"},
	{"VIE", "Vietnamesisch", "Vietnamese"},
})

func init() {
	for alias, code := range map[string]string{
		"de": "DEU", "ger": "DEU", "en": "ENG", "fr": "FRA", "fre": "FRA", "es": "SPA",
		"it": "ITA", "nl": "NLD", "dut": "NLD", "pl": "POL", "da": "DAN", "cs": "CES",
		"cze": "CES", "sv": "SWE", "fi": "FIN", "pt": "POR", "el": "ELL", "gre": "ELL",
		"hu": "HUN", "ro": "RON", "rum": "RON", "bg": "BUL", "hr": "HRV", "sk": "SLK",
		"slo": "SLK", "sl": "SLV", "et": "EST", "lv": "LAV", "lt": "LIT", "ga": "GLE",
		"mt": "MLT", "lb": "LTZ", "no": "NOR", "tr": "TUR", "ar": "ARA", "ru": "RUS",
		"uk": "UKR", "fa": "FAS", "per": "FAS", "ku": "KUR", "sr": "SRP", "bs": "BOS",
		"sq": "SQI", "alb": "SQI", "zh": "ZHO", "chi": "ZHO", "vi": "VIE",
		"de-de": "DEU", "de_de": "DEU", "en-gb": "ENG", "en-us": "ENG",
	} {
		languages.alias(alias, LanguageBase+code)
	}
}

// Languages returns the embedded language table.
func Languages() *Vocabulary { return languages }

// NormalizeLanguage maps "de", "deu", "GER", "Deutsch", "German",
// "…/language/GER" or an EU language IRI variant to the EU language IRI
// (http://publications.europa.eu/resource/authority/language/DEU).
func NormalizeLanguage(s string) (string, bool) {
	if code, ok := afterBase(strings.TrimSpace(s), LanguageBase); ok {
		s = code
	}
	return languages.Normalize(s)
}

// LanguageTag returns the BCP 47 tag ("de") for a language IRI, for
// rdf:langString literals and HTML lang attributes; "" if unknown.
func LanguageTag(iri string) string {
	c, ok := languages.ByIRI(iri)
	if !ok {
		return ""
	}
	best := ""
	for k, i := range languages.byKey {
		if languages.list[i].IRI == c.IRI && len(k) == 2 && (best == "" || k < best) {
			best = k
		}
	}
	return best
}

package vocabgen

// The source files give licences only German names and the EU code-list
// extracts (copied from a Norwegian project) only English and Norwegian
// ones. The web UI is German first, English second, so the missing half is
// written here by hand, following the official EU NAL wording where known.

var licenseEN = map[string]string{
	"apache":           "Apache Software Foundation free software licence",
	"bsd":              "BSD licence",
	"cc-by":            "Creative Commons Attribution (CC BY)",
	"cc-by/4.0":        "Creative Commons Attribution 4.0 International (CC BY 4.0)",
	"cc-by-de/3.0":     "Creative Commons Attribution 3.0 Germany (CC BY 3.0 DE)",
	"cc-by-nc":         "Creative Commons Attribution-NonCommercial (CC BY-NC)",
	"cc-by-nc-de/3.0":  "Creative Commons Attribution-NonCommercial 3.0 Germany (CC BY-NC 3.0 DE)",
	"cc-by-nc/4.0":     "Creative Commons Attribution-NonCommercial 4.0 International (CC BY-NC 4.0)",
	"cc-by-nd":         "Creative Commons Attribution-NoDerivatives (CC BY-ND)",
	"cc-by-nd/3.0":     "Creative Commons Attribution-NoDerivs 3.0 Unported (CC BY-ND 3.0)",
	"cc-by-nd/4.0":     "Creative Commons Attribution-NoDerivatives 4.0 International (CC BY-ND 4.0)",
	"cc-by-sa":         "Creative Commons Attribution-ShareAlike (CC BY-SA)",
	"cc-by-sa-de/3.0":  "Creative Commons Attribution-ShareAlike 3.0 Germany (CC BY-SA 3.0 DE)",
	"cc-by-sa/4.0":     "Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)",
	"ccpdm/1.0":        "Public Domain Mark 1.0 (PDM)",
	"cc-zero":          "Creative Commons CC0 1.0 Universal (CC0)",
	"dl-by-de/1.0":     "Data licence Germany – attribution – version 1.0",
	"dl-by-de/2.0":     "Data licence Germany – attribution – version 2.0",
	"dl-by-nc-de/1.0":  "Data licence Germany – attribution – non-commercial – version 1.0",
	"dl-zero-de/2.0":   "Data licence Germany – Zero – version 2.0",
	"geonutz/20130319": "Terms of use for the provision of federal geodata (GeoNutzV)",
	"geoNutz/20131001": "Terms of use for the provision of geodata of the State of Berlin",
	"gfdl":             "GNU Free Documentation License (GFDL)",
	"gpl/3.0":          "GNU General Public License version 3.0 (GPLv3)",
	"mozilla":          "Mozilla Public License 2.0 (MPL)",
	"odbl":             "Open Data Commons Open Database License (ODbL)",
	"odby":             "Open Data Commons Attribution License (ODC-BY 1.0)",
	"odcpddl":          "Open Data Commons Public Domain Dedication and Licence (ODC PDDL)",
	"officialWork":     "Official work, free of copyright under § 5(1) UrhG",
	"other-closed":     "Other closed licence",
	"other-commercial": "Other commercial licence",
	"other-freeware":   "Other freeware licence",
	"other-open":       "Other open licence",
	"other-opensource": "Other open-source licence",
}

// licenseAttribution lists the licences whose terms require naming the
// source (Namensnennung / Quellenvermerk): DCAT-AP.de K35 then asks for
// dcatde:licenseAttributionByText.
var licenseAttribution = map[string]bool{
	"cc-by": true, "cc-by/4.0": true, "cc-by-de/3.0": true,
	"cc-by-nc": true, "cc-by-nc-de/3.0": true, "cc-by-nc/4.0": true,
	"cc-by-nd": true, "cc-by-nd/3.0": true, "cc-by-nd/4.0": true,
	"cc-by-sa": true, "cc-by-sa-de/3.0": true, "cc-by-sa/4.0": true,
	"dl-by-de/1.0": true, "dl-by-de/2.0": true, "dl-by-nc-de/1.0": true,
	"odby": true, "odbl": true,
	"geonutz/20130319": true, "geoNutz/20131001": true,
}

// legacyLicense maps retired dcat-ap.de licence ids that neither a "_"→"."
// rewrite nor the licence text URL resolves unambiguously.
var legacyLicense = map[string]string{
	"cc-nc":           "cc-by-nc",
	"cc-nc/3_0":       "cc-by-nc-de/3.0",
	"cc-by-nd/3_0":    "cc-by-nd/3.0",
	"cc-by-nc-de/4_0": "cc-by-nc/4.0",
	"official-work":   "officialWork",
	"od-bl":           "odbl",
	"od-bc":           "odby",
	"odc-pddl":        "odcpddl",
	"cc-pdm/1_0":      "ccpdm/1.0",
	"gpl/30":          "gpl/3.0",
}

var germanLabels = map[string]map[string]string{
	"frequency": {
		"OTHER": "sonstige", "WEEKLY": "wöchentlich", "ANNUAL": "jährlich",
		"ANNUAL_2": "halbjährlich", "ANNUAL_3": "dreimal jährlich",
		"BIENNIAL": "alle zwei Jahre", "BIMONTHLY": "alle zwei Monate",
		"BIWEEKLY": "alle zwei Wochen", "CONT": "kontinuierlich",
		"DAILY": "täglich", "DAILY_2": "zweimal täglich", "IRREG": "unregelmäßig",
		"MONTHLY": "monatlich", "MONTHLY_2": "zweimal monatlich",
		"MONTHLY_3": "dreimal monatlich", "NEVER": "nie",
		"QUARTERLY": "vierteljährlich", "TRIENNIAL": "alle drei Jahre",
		"UNKNOWN": "unbekannt", "UPDATE_CONT": "laufend aktualisiert",
		"WEEKLY_2": "zweimal wöchentlich", "WEEKLY_3": "dreimal wöchentlich",
		"QUINQUENNIAL": "alle fünf Jahre", "DECENNIAL": "alle zehn Jahre",
		"HOURLY": "stündlich", "QUADRENNIAL": "alle vier Jahre",
		"BIHOURLY": "alle zwei Stunden", "TRIHOURLY": "alle drei Stunden",
		"BIDECENNIAL": "alle zwanzig Jahre", "TRIDECENNIAL": "alle dreißig Jahre",
		"1MIN": "jede Minute", "5MIN": "alle fünf Minuten",
		"10MIN": "alle zehn Minuten", "15MIN": "alle fünfzehn Minuten",
		"30MIN": "alle dreißig Minuten", "12HRS": "alle zwölf Stunden",
		"AS_NEEDED": "nach Bedarf", "NOT_PLANNED": "nicht geplant",
	},
	"access-right": {
		"PUBLIC": "öffentlich", "RESTRICTED": "eingeschränkt",
		"NON_PUBLIC": "nicht öffentlich", "SENSITIVE": "sensibel",
		"CONFIDENTIAL": "vertraulich", "NORMAL": "normal",
	},
	"planned-availability": {
		"AVAILABLE": "verfügbar", "EXPERIMENTAL": "experimentell",
		"STABLE": "stabil", "TEMPORARY": "vorübergehend",
	},
	"distribution-status": {
		"COMPLETED": "abgeschlossen", "DEPRECATED": "veraltet",
		"DEVELOP": "in Entwicklung", "WITHDRAWN": "zurückgezogen",
	},
	"dataset-type": {
		"HVD": "Hochwertiger Datensatz", "STATISTICAL": "Statistische Daten",
		"GEOSPATIAL": "Geodaten", "CODE_LIST": "Codeliste",
		"TEST_DATA": "Testdaten", "SYNTHETIC_DATA": "Synthetische Daten",
		"ONTOLOGY": "Ontologie", "SCHEMA": "Schema", "TAXONOMY": "Taxonomie",
		"THESAURUS": "Thesaurus", "GLOSSARY": "Glossar",
		"DIRECTORY": "Verzeichnis", "MAPPING": "Abbildung (Mapping)",
		"DOMAIN_MODEL": "Domänenmodell", "CORE_COMP": "Kernkomponente",
		"APROF": "Anwendungsprofil", "RELEASE": "Release",
		"NAL": "Normdatei (NAL)",
	},
	"publishertype": {
		"LocalAuthority": "Kommunale Behörde", "RegionalAuthority": "Landesbehörde",
		"NationalAuthority": "Bundesbehörde", "SupraNationalAuthority": "Supranationale Behörde",
		"Company": "Unternehmen", "Academia-ScientificOrganisation": "Hochschule oder Forschungseinrichtung",
		"IndustryConsortium": "Industriekonsortium", "NonGovernmentalOrganisation": "Nichtregierungsorganisation",
		"NonProfitOrganisation": "Gemeinnützige Organisation", "StandardisationBody": "Normungsorganisation",
		"PrivateIndividual(s)": "Privatperson(en)",
	},
}

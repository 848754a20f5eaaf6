package csw

const themeBase = "http://publications.europa.eu/resource/authority/data-theme/"

// inspireThemes maps INSPIRE themes (by their code in
// http://inspire.ec.europa.eu/theme/<code>) to EU data themes. This is our
// own conservative table after GovData's practice: themes without one
// clear data theme (reference systems, grids, elevation, orthoimagery)
// are left unmapped rather than guessed.
var inspireThemes = map[string]string{
	"ad": "REGI", "au": "REGI", "cp": "REGI", "gn": "REGI", "su": "REGI", "bu": "REGI",
	"hy": "ENVI", "ps": "ENVI", "ge": "ENVI", "lc": "ENVI", "ac": "ENVI", "br": "ENVI", "ef": "ENVI",
	"hb": "ENVI", "mf": "ENVI", "nz": "ENVI", "of": "ENVI", "sr": "ENVI", "so": "ENVI", "sd": "ENVI",
	"am": "ENVI", "lu": "ENVI",
	"tn": "TRAN", "af": "AGRI", "er": "ENER", "hh": "HEAL", "pd": "SOCI", "pf": "ECON", "mr": "ECON", "us": "GOVE",
}

// inspireLabels are the German and English labels of the INSPIRE themes
// (GEMET), for records that give the label without an Anchor.
var inspireLabels = map[string]string{
	"adressen": "ad", "addresses": "ad", "verwaltungseinheiten": "au", "administrative units": "au",
	"flurstücke/grundstücke (katasterparzellen)": "cp", "cadastral parcels": "cp",
	"geografische bezeichnungen": "gn", "geographical names": "gn", "statistische einheiten": "su", "statistical units": "su",
	"gebäude": "bu", "buildings": "bu", "gewässernetz": "hy", "hydrography": "hy", "schutzgebiete": "ps", "protected sites": "ps",
	"geologie": "ge", "geology": "ge", "bodenbedeckung": "lc", "land cover": "lc",
	"atmosphärische bedingungen": "ac", "atmospheric conditions": "ac", "biogeografische regionen": "br", "bio-geographical regions": "br",
	"umweltüberwachung": "ef", "environmental monitoring facilities": "ef", "lebensräume und biotope": "hb", "habitats and biotopes": "hb",
	"meteorologisch-geografische kennwerte": "mf", "meteorological geographical features": "mf",
	"gebiete mit naturbedingten risiken": "nz", "natural risk zones": "nz",
	"ozeanografisch-geografische kennwerte": "of", "oceanographic geographical features": "of",
	"meeresregionen": "sr", "sea regions": "sr", "boden": "so", "soil": "so", "verteilung der arten": "sd", "species distribution": "sd",
	"bewirtschaftungsgebiete/schutzgebiete/geregelte gebiete und berichterstattungseinheiten": "am",
	"area management/restriction/regulation zones and reporting units":                        "am", "bodennutzung": "lu", "land use": "lu",
	"verkehrsnetze": "tn", "transport networks": "tn", "landwirtschaftliche anlagen und aquakulturanlagen": "af",
	"agricultural and aquaculture facilities": "af", "energiequellen": "er", "energy resources": "er",
	"gesundheit und sicherheit": "hh", "human health and safety": "hh", "verteilung der bevölkerung — demografie": "pd",
	"population distribution — demography": "pd", "produktions- und industrieanlagen": "pf", "production and industrial facilities": "pf",
	"mineralische bodenschätze": "mr", "mineral resources": "mr", "versorgungswirtschaft und staatliche dienste": "us",
	"utility and governmental services": "us",
}

// topicThemes maps ISO 19115 topic categories to EU data themes where the
// match is clear.
var topicThemes = map[string]string{
	"farming": "AGRI", "biota": "ENVI", "boundaries": "REGI", "climatologyMeteorologyAtmosphere": "ENVI",
	"economy": "ECON", "environment": "ENVI", "geoscientificInformation": "ENVI", "health": "HEAL",
	"inlandWaters": "ENVI", "location": "REGI", "oceans": "ENVI", "planningCadastre": "REGI",
	"society": "SOCI", "transportation": "TRAN",
}

// frequencies maps MD_MaintenanceFrequencyCode to the EU frequency list.
var frequencies = func() map[string]string {
	m := map[string]string{}
	for iso, eu := range map[string]string{
		"continual": "CONT", "daily": "DAILY", "weekly": "WEEKLY", "fortnightly": "BIWEEKLY", "monthly": "MONTHLY",
		"quarterly": "QUARTERLY", "biannually": "ANNUAL_2", "annually": "ANNUAL", "asNeeded": "IRREG",
		"irregular": "IRREG", "notPlanned": "NEVER", "unknown": "UNKNOWN",
	} {
		m[iso] = "http://publications.europa.eu/resource/authority/frequency/" + eu
	}
	return m
}()

// hvdLegislation is the HVD implementing regulation, which DCAT-AP HVD
// requires beside every dcatap:hvdCategory.
const hvdLegislation = "http://data.europa.eu/eli/reg_impl/2023/138/oj"

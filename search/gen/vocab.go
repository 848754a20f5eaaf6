package gen

// topic is one kind of municipal dataset.
type topic struct {
	title    string
	desc     string
	keywords []string
	themes   []string // EU data-theme codes
	formats  []string // EU file-type codes
	yearly   bool     // published per year ("Haushaltsplan 2024")
}

// topics are the datasets German municipalities actually publish (after
// GovData's and the Musterdatenkatalog's most frequent categories).
var topics = []topic{
	{"Haushaltsplan", "Der Haushaltsplan mit Erträgen und Aufwendungen je Produktbereich.", []string{"Haushalt", "Finanzen", "Doppik"}, []string{"GOVE", "ECON"}, []string{"CSV", "XLSX", "PDF"}, true},
	{"Jahresabschluss", "Ergebnis- und Finanzrechnung des abgeschlossenen Haushaltsjahres.", []string{"Haushalt", "Finanzen"}, []string{"GOVE", "ECON"}, []string{"PDF", "XLSX"}, true},
	{"Baumkataster", "Standorte, Baumarten, Pflanzjahre und Kronendurchmesser der Straßen- und Parkbäume.", []string{"Bäume", "Umwelt", "Grünflächen"}, []string{"ENVI"}, []string{"CSV", "GEOJSON", "SHP"}, false},
	{"Straßenverzeichnis", "Verzeichnis aller Straßen mit Straßenschlüssel, Ortsteil und Postleitzahl.", []string{"Straßen", "Adressen"}, []string{"REGI"}, []string{"CSV", "JSON"}, false},
	{"Kindertagesstätten", "Standorte, Träger und Platzzahlen der Kindertagesstätten und Kindergärten.", []string{"Kita", "Kinderbetreuung", "Bildung"}, []string{"EDUC", "SOCI"}, []string{"CSV", "GEOJSON"}, false},
	{"Schulen", "Allgemeinbildende und berufsbildende Schulen mit Schülerzahlen.", []string{"Schulen", "Bildung"}, []string{"EDUC"}, []string{"CSV", "JSON"}, true},
	{"ÖPNV-Haltestellen", "Haltestellen des öffentlichen Personennahverkehrs mit Koordinaten und Linien.", []string{"ÖPNV", "Mobilität", "Bus"}, []string{"TRAN"}, []string{"CSV", "GTFS"}, false},
	{"Fahrplandaten", "Soll-Fahrpläne des Nahverkehrs im GTFS-Format.", []string{"Nahverkehr", "Fahrplan"}, []string{"TRAN"}, []string{"GTFS", "ZIP"}, true},
	{"Radwegenetz", "Ausgeschilderte Radwege und Radverkehrsanlagen.", []string{"Radverkehr", "Mobilität"}, []string{"TRAN"}, []string{"GEOJSON", "SHP", "WFS"}, false},
	{"Verkehrszählung", "Ergebnisse automatischer Zählstellen für Kfz, Rad- und Fußverkehr.", []string{"Verkehr", "Zählung"}, []string{"TRAN"}, []string{"CSV"}, true},
	{"Parkhäuser Belegung", "Aktuelle Belegung der Parkhäuser und Parkplätze.", []string{"Parken", "Verkehr", "Echtzeit"}, []string{"TRAN"}, []string{"JSON", "XML"}, false},
	{"Ladesäulen", "Öffentliche Ladestationen für Elektrofahrzeuge mit Leistung und Betreiber.", []string{"Elektromobilität", "Energie"}, []string{"ENER", "TRAN"}, []string{"CSV", "JSON"}, false},
	{"Luftqualität", "Messwerte für Stickstoffdioxid, Feinstaub und Ozon an den Messstationen.", []string{"Luftqualität", "Umwelt", "Messwerte"}, []string{"ENVI", "HEAL"}, []string{"CSV", "JSON"}, true},
	{"Lärmkarte", "Strategische Lärmkartierung an Hauptverkehrsstraßen.", []string{"Lärm", "Umwelt"}, []string{"ENVI"}, []string{"WMS", "PDF"}, false},
	{"Wahlergebnisse Bundestagswahl", "Ergebnisse der Bundestagswahl nach Wahlbezirken, Erst- und Zweitstimmen.", []string{"Wahlen", "Bundestagswahl"}, []string{"GOVE"}, []string{"CSV", "JSON"}, true},
	{"Wahlergebnisse Kommunalwahl", "Ergebnisse der Gemeinderats- und Kreistagswahl nach Stimmbezirken.", []string{"Wahlen", "Kommunalwahl"}, []string{"GOVE"}, []string{"CSV"}, true},
	{"Einwohnerzahlen", "Bevölkerung nach Ortsteilen, Altersgruppen und Geschlecht.", []string{"Bevölkerung", "Statistik", "Einwohner"}, []string{"SOCI"}, []string{"CSV", "XLSX"}, true},
	{"Abfallkalender", "Abholtermine für Restmüll, Biotonne, Papier und Gelbe Tonne.", []string{"Abfall", "Müll", "Entsorgung"}, []string{"ENVI"}, []string{"ICS", "CSV"}, true},
	{"Wertstoffhöfe", "Standorte und Öffnungszeiten der Wertstoffhöfe.", []string{"Abfall", "Recycling"}, []string{"ENVI"}, []string{"CSV", "GEOJSON"}, false},
	{"Denkmalliste", "Verzeichnis der Baudenkmäler und Bodendenkmäler.", []string{"Denkmalschutz", "Kultur"}, []string{"EDUC"}, []string{"PDF", "CSV"}, false},
	{"Bebauungspläne", "Rechtskräftige Bebauungspläne mit Geltungsbereich als Geodienst.", []string{"Bauleitplanung", "B-Plan"}, []string{"REGI"}, []string{"WMS", "WFS", "PDF"}, false},
	{"Flächennutzungsplan", "Der wirksame Flächennutzungsplan mit Änderungen.", []string{"Bauleitplanung", "FNP"}, []string{"REGI"}, []string{"WMS", "PDF"}, false},
	{"Spielplätze", "Öffentliche Spielplätze mit Ausstattung und Altersgruppen.", []string{"Freizeit", "Kinder"}, []string{"SOCI"}, []string{"GEOJSON", "CSV"}, false},
	{"Sportstätten", "Sporthallen, Sportplätze und Schwimmbäder.", []string{"Sport", "Freizeit"}, []string{"SOCI", "HEAL"}, []string{"CSV"}, false},
	{"Friedhöfe", "Lage und Öffnungszeiten der kommunalen Friedhöfe.", []string{"Friedhof"}, []string{"SOCI"}, []string{"CSV", "GEOJSON"}, false},
	{"WLAN-Hotspots", "Standorte öffentlicher WLAN-Zugangspunkte.", []string{"WLAN", "Digitalisierung"}, []string{"TECH"}, []string{"CSV", "JSON"}, false},
	{"Gewerbeanmeldungen", "Anzahl der Gewerbeanmeldungen und -abmeldungen nach Wirtschaftszweigen.", []string{"Gewerbe", "Wirtschaft"}, []string{"ECON"}, []string{"CSV", "XLSX"}, true},
	{"Arbeitsmarktstatistik", "Arbeitslose und sozialversicherungspflichtig Beschäftigte.", []string{"Arbeitsmarkt", "Statistik"}, []string{"ECON", "SOCI"}, []string{"CSV"}, true},
	{"Tourismus Übernachtungen", "Gästeankünfte und Übernachtungen in Beherbergungsbetrieben.", []string{"Tourismus", "Statistik"}, []string{"ECON"}, []string{"CSV"}, true},
	{"Trinkwasserqualität", "Analysewerte des Trinkwassers je Versorgungsgebiet.", []string{"Wasser", "Gesundheit"}, []string{"HEAL", "ENVI"}, []string{"CSV", "PDF"}, true},
	{"Hochwassergefahrenkarte", "Überschwemmungsgebiete und Gefahrenbereiche bei Hochwasser.", []string{"Hochwasser", "Umwelt"}, []string{"ENVI", "JUST"}, []string{"WMS", "SHP"}, false},
	{"Solarpotenzialkataster", "Eignung der Dachflächen für Photovoltaik und Solarthermie.", []string{"Solar", "Energie", "Klimaschutz"}, []string{"ENER", "ENVI"}, []string{"WMS", "GEOJSON"}, false},
	{"Energieverbrauch kommunaler Gebäude", "Strom-, Wärme- und Wasserverbrauch der kommunalen Liegenschaften.", []string{"Energie", "Klimaschutz"}, []string{"ENER"}, []string{"CSV", "XLSX"}, true},
	{"Ratsinformationen", "Sitzungen, Tagesordnungen und Beschlüsse des Gemeinderats.", []string{"Politik", "Rat", "Beschlüsse"}, []string{"GOVE"}, []string{"JSON", "XML"}, false},
	{"Bürgerbüro Wartezeiten", "Aktuelle und durchschnittliche Wartezeiten im Bürgeramt.", []string{"Bürgeramt", "Verwaltung"}, []string{"GOVE"}, []string{"JSON", "CSV"}, false},
	{"Feuerwehreinsätze", "Einsätze der Feuerwehr nach Art und Monat.", []string{"Feuerwehr", "Sicherheit"}, []string{"JUST"}, []string{"CSV"}, true},
	{"Unfallatlas", "Verkehrsunfälle mit Personenschaden nach Ort und Beteiligten.", []string{"Unfälle", "Verkehr", "Sicherheit"}, []string{"TRAN", "JUST"}, []string{"CSV", "GEOJSON"}, true},
	{"Hundesteuer", "Anzahl der gemeldeten Hunde und Steueraufkommen.", []string{"Steuern", "Hunde"}, []string{"GOVE", "ECON"}, []string{"CSV"}, true},
	{"Bodenrichtwerte", "Bodenrichtwerte des Gutachterausschusses.", []string{"Boden", "Grundstücke", "Immobilien"}, []string{"ECON", "REGI"}, []string{"WMS", "CSV"}, true},
	{"Stadtbibliothek Ausleihen", "Medienbestand und Ausleihzahlen der Stadtbibliothek.", []string{"Bibliothek", "Kultur", "Bildung"}, []string{"EDUC"}, []string{"CSV"}, true},
	{"Landwirtschaftliche Flächen", "Nutzung landwirtschaftlicher Flächen nach Kulturarten.", []string{"Landwirtschaft", "Flächen"}, []string{"AGRI"}, []string{"SHP", "CSV"}, true},
	{"Breitbandausbau", "Versorgung mit Breitbandinternet nach Bandbreitenklassen.", []string{"Breitband", "Digitalisierung", "Internet"}, []string{"TECH"}, []string{"WMS", "CSV"}, false},
}

// fillers vary descriptions so that documents differ in length and words.
var fillers = []string{
	"Die Daten werden regelmäßig aktualisiert und stehen unter einer offenen Lizenz zur Verfügung.",
	"Die Erhebung erfolgt durch das zuständige Fachamt.",
	"Koordinaten liegen im Bezugssystem ETRS89 / UTM Zone 32N vor.",
	"Hinweise zur Datenqualität finden Sie in der beigefügten Dokumentation.",
	"Der Datensatz ergänzt die Angaben im Geoportal des Landes.",
	"Frühere Jahrgänge sind auf Anfrage erhältlich.",
	"Die Veröffentlichung erfolgt im Rahmen der Open-Data-Strategie.",
	"Einzelne Werte können aus Datenschutzgründen zusammengefasst sein.",
	"Für Rückfragen wenden Sie sich an die Stabsstelle Digitalisierung.",
	"Die Spalten sind in der Datei selbst beschrieben.",
	"Grundlage ist der Beschluss des Gemeinderats zur Bereitstellung offener Daten.",
	"Stand der Daten ist der letzte Werktag des Vormonats.",
	"Das Angebot wird schrittweise um weitere Ortsteile erweitert.",
	"Die Daten sind mit dem Musterdatenkatalog der Bertelsmann Stiftung abgeglichen.",
}

var districts = []string{"Innenstadt", "Nordstadt", "Südstadt", "Weststadt", "Oststadt", "Altstadt", "Bahnhofsviertel",
	"Gewerbegebiet Nord", "Hafen", "Neubaugebiet", "Ortsmitte", "Am Markt", "Schlossviertel", "Kurviertel"}

// Municipality names: prefix + stem + suffix ("Bad Lindenhausen").
var (
	namePrefixes = []string{"", "", "", "Bad ", "Neu", "Alt", "Groß", "Klein", "Ober", "Unter", "Hohen"}
	nameStems    = []string{"Muster", "Beispiel", "Linden", "Eichen", "Buchen", "Tannen", "Rosen", "Wald", "Berg", "Feld", "Bach", "See",
		"Stein", "Schön", "Frei", "Mühl", "Burg", "Kirch", "Brunn", "Wiesen", "Sonnen", "Heide", "Moor", "Erlen", "Birken", "Falken"}
	nameSuffixes = []string{"stadt", "dorf", "hausen", "heim", "berg", "feld", "bach", "burg", "au", "ingen", "hofen", "rode", "stedt", "weiler"}
	orgKinds     = []struct{ title, slug, level string }{
		{"Stadt", "stadt", "municipality"}, {"Gemeinde", "gemeinde", "municipality"}, {"Landkreis", "landkreis", "administrativeDistrict"},
	}
	licenses = []struct {
		id     string
		weight int
	}{{"dl-by-de/2.0", 50}, {"dl-zero-de/2.0", 30}, {"cc-by/4.0", 15}, {"other-closed", 5}}
)

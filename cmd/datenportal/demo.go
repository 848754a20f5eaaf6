package main

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// demoFiles are small CSV files of the fictional town Musterstadt, uploaded
// as distributions so previews and downloads work without network access.
//
//go:embed demo/*.csv
var demoFiles embed.FS

const (
	themeBase = "http://publications.europa.eu/resource/authority/data-theme/"
	ftBase    = "http://publications.europa.eu/resource/authority/file-type/"
	licBase   = "http://dcat-ap.de/def/licenses/"
	freqBase  = "http://publications.europa.eu/resource/authority/frequency/"
	levelMun  = "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
	geoMun    = "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/09999999"
)

type demoDataset struct {
	d     catalog.Dataset
	files []demoFile
}

type demoFile struct {
	path, title, format string
}

func date(y, m, d int) *catalog.Date {
	return &catalog.Date{Time: time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), Precision: catalog.PrecisionDate}
}

var musterstadtBBox = [4]float64{9.90, 49.77, 9.98, 49.81}

func link(title, url, format, license string) catalog.Distribution {
	return catalog.Distribution{Title: title, AccessURL: url, Format: ftBase + format, License: licBase + license}
}

// demoDatasets are a dozen datasets as a small town publishes them.
func demoDatasets() []demoDataset {
	contact := &catalog.ContactPoint{Name: "Open-Data-Team der Stadt Musterstadt", Email: "opendata@musterstadt.example", URL: "https://www.musterstadt.example/opendata"}
	attr := "Stadt Musterstadt, Datenlizenz Deutschland – Namensnennung – Version 2.0"
	spatial := []catalog.Location{{BBox: &musterstadtBBox, Name: "Musterstadt"}}
	base := func(name, title, desc string, kw []string, themes ...string) catalog.Dataset {
		t := make([]string, len(themes))
		for i, th := range themes {
			t[i] = themeBase + th
		}
		return catalog.Dataset{Name: name, Title: title, Description: desc, Keywords: kw, Themes: t,
			ContactPoint: contact, Spatial: spatial, Languages: []string{"http://publications.europa.eu/resource/authority/language/DEU"},
			AccessRights: "http://publications.europa.eu/resource/authority/access-right/PUBLIC"}
	}
	var out []demoDataset
	add := func(d catalog.Dataset, freq string, files ...demoFile) {
		if freq != "" {
			d.AccrualPeriodicity = freqBase + freq
		}
		for i := range d.Distributions {
			if d.Distributions[i].License == licBase+"dl-by-de/2.0" {
				d.Distributions[i].LicenseAttribution = attr
			}
		}
		out = append(out, demoDataset{d: d, files: files})
	}

	d := base("haushaltsplan-2025", "Haushaltsplan 2025", "Ansätze des Ergebnishaushalts 2025 der Stadt Musterstadt nach Produktbereichen, mit den Vorjahresansätzen zum Vergleich. Beschlossen vom Stadtrat am 12. Dezember 2024.",
		[]string{"Haushalt", "Finanzen", "Haushaltsplan"}, "GOVE", "ECON")
	d.Issued, d.Temporal = date(2024, 12, 12), []catalog.PeriodOfTime{{Start: date(2025, 1, 1), End: date(2025, 12, 31)}}
	d.LegalBasis = []string{"Art. 63 ff. Gemeindeordnung für den Freistaat Bayern"}
	add(d, "ANNUAL", demoFile{"demo/haushalt-2025.csv", "Ergebnishaushalt 2025 nach Produktbereichen (CSV)", "CSV"})

	d = base("kindertagesstaetten", "Kindertagesstätten in Musterstadt", "Standorte, Träger und Betreuungsplätze (unter und über drei Jahren) aller Kindertagesstätten und Kindergärten im Stadtgebiet.",
		[]string{"Kita", "Kindergarten", "Kinderbetreuung", "Bildung"}, "EDUC", "SOCI")
	d.Modified = date(2025, 9, 1)
	add(d, "ANNUAL", demoFile{"demo/kitas.csv", "Kindertagesstätten (CSV)", "CSV"})

	d = base("kommunalwahl-2024-ergebnisse", "Wahlergebnisse Stadtratswahl 2024", "Vorläufige Ergebnisse der Stadtratswahl nach Wahlbezirken: Wahlberechtigte, Wähler, ungültige Stimmen und Stimmen je Wahlvorschlag.",
		[]string{"Wahlen", "Stadtratswahl", "Kommunalwahl", "Wahlergebnis"}, "GOVE")
	d.Issued = date(2024, 3, 18)
	add(d, "IRREG", demoFile{"demo/wahl-2024.csv", "Ergebnisse nach Wahlbezirken (CSV)", "CSV"})

	d = base("baumkataster", "Baumkataster", "Alle städtischen Bäume an Straßen, in Parks und auf Plätzen mit Gattung, Art, Pflanzjahr, Stammumfang und Kronendurchmesser.",
		[]string{"Baum", "Baumkataster", "Stadtgrün", "Umwelt"}, "ENVI")
	add(d, "MONTHLY", demoFile{"demo/baumkataster.csv", "Baumkataster (CSV)", "CSV"})

	d = base("bevoelkerung-stadtteile", "Bevölkerung nach Stadtteilen", "Einwohnerinnen und Einwohner mit Hauptwohnsitz nach Stadtteilen zum 31.12.2024, mit Anteilen nach Geschlecht und Altersgruppen.",
		[]string{"Bevölkerung", "Einwohner", "Statistik", "Demografie"}, "SOCI", "REGI")
	d.Temporal = []catalog.PeriodOfTime{{Start: date(2024, 12, 31), End: date(2024, 12, 31)}}
	add(d, "ANNUAL", demoFile{"demo/bevoelkerung.csv", "Bevölkerung nach Stadtteilen (CSV)", "CSV"})

	d = base("defibrillatoren", "Standorte öffentlich zugänglicher Defibrillatoren", "Automatisierte externe Defibrillatoren (AED) in städtischen Gebäuden mit Zugangszeiten.",
		[]string{"Defibrillator", "AED", "Gesundheit", "Notfall"}, "HEAL")
	add(d, "IRREG", demoFile{"demo/defibrillatoren.csv", "Defibrillatoren (CSV)", "CSV"})

	d = base("haltestellen-oepnv", "Haltestellen des ÖPNV", "Bushaltestellen im Stadtgebiet mit Lage und Linien, als GTFS-Fahrplandaten des Stadtbusverkehrs.",
		[]string{"ÖPNV", "Nahverkehr", "Bus", "Haltestellen", "GTFS"}, "TRAN")
	d.Distributions = []catalog.Distribution{link("GTFS-Fahrplan", "https://www.musterstadt.example/opendata/gtfs.zip", "ZIP", "dl-zero-de/2.0")}
	add(d, "WEEKLY")

	d = base("parkhaeuser-belegung", "Belegung der Parkhäuser", "Aktuelle Anzahl freier Stellplätze in den Parkhäusern der Innenstadt, minütlich aktualisiert.",
		[]string{"Parken", "Parkhaus", "Verkehr", "Echtzeit"}, "TRAN")
	d.Distributions = []catalog.Distribution{link("Belegung (JSON-Schnittstelle)", "https://www.musterstadt.example/api/parken.json", "JSON", "dl-zero-de/2.0")}
	add(d, "UPDATE_CONT")

	d = base("spielplaetze", "Spielplätze", "Öffentliche Spielplätze mit Altersgruppen und Ausstattung als GeoJSON.",
		[]string{"Spielplatz", "Freizeit", "Kinder"}, "SOCI")
	d.Distributions = []catalog.Distribution{link("Spielplätze (GeoJSON)", "https://www.musterstadt.example/opendata/spielplaetze.geojson", "GEOJSON", "dl-by-de/2.0")}
	add(d, "ANNUAL")

	d = base("bebauungsplaene", "Bebauungspläne", "Rechtskräftige Bebauungspläne der Stadt Musterstadt als Kartendienst (WMS) und als PDF-Planurkunden.",
		[]string{"Bebauungsplan", "Bauleitplanung", "Stadtplanung", "Geodaten"}, "REGI", "GOVE")
	d.Distributions = []catalog.Distribution{
		link("Bebauungspläne (WMS)", "https://geo.musterstadt.example/wms?SERVICE=WMS&REQUEST=GetCapabilities", "WMS_SRVC", "dl-by-de/2.0"),
		link("Planurkunden (PDF)", "https://www.musterstadt.example/bauleitplanung/", "PDF", "dl-by-de/2.0"),
	}
	add(d, "IRREG")

	d = base("trinkwasserqualitaet", "Trinkwasserqualität", "Analysewerte des Trinkwassers (Härte, Nitrat, pH-Wert, Leitfähigkeit) je Versorgungszone, jährlich von den Stadtwerken veröffentlicht.",
		[]string{"Trinkwasser", "Wasserqualität", "Umwelt", "Gesundheit"}, "ENVI", "HEAL")
	d.Distributions = []catalog.Distribution{link("Trinkwasseranalyse 2024 (XLSX)", "https://www.stadtwerke-musterstadt.example/trinkwasser-2024.xlsx", "XLSX", "cc-by/4.0")}
	d.Distributions[0].LicenseAttribution = "Stadtwerke Musterstadt GmbH"
	add(d, "ANNUAL")

	d = base("radverkehr-zaehlstellen", "Radverkehr an Dauerzählstellen", "Stündliche Zahl der Radfahrenden an den drei Dauerzählstellen im Stadtgebiet.",
		[]string{"Radverkehr", "Fahrrad", "Verkehrszählung", "Mobilität"}, "TRAN")
	d.Distributions = []catalog.Distribution{link("Zählwerte (CSV, monatlich)", "https://www.musterstadt.example/opendata/radzaehlung.csv", "CSV", "dl-zero-de/2.0")}
	add(d, "DAILY")
	return out
}

// loadDemo fills an empty catalogue with the demo organisations and
// datasets. It does nothing if any dataset exists, so restarting with
// --demo never duplicates or overwrites real data.
func loadDemo(ctx context.Context, svc *catalog.Service) (int, error) {
	ctx = catalog.WithActor(ctx, catalog.System)
	n, err := svc.Store.CountDatasets(ctx, catalog.DatasetFilter{Visibility: catalog.Visibility{AllPrivate: true},
		States: []string{catalog.StateActive, catalog.StateDraft, catalog.StateDeleted}})
	if err != nil || n > 0 {
		return 0, err
	}
	org, err := svc.Organization(ctx, "stadt-musterstadt")
	if catalog.ErrorCode(err) == catalog.ENOTFOUND {
		org, err = svc.CreateOrganization(ctx, &catalog.Organization{
			Name: "stadt-musterstadt", Title: "Stadt Musterstadt",
			Description:             "Die Stadtverwaltung der (fiktiven) Stadt Musterstadt veröffentlicht hier ihre offenen Daten.",
			Homepage:                "https://www.musterstadt.example",
			Email:                   "opendata@musterstadt.example",
			ContributorID:           "http://dcat-ap.de/def/contributors/stadtMusterstadt",
			PublisherType:           "http://purl.org/adms/publishertype/LocalAuthority",
			DefaultLicense:          licBase + "dl-by-de/2.0",
			PoliticalGeocodingURI:   geoMun,
			PoliticalGeocodingLevel: levelMun,
		})
	}
	if err != nil {
		return 0, err
	}
	count := 0
	for _, dd := range demoDatasets() {
		d := dd.d
		d.OrganizationID = org.ID
		created, _, err := svc.CreateDataset(ctx, &d)
		if err != nil {
			return count, fmt.Errorf("demo dataset %s: %w", d.Name, describe(err))
		}
		for _, f := range dd.files {
			b, err := demoFiles.ReadFile(f.path)
			if err != nil {
				return count, err
			}
			name := f.path[len("demo/"):]
			_, _, err = svc.AddDistribution(ctx, created.ID, catalog.Distribution{
				Title: f.title, Format: ftBase + f.format, License: licBase + "dl-by-de/2.0",
				LicenseAttribution: "Stadt Musterstadt, Datenlizenz Deutschland – Namensnennung – Version 2.0",
				MediaType:          "text/csv",
			}, &catalog.Upload{Reader: bytes.NewReader(b), FileName: name, Size: int64(len(b)), ContentType: "text/csv"})
			if err != nil {
				return count, fmt.Errorf("demo file %s: %w", name, describe(err))
			}
		}
		count++
	}
	return count, nil
}

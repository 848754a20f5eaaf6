package ckan

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

// mapExtras reads the extras of ckanext-dcat and ckanext-dcatde (the keys
// catalog/ckanapi writes, too).
func (s *Source) mapExtras(rec *harvest.Record, d *catalog.Dataset, get func(...string) string) {
	d.ContributorIDs = list(get("contributorID"))
	d.PoliticalGeocodingURIs = list(get("politicalGeocodingURI"))
	d.PoliticalGeocodingLevel = get("politicalGeocodingLevelURI")
	d.GeocodingDescription = list(get("geocodingText"))
	d.LegalBasis = list(get("legalbasisText", "legalBasisText"))
	d.QualityProcessURI = get("qualityProcessURI")
	d.AccrualPeriodicity = get("frequency", "accrual_periodicity")
	d.Languages = list(get("language"))
	d.AccessRights = get("access_rights")
	d.ConformsTo = list(get("conforms_to"))
	d.VersionNotes = get("version_notes")
	d.HVDCategories = list(get("hvd_category"))
	d.ApplicableLegislation = list(get("applicable_legislation"))
	d.References = list(get("references"))
	d.Relations = list(get("used_datasets"))
	d.Types = list(get("dcat_type"))
	d.Provenance = get("provenance")
	if lp := get("metadata_original_html"); d.LandingPage == "" && isHTTP(lp) {
		d.LandingPage = lp
	}
	start := date(rec, "temporal", get("temporal_start"))
	end := date(rec, "temporal", get("temporal_end"))
	if start != nil || end != nil {
		d.Temporal = append(d.Temporal, catalog.PeriodOfTime{Start: start, End: end})
	}
	loc := catalog.Location{IRI: get("spatial_uri"), Name: get("spatial_text")}
	if g := get("spatial"); g != "" {
		if b, ok := harvest.GeoJSONBBox(g); ok {
			loc.Geometry, loc.BBox = g, b
		} else {
			rec.Warn("spatial", "invalid_geometry", "Geometrie (spatial) nicht lesbar; übergangen", "geometry (spatial) not readable; skipped")
		}
	}
	if loc != (catalog.Location{}) {
		d.Spatial = append(d.Spatial, loc)
	}
}

// legacyExtras reads the extras of the old German OGD metadata schema
// (GovData before DCAT-AP.de, still served by older portals).
func (s *Source) legacyExtras(rec *harvest.Record, d *catalog.Dataset, get func(...string) string) {
	if len(d.Temporal) == 0 {
		start := date(rec, "temporal", get("temporal_coverage_from"))
		end := date(rec, "temporal", get("temporal_coverage_to"))
		if start != nil || end != nil {
			d.Temporal = append(d.Temporal, catalog.PeriodOfTime{Start: start, End: end})
		}
	}
	if raw := get("spatial_reference"); raw != "" {
		var ref map[string]any
		if json.Unmarshal([]byte(raw), &ref) == nil {
			if uri := agsURI(str(ref["ags"])); uri != "" && len(d.PoliticalGeocodingURIs) == 0 {
				d.PoliticalGeocodingURIs = []string{uri}
				if d.PoliticalGeocodingLevel == "" {
					d.PoliticalGeocodingLevel = "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
				}
			}
			if t := str(ref["text"]); t != "" && len(d.GeocodingDescription) == 0 {
				d.GeocodingDescription = []string{t}
			}
		}
	}
	if raw := get("contacts"); raw != "" {
		var cs []map[string]any
		if json.Unmarshal([]byte(raw), &cs) == nil {
			for _, c := range cs {
				a := agent(str(c["name"]), str(c["email"]), str(c["url"]), "", "")
				if a == nil {
					continue
				}
				switch str(c["role"]) {
				case "autor":
					if d.Creator == nil {
						d.Creator = a
					}
				case "veroeffentlichende_stelle":
					if d.Publisher == nil {
						d.Publisher = a
					}
				case "ansprechpartner", "vertrieb":
					if d.ContactPoint == nil {
						d.ContactPoint = &catalog.ContactPoint{Name: a.Name, Email: a.Email, URL: a.Homepage}
					}
				}
			}
		}
	}
	get("metadata_original_portal", "metadata_original_id", "content_type", "sector", "tag_sources", "tag_thesauri", "is_free_of_charge")
}

var agsRE = regexp.MustCompile(`^\d{8}$|^\d{12}$`)

// agsURI maps an Amtlicher Gemeindeschlüssel (8 digits) or
// Regionalschlüssel (12 digits) to its dcat-ap.de geocoding IRI.
func agsURI(ags string) string {
	ags = strings.ReplaceAll(ags, " ", "")
	if !agsRE.MatchString(ags) {
		return ""
	}
	if len(ags) == 12 {
		return "http://dcat-ap.de/def/politicalGeocoding/regionalKey/" + ags
	}
	return fmt.Sprintf("http://dcat-ap.de/def/politicalGeocoding/municipalityKey/%s", ags)
}

package ods

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/schemas"
)

// dataset is a catalog dataset object of Explore API v2.1.
type dataset struct {
	ID          string                     `json:"dataset_id"`
	UID         string                     `json:"dataset_uid"`
	HasRecords  bool                       `json:"has_records"`
	Features    []string                   `json:"features"`
	Attachments []attachment               `json:"attachments"`
	Metas       map[string]json.RawMessage `json:"metas"`
}

type attachment struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	MimeType string `json:"mimetype"`
	URL      string `json:"url"`
}

// defaultMetas is the "default" metadata template.
type defaultMetas struct {
	Title             string  `json:"title"`
	Description       string  `json:"description"`
	Keyword           strList `json:"keyword"`
	Theme             strList `json:"theme"`
	Publisher         string  `json:"publisher"`
	License           string  `json:"license"`
	LicenseURL        string  `json:"license_url"`
	Attributions      string  `json:"attributions"`
	Modified          string  `json:"modified"`
	MetadataProcessed string  `json:"metadata_processed"`
	Language          string  `json:"language"`
	Territory         strList `json:"territory"`
	References        string  `json:"references"`
	Federated         bool    `json:"federated"`
	SourceDomain      string  `json:"source_domain"`
	SourceDomainTitle string  `json:"source_domain_title"`
}

// dcatMetas is the optional "dcat" template.
type dcatMetas struct {
	ContactName  string `json:"contact_name"`
	ContactEmail string `json:"contact_email"`
	Creator      string `json:"creator"`
	Issued       string `json:"issued"`
	Frequency    string `json:"accrualperiodicity"`
}

// strList accepts a list of strings or one string.
type strList []string

func (l *strList) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		if one != "" {
			*l = strList{one}
		}
		return nil
	}
	var many []any
	if err := json.Unmarshal(b, &many); err != nil {
		return nil // a value of another shape is dropped, not fatal
	}
	for _, v := range many {
		if s, ok := v.(string); ok && strings.TrimSpace(s) != "" {
			*l = append(*l, strings.TrimSpace(s))
		}
	}
	return nil
}

var exportTypes = map[string]string{"csv": "text/csv", "json": "application/json", "geojson": "application/geo+json"}

func (s *Source) mapDataset(ds *dataset) (*harvest.Record, error) {
	id := firstOf(ds.UID, ds.ID)
	if id == "" || ds.ID == "" {
		return nil, harvest.Errorf("Datensatz ohne dataset_id", "dataset without dataset_id")
	}
	var m defaultMetas
	if raw, ok := ds.Metas["default"]; !ok || json.Unmarshal(raw, &m) != nil {
		return nil, harvest.Errorf("Datensatz %s ohne lesbare Metadaten (metas.default)", "dataset %s without readable metadata (metas.default)", ds.ID)
	}
	rec := &harvest.Record{ID: id, IRI: s.site + "/api/v2/catalog/datasets/" + url.PathEscape(ds.ID)}
	if m.Federated && m.SourceDomain != "" {
		rec.Skip = &harvest.Message{DE: "aus " + m.SourceDomain + " föderiert", EN: "federated from " + m.SourceDomain}
		return rec, nil
	}
	d := &catalog.Dataset{
		Title: firstOf(m.Title, ds.ID), Description: m.Description, Keywords: m.Keyword,
		Identifier:  ds.ID + "@" + s.host,
		LandingPage: s.site + "/explore/dataset/" + url.PathEscape(ds.ID) + "/",
	}
	rec.Dataset = d
	for _, th := range m.Theme {
		if iri, ok := schemas.NormalizeTheme(th); ok {
			d.Themes = append(d.Themes, iri)
		} else {
			rec.Warn("themes", "unknown_theme", "Portal-Thema „"+th+"“ ist keine EU-Datenkategorie; übergangen",
				"portal theme “"+th+"” is not an EU data theme; skipped")
		}
	}
	if m.Publisher != "" {
		d.Publisher = &catalog.Agent{Name: m.Publisher}
	}
	d.Modified = date(rec, "modified", firstOf(m.Modified, m.MetadataProcessed))
	if m.Language != "" {
		d.Languages = []string{m.Language}
	}
	for _, t := range m.Territory {
		d.Spatial = append(d.Spatial, catalog.Location{Name: t})
	}
	if strings.HasPrefix(m.References, "http://") || strings.HasPrefix(m.References, "https://") {
		d.References = []string{m.References}
	}
	var dm dcatMetas
	if raw, ok := ds.Metas["dcat"]; ok && json.Unmarshal(raw, &dm) == nil {
		if dm.ContactName != "" || dm.ContactEmail != "" {
			d.ContactPoint = &catalog.ContactPoint{Name: dm.ContactName, Email: dm.ContactEmail}
		}
		if dm.Creator != "" {
			d.Creator = &catalog.Agent{Name: dm.Creator}
		}
		d.Issued = date(rec, "issued", dm.Issued)
		d.AccrualPeriodicity = dm.Frequency
	}
	lic := firstOf(m.License, m.LicenseURL)
	for _, c := range []string{m.License, m.LicenseURL} {
		if iri, ok := harvest.NormalizeLicense(c); ok {
			lic = iri
			break
		}
	}
	base := s.api + "/catalog/datasets/" + url.PathEscape(ds.ID)
	if ds.HasRecords {
		for _, f := range []string{"csv", "json", "geojson"} {
			if f == "geojson" && !has(ds.Features, "geo") {
				continue
			}
			u := base + "/exports/" + f
			d.Distributions = append(d.Distributions, catalog.Distribution{Title: d.Title + " (" + strings.ToUpper(f) + ")",
				AccessURL: u, DownloadURL: u, Format: f, MediaType: exportTypes[f], License: lic, LicenseAttribution: m.Attributions})
		}
	}
	for _, a := range ds.Attachments {
		if a.ID == "" {
			continue
		}
		u := base + "/attachments/" + url.PathEscape(a.ID)
		d.Distributions = append(d.Distributions, catalog.Distribution{Title: firstOf(a.Title, a.ID), AccessURL: u, DownloadURL: u,
			Format: firstOf(a.MimeType, a.Title), License: lic, LicenseAttribution: m.Attributions})
	}
	return rec, nil
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func date(rec *harvest.Record, field, v string) *catalog.Date {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	d, err := catalog.ParseDate(v)
	if err != nil {
		rec.Warn(field, "invalid_date", "ungültiges Datum übersprungen: "+v, "invalid date skipped: "+v)
		return nil
	}
	return d
}

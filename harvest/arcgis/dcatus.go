package arcgis

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/schemas"
)

// usDataset is a Project Open Data (DCAT-US 1.1) dataset.
type usDataset struct {
	Identifier   string                `json:"identifier"`
	Title        string                `json:"title"`
	Description  string                `json:"description"`
	Keyword      list                  `json:"keyword"`
	Issued       string                `json:"issued"`
	Modified     string                `json:"modified"`
	Publisher    struct{ Name string } `json:"publisher"`
	ContactPoint struct {
		FN       string `json:"fn"`
		HasEmail string `json:"hasEmail"`
	} `json:"contactPoint"`
	AccessLevel        string           `json:"accessLevel"`
	LandingPage        string           `json:"landingPage"`
	License            string           `json:"license"`
	Rights             string           `json:"rights"`
	Spatial            string           `json:"spatial"`
	Temporal           string           `json:"temporal"`
	AccrualPeriodicity string           `json:"accrualPeriodicity"`
	Language           list             `json:"language"`
	Theme              list             `json:"theme"`
	Distribution       []usDistribution `json:"distribution"`
}

type usDistribution struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Format      string `json:"format"`
	MediaType   string `json:"mediaType"`
	AccessURL   string `json:"accessURL"`
	DownloadURL string `json:"downloadURL"`
}

// list accepts a string or a list of strings.
type list []string

func (l *list) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		if one = strings.TrimSpace(one); one != "" {
			*l = list{one}
		}
		return nil
	}
	var many []any
	if json.Unmarshal(b, &many) == nil {
		for _, v := range many {
			if s, ok := v.(string); ok && strings.TrimSpace(s) != "" {
				*l = append(*l, strings.TrimSpace(s))
			}
		}
	}
	return nil
}

// periodicity maps DCAT-US ISO 8601 repeating durations.
var periodicity = map[string]string{
	"R/P1D": "DAILY", "R/P1W": "WEEKLY", "R/P2W": "BIWEEKLY", "R/P1M": "MONTHLY", "R/P3M": "QUARTERLY",
	"R/P6M": "ANNUAL_2", "R/P1Y": "ANNUAL", "R/P2Y": "BIENNIAL", "R/P3Y": "TRIENNIAL", "R/PT1H": "HOURLY",
	"R/PT1S": "CONT", "irregular": "IRREG",
}

var accessLevels = map[string]string{"public": "PUBLIC", "restricted public": "RESTRICTED", "non-public": "NON_PUBLIC"}

func usItem(raw json.RawMessage) harvest.Item {
	var u usDataset
	if err := json.Unmarshal(raw, &u); err != nil {
		m := harvest.Message{DE: "Datensatz im DCAT-US-Feed nicht lesbar", EN: "dataset in the DCAT-US feed not readable"}
		var id struct{ Identifier string }
		json.Unmarshal(raw, &id)
		if id.Identifier == "" {
			return harvest.Item{}
		}
		return harvest.Item{ID: firstOf(HubKey(id.Identifier), id.Identifier), Err: &m}
	}
	id := firstOf(HubKey(u.Identifier), HubKey(u.LandingPage), strings.TrimSpace(u.Identifier))
	if id == "" {
		return harvest.Item{}
	}
	rec := &harvest.Record{ID: id}
	if isHTTP(u.Identifier) {
		rec.IRI = u.Identifier
	}
	if u.AccessLevel == "non-public" {
		rec.Skip = &harvest.Message{DE: "nicht öffentlich (accessLevel non-public)", EN: "not public (accessLevel non-public)"}
		return harvest.Item{ID: id, Record: rec}
	}
	d := &catalog.Dataset{Title: u.Title, Description: u.Description, Keywords: u.Keyword, Identifier: u.Identifier, Languages: u.Language}
	rec.Dataset = d
	if isHTTP(u.LandingPage) {
		d.LandingPage = u.LandingPage
	}
	d.Issued = date(rec, "issued", u.Issued)
	d.Modified = date(rec, "modified", u.Modified)
	if u.Publisher.Name != "" {
		d.Publisher = &catalog.Agent{Name: u.Publisher.Name}
	}
	if u.ContactPoint.FN != "" || u.ContactPoint.HasEmail != "" {
		d.ContactPoint = &catalog.ContactPoint{Name: u.ContactPoint.FN, Email: strings.TrimPrefix(u.ContactPoint.HasEmail, "mailto:")}
	}
	if a, ok := accessLevels[strings.ToLower(u.AccessLevel)]; ok {
		d.AccessRights = "http://publications.europa.eu/resource/authority/access-right/" + a
	}
	for _, th := range u.Theme {
		if iri, ok := schemas.NormalizeTheme(th); ok {
			d.Themes = append(d.Themes, iri)
		} else {
			rec.Warn("themes", "unknown_theme", "Thema „"+th+"“ ist keine EU-Datenkategorie; übergangen", "theme “"+th+"” is not an EU data theme; skipped")
		}
	}
	if f, ok := periodicity[u.AccrualPeriodicity]; ok {
		d.AccrualPeriodicity = "http://publications.europa.eu/resource/authority/frequency/" + f
	}
	if b, ok := harvest.ParseBBox(u.Spatial); ok {
		d.Spatial = []catalog.Location{{BBox: b}}
	} else if b, ok := harvest.GeoJSONBBox(u.Spatial); ok {
		d.Spatial = []catalog.Location{{BBox: b, Geometry: u.Spatial}}
	} else if strings.TrimSpace(u.Spatial) != "" && len(u.Spatial) < 200 {
		d.Spatial = []catalog.Location{{Name: strings.TrimSpace(u.Spatial)}}
	}
	if start, end, ok := strings.Cut(u.Temporal, "/"); ok {
		p := catalog.PeriodOfTime{Start: date(rec, "temporal", start), End: date(rec, "temporal", end)}
		if p.Start != nil || p.End != nil {
			d.Temporal = []catalog.PeriodOfTime{p}
		}
	}
	lic := u.License
	if iri, ok := harvest.NormalizeLicense(u.License); ok {
		lic = iri
	} else if lic != "" && !isHTTP(lic) {
		// Hub writes free text ("No license provided. Request permission
		// to use."), which no vocabulary knows; the job then applies the
		// source's default licence and says so.
		rec.Warn("distributions.license", "license_text", "Lizenz als Freitext: „"+clipText(lic)+"“", "licence given as free text: “"+clipText(lic)+"”")
	}
	for i, x := range u.Distribution {
		dist := catalog.Distribution{Title: x.Title, Description: x.Description, AccessURL: x.AccessURL, DownloadURL: x.DownloadURL,
			MediaType: x.MediaType, License: lic}
		switch {
		case strings.Contains(strings.ToLower(x.Format), "geoservices"):
			// A REST endpoint: no file type says it; the title does.
		case knownFormat(x.Format):
			dist.Format = x.Format
		case x.MediaType != "":
			dist.Format = x.MediaType
		}
		if dist.AccessURL == "" && dist.DownloadURL == "" {
			rec.Warn("distributions."+strconv.Itoa(i), "no_url", "Distribution ohne URL übergangen", "distribution without URL skipped")
			continue
		}
		d.Distributions = append(d.Distributions, dist)
	}
	return harvest.Item{ID: id, Record: rec}
}

func knownFormat(f string) bool {
	_, ok := schemas.FileTypeFor(f)
	return ok
}

func date(rec *harvest.Record, field, v string) *catalog.Date {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	d, err := catalog.ParseDate(v)
	if err != nil {
		rec.Warn(field, "invalid_date", "ungültiges Datum übersprungen: "+clipText(v), "invalid date skipped: "+clipText(v))
		return nil
	}
	return d
}

func isHTTP(s string) bool {
	l := strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func clipText(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

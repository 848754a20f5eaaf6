package csw

import (
	"strings"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

var zeroTime time.Time

// scopes are the hierarchy levels imported: datasets and series, and
// services (FIS-Broker publishes its open data as service records).
var scopes = map[string]bool{"": true, "dataset": true, "series": true, "nonGeographicDataset": true, "service": true}

// text returns the free text of a gco element: CharacterString, Anchor,
// LocalisedCharacterString, or the element's own text.
func text(n *harvest.Node) string {
	if n == nil {
		return ""
	}
	for _, c := range n.Children {
		switch c.Name.Local {
		case "CharacterString", "Anchor", "LocalisedCharacterString", "Decimal", "Date", "DateTime", "Boolean", "Integer", "URL", "LocalName":
			return c.Text
		case "PT_FreeText":
			return c.TextAt("textGroup/LocalisedCharacterString")
		}
	}
	return n.Text
}

// href returns the xlink:href of an Anchor inside n (or of n itself).
func href(n *harvest.Node) string {
	if n == nil {
		return ""
	}
	if h := n.AttrValue("href"); h != "" {
		return strings.TrimSpace(h)
	}
	if a := n.Child("Anchor"); a != nil {
		return strings.TrimSpace(a.AttrValue("href"))
	}
	return ""
}

func codeValue(n *harvest.Node) string {
	if n == nil {
		return ""
	}
	for _, c := range n.Children {
		if v := c.AttrValue("codeListValue"); v != "" {
			return strings.TrimSpace(v)
		}
		if c.Text != "" {
			return c.Text
		}
	}
	return ""
}

func fileIdentifier(md *harvest.Node) string {
	return strings.TrimSpace(text(md.Child("fileIdentifier")))
}

// mapRecord maps one gmd:MD_Metadata.
func (s *Source) mapRecord(md *harvest.Node) (*harvest.Record, error) {
	rec, open, err := MapRecord(md)
	if err != nil {
		return nil, err
	}
	if s.opendataOnly && !open && rec.Skip == nil {
		rec.Skip = &harvest.Message{DE: "ohne Schlagwort „opendata“", EN: "without the keyword “opendata”"}
	}
	return rec, nil
}

// MapRecord maps an ISO 19139 record to DCAT-AP.de and reports whether it
// carries the GDI-DE open-data keyword.
func MapRecord(md *harvest.Node) (*harvest.Record, bool, error) {
	if md == nil || !md.Is("MD_Metadata") {
		return nil, false, harvest.Errorf("kein gmd:MD_Metadata", "not a gmd:MD_Metadata")
	}
	id := fileIdentifier(md)
	if id == "" {
		return nil, false, harvest.Errorf("Metadatensatz ohne gmd:fileIdentifier", "metadata record without gmd:fileIdentifier")
	}
	rec := &harvest.Record{ID: id}
	scope := codeValue(md.Child("hierarchyLevel"))
	if !scopes[scope] {
		rec.Skip = &harvest.Message{DE: "Hierarchieebene " + scope + " wird nicht übernommen", EN: "hierarchy level " + scope + " is not imported"}
		return rec, false, nil
	}
	ident := md.First("identificationInfo/*")
	if ident == nil {
		return nil, false, harvest.Errorf("Metadatensatz ohne identificationInfo", "metadata record without identificationInfo")
	}
	d := &catalog.Dataset{}
	rec.Dataset = d
	cit := ident.First("citation/CI_Citation")
	d.Title = text(cit.Child("title"))
	d.Description = text(ident.Child("abstract"))
	if code := strings.TrimSpace(text(cit.First("identifier/*/code"))); code != "" {
		d.Identifier = code
		if isHTTP(code) {
			rec.IRI = code
		}
	} else {
		d.Identifier = id
	}
	d.Modified = isoDate(rec, "modified", text(md.Child("dateStamp")))
	dates := map[string]string{}
	for _, cd := range cit.All("date/CI_Date") {
		dates[codeValue(cd.Child("dateType"))] = text(cd.Child("date"))
	}
	d.Issued = isoDate(rec, "issued", firstOf(dates["publication"], dates["creation"]))
	langs := ident.All("language")
	if len(langs) == 0 {
		langs = md.All("language") // services have none; the record's language stands in
	}
	for _, l := range langs {
		if c := codeValue(l); c != "" {
			d.Languages = append(d.Languages, c)
		} else if t := text(l); t != "" {
			d.Languages = append(d.Languages, t)
		}
	}
	open := keywords(rec, d, ident)
	for _, tc := range ident.All("topicCategory") {
		if th := topicThemes[strings.TrimSpace(text(tc))]; th != "" {
			d.Themes = append(d.Themes, themeBase+th)
		}
	}
	parties(d, md, ident)
	extents(rec, d, ident)
	d.AccrualPeriodicity = frequencies[codeValue(ident.First("resourceMaintenance/MD_MaintenanceInformation/maintenanceAndUpdateFrequency"))]
	lic := constraints(rec, d, ident)
	quality(d, md)
	distributions(rec, d, md, ident, lic)
	return rec, open, nil
}

func isHTTP(s string) bool {
	l := strings.ToLower(s)
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

func isoDate(rec *harvest.Record, field, v string) *catalog.Date {
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

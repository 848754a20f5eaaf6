package web

import (
	"net/url"
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

// datasetMeta lists a dataset's DCAT-AP.de properties for the metadata
// table, labelled as GovData labels them. Empty properties are left out;
// values from controlled vocabularies show their labels, links only when
// they are http(s).
func datasetMeta(d *catalog.Dataset, lang string) []metaRow {
	var rows []metaRow
	add := func(field string, vals ...metaValue) {
		var keep []metaValue
		for _, x := range vals {
			if strings.TrimSpace(x.Text) != "" {
				keep = append(keep, x)
			}
		}
		if len(keep) > 0 {
			rows = append(rows, metaRow{Label: fieldLabel(field, lang), Values: keep})
		}
	}
	text := func(s string) metaValue { return metaValue{Text: s} }
	link := func(s string) metaValue { return metaValue{Text: s, URL: safeURL(s)} }
	vocab := func(kind string, iris []string) []metaValue {
		var out []metaValue
		for _, i := range iris {
			out = append(out, metaValue{Text: vocabLabel(kind, i, lang), URL: safeURL(i)})
		}
		return out
	}
	date := func(x *catalog.Date) metaValue {
		if x == nil {
			return metaValue{}
		}
		return text(formatDate(*x, lang))
	}

	if a := d.Publisher; a != nil {
		add("publisher", metaValue{Text: a.Name, URL: safeURL(a.Homepage)})
	}
	var themes []metaValue
	for _, t := range d.Themes {
		code := strings.ToLower(t[strings.LastIndex(t, "/")+1:])
		themes = append(themes, metaValue{Text: vocabLabel("theme", t, lang), URL: "/dataset?groups=" + url.QueryEscape(code)})
	}
	add("themes", themes...)
	var kws []metaValue
	for _, k := range d.Keywords {
		kws = append(kws, metaValue{Text: k, URL: "/dataset?tags=" + url.QueryEscape(k)})
	}
	add("keywords", kws...)
	add("issued", date(d.Issued))
	add("modified", date(d.Modified))
	add("accrual_periodicity", text(vocabLabel("frequency", d.AccrualPeriodicity, lang)))
	for _, t := range d.Temporal {
		var s []string
		if t.Start != nil {
			s = append(s, formatDate(*t.Start, lang))
		}
		s = append(s, "–")
		if t.End != nil {
			s = append(s, formatDate(*t.End, lang))
		}
		if t.Start != nil || t.End != nil {
			add("temporal", text(strings.Join(s, " ")))
		}
	}
	for _, l := range d.Spatial {
		add("spatial", metaValue{Text: firstNonEmpty(l.Name, l.IRI, l.Geometry), URL: safeURL(l.IRI)})
	}
	add("political_geocoding_level", text(vocabLabel("geolevel", d.PoliticalGeocodingLevel, lang)))
	add("political_geocoding_uris", vocab("geocoding", d.PoliticalGeocodingURIs)...)
	add("geocoding_description", texts(d.GeocodingDescription)...)
	add("contributor_ids", vocab("contributor", d.ContributorIDs)...)
	add("landing_page", link(d.LandingPage))
	add("languages", vocab("language", d.Languages)...)
	add("access_rights", text(vocabLabel("access", d.AccessRights, lang)))
	add("identifier", text(d.Identifier))
	add("version", text(d.Version))
	add("version_notes", text(d.VersionNotes))
	add("conforms_to", vocab("", d.ConformsTo)...)
	add("legal_basis", texts(d.LegalBasis)...)
	add("hvd_categories", vocab("", d.HVDCategories)...)
	add("provenance", text(d.Provenance))
	for _, x := range []struct {
		field string
		a     *catalog.Agent
	}{{"creator", d.Creator}, {"originator", d.Originator}, {"maintainer", d.Maintainer}, {"contributor", d.Contributor}} {
		if x.a != nil {
			add(x.field, metaValue{Text: x.a.Name, URL: safeURL(x.a.Homepage)})
		}
	}
	return rows
}

func texts(list []string) []metaValue {
	out := make([]metaValue, 0, len(list))
	for _, s := range list {
		out = append(out, metaValue{Text: s})
	}
	return out
}

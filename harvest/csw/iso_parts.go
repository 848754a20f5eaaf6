package csw

import (
	"encoding/json"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

// keywords maps descriptive keywords: free keywords, INSPIRE themes (also
// as EU data themes), HVD categories, and the open-data markers, which
// it drops and reports.
func keywords(rec *harvest.Record, d *catalog.Dataset, ident *harvest.Node) bool {
	open := false
	for _, kw := range ident.All("descriptiveKeywords/MD_Keywords") {
		thes := strings.ToLower(text(kw.First("thesaurusName/CI_Citation/title")))
		for _, k := range kw.All("keyword") {
			t, h := strings.TrimSpace(text(k)), href(k)
			lt := strings.ToLower(t)
			switch {
			case lt == "opendata" || lt == "open data" || lt == "open-data":
				open = true
				continue
			case lt == "inspireidentifiziert" || lt == "":
				continue
			case strings.HasPrefix(h, "http://data.europa.eu/bna/"):
				d.HVDCategories = append(d.HVDCategories, h)
				continue
			case strings.Contains(thes, "high-value"):
				continue
			case strings.Contains(thes, "inspire themes") || strings.HasPrefix(h, "http://inspire.ec.europa.eu/theme/"):
				code := path.Base(h)
				if !strings.HasPrefix(h, "http://inspire.ec.europa.eu/theme/") {
					code = inspireLabels[lt]
				}
				if th := inspireThemes[code]; th != "" {
					d.Themes = append(d.Themes, themeBase+th)
				}
			}
			d.Keywords = append(d.Keywords, t)
		}
	}
	if len(d.HVDCategories) > 0 {
		d.ApplicableLegislation = append(d.ApplicableLegislation, hvdLegislation)
	}
	return open
}

// party is a CI_ResponsibleParty.
type party struct {
	role string
	node *harvest.Node
}

func (p party) name() string {
	return firstOf(text(p.node.Child("organisationName")), text(p.node.Child("individualName")), text(p.node.Child("positionName")))
}

func (p party) email() string {
	return text(p.node.First("contactInfo/CI_Contact/address/CI_Address/electronicMailAddress"))
}

func (p party) url() string {
	u := text(p.node.First("contactInfo/CI_Contact/onlineResource/CI_OnlineResource/linkage"))
	if isHTTP(u) {
		return u
	}
	return ""
}

func (p party) agent() *catalog.Agent {
	if p.node == nil || p.name() == "" && p.email() == "" {
		return nil
	}
	return &catalog.Agent{Name: p.name(), Email: p.email(), Homepage: p.url()}
}

func parties(d *catalog.Dataset, md, ident *harvest.Node) {
	var ps []party
	for _, rp := range ident.All("pointOfContact/CI_ResponsibleParty") {
		ps = append(ps, party{role: codeValue(rp.Child("role")), node: rp})
	}
	var meta []party
	for _, rp := range md.All("contact/CI_ResponsibleParty") {
		meta = append(meta, party{role: codeValue(rp.Child("role")), node: rp})
	}
	byRole := func(role string) (party, bool) {
		for _, p := range ps {
			if p.role == role {
				return p, true
			}
		}
		return party{}, false
	}
	pick := func(role string) party {
		if p, ok := byRole(role); ok {
			return p
		}
		if len(ps) > 0 {
			return ps[0]
		}
		if len(meta) > 0 {
			return meta[0]
		}
		return party{}
	}
	d.Publisher = pick("publisher").agent()
	if c := pick("pointOfContact"); c.node != nil {
		addr := c.node.First("contactInfo/CI_Contact/address/CI_Address")
		d.ContactPoint = &catalog.ContactPoint{Name: c.name(), Email: c.email(), URL: c.url(),
			Telephone:     text(c.node.First("contactInfo/CI_Contact/phone/CI_Telephone/voice")),
			StreetAddress: text(addr.Child("deliveryPoint")), Locality: text(addr.Child("city")),
			PostalCode: text(addr.Child("postalCode")), CountryName: text(addr.Child("country"))}
	}
	for role, dst := range map[string]**catalog.Agent{"author": &d.Creator, "originator": &d.Originator, "custodian": &d.Maintainer} {
		if p, ok := byRole(role); ok {
			*dst = p.agent()
		}
	}
}

var regionalKeyRE = regexp.MustCompile(`^\d{12}$`)

func extents(rec *harvest.Record, d *catalog.Dataset, ident *harvest.Node) {
	for _, ex := range ident.All("extent/EX_Extent") {
		for _, bb := range ex.All("geographicElement/EX_GeographicBoundingBox") {
			var b [4]float64
			ok := true
			for i, name := range []string{"westBoundLongitude", "southBoundLatitude", "eastBoundLongitude", "northBoundLatitude"} {
				v, err := strconv.ParseFloat(strings.TrimSpace(text(bb.Child(name))), 64)
				if err != nil {
					ok = false
				}
				b[i] = v
			}
			if ok && harvest.ValidBBox(b) {
				d.Spatial = append(d.Spatial, catalog.Location{BBox: &b})
			} else {
				rec.Warn("spatial", "invalid_bbox", "Begrenzungsrahmen nicht lesbar; übergangen", "bounding box not readable; skipped")
			}
		}
		for _, gd := range ex.All("geographicElement/EX_GeographicDescription") {
			code := strings.TrimSpace(text(gd.First("geographicIdentifier/*/code")))
			if regionalKeyRE.MatchString(code) {
				d.PoliticalGeocodingURIs = append(d.PoliticalGeocodingURIs, "http://dcat-ap.de/def/politicalGeocoding/regionalKey/"+code)
			}
		}
		for _, te := range ex.All("temporalElement/*/extent") {
			var start, end string
			if tp := te.Child("TimePeriod"); tp != nil {
				start = firstOf(tp.TextAt("beginPosition"), tp.TextAt("begin/TimeInstant/timePosition"))
				end = firstOf(tp.TextAt("endPosition"), tp.TextAt("end/TimeInstant/timePosition"))
			} else if ti := te.Child("TimeInstant"); ti != nil {
				start = ti.TextAt("timePosition")
				end = start
			}
			p := catalog.PeriodOfTime{Start: isoDate(rec, "temporal", start), End: isoDate(rec, "temporal", end)}
			if p.Start != nil || p.End != nil {
				d.Temporal = append(d.Temporal, p)
			}
		}
	}
}

// license is what the constraints say about the licence.
type license struct {
	iri, raw, attribution string
}

// gdiLicense is the GDI-DE licence JSON in gmd:otherConstraints.
type gdiLicense struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	URL    string `json:"url"`
	Quelle string `json:"quelle"`
}

var urlRE = regexp.MustCompile(`https?://[^\s"'<>)]+`)

func constraints(rec *harvest.Record, d *catalog.Dataset, ident *harvest.Node) license {
	var lic license
	var texts []string
	for _, c := range ident.All("resourceConstraints/*") {
		for _, oc := range append(c.All("otherConstraints"), c.All("useLimitation")...) {
			t, h := strings.TrimSpace(text(oc)), href(oc)
			if strings.HasPrefix(t, "{") {
				var g gdiLicense
				if err := json.Unmarshal([]byte(t), &g); err != nil {
					rec.Warn("distributions.license", "invalid_license_json", "Lizenz-JSON in otherConstraints nicht lesbar", "licence JSON in otherConstraints not readable")
					continue
				}
				g.ID, g.URL, g.Name = strings.TrimSpace(g.ID), strings.TrimSpace(g.URL), strings.TrimSpace(g.Name)
				for _, cand := range []string{g.ID, g.URL, g.Name} {
					if iri, ok := harvest.NormalizeLicense(cand); ok {
						lic.iri = iri
						break
					}
				}
				lic.raw = firstOf(lic.raw, g.ID, g.URL, g.Name)
				if q := strings.TrimSpace(g.Quelle); q != "" {
					lic.attribution = q
				}
				continue
			}
			if strings.HasSuffix(h, "/noLimitations") || strings.Contains(strings.ToLower(t), "keine zugriffsbeschränkungen") {
				d.AccessRights = "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
			}
			if iri, ok := harvest.NormalizeLicense(h); ok && lic.iri == "" {
				lic.iri = iri
			}
			texts = append(texts, t)
		}
	}
	if lic.iri == "" {
		// Free text naming the licence's URL, as FIS-Broker writes it.
		for _, t := range texts {
			for _, u := range urlRE.FindAllString(t, -1) {
				if iri, ok := harvest.NormalizeLicense(strings.TrimRight(u, ".,;")); ok {
					lic.iri = iri
					break
				}
			}
		}
	}
	return lic
}

func quality(d *catalog.Dataset, md *harvest.Node) {
	for _, dq := range md.All("dataQualityInfo/DQ_DataQuality") {
		for _, cr := range dq.All("report/*/result/DQ_ConformanceResult") {
			if strings.TrimSpace(text(cr.Child("pass"))) != "true" {
				continue
			}
			if h := href(cr.First("specification/CI_Citation/title")); isHTTP(h) {
				d.ConformsTo = append(d.ConformsTo, h)
			}
		}
		if s := text(dq.First("lineage/LI_Lineage/statement")); s != "" && d.Provenance == "" {
			d.Provenance = s
		}
	}
}

const ianaPrefix = "https://www.iana.org/assignments/media-types/"

// distributions makes one distribution per online resource.
func distributions(rec *harvest.Record, d *catalog.Dataset, md, ident *harvest.Node, lic license) {
	var formatName, mediaType string
	var names []string
	for _, f := range md.All("distributionInfo/MD_Distribution/distributionFormat/MD_Format") {
		n := strings.TrimSpace(text(f.Child("name")))
		if n == "" || strings.EqualFold(n, "keine Angabe") || strings.EqualFold(n, "unknown") {
			continue
		}
		names = append(names, n)
		if h := href(f.Child("name")); strings.HasPrefix(h, ianaPrefix) || strings.HasPrefix(h, "http://www.iana.org/assignments/media-types/") {
			mediaType = h[strings.Index(h, "media-types/")+len("media-types/"):]
		}
	}
	if len(names) == 1 {
		formatName = names[0]
		if mediaType != "" {
			formatName = mediaType // "gml+xml" alone names no file type; its media type does
		}
	} else {
		mediaType = ""
	}
	var onlines []*harvest.Node
	onlines = append(onlines, md.All("distributionInfo/MD_Distribution/transferOptions/MD_DigitalTransferOptions/onLine/CI_OnlineResource")...)
	onlines = append(onlines, md.All("distributionInfo/MD_Distribution/distributor/MD_Distributor/distributorTransferOptions/MD_DigitalTransferOptions/onLine/CI_OnlineResource")...)
	seen := map[string]bool{}
	for _, o := range onlines {
		u := strings.TrimSpace(text(o.Child("linkage")))
		if !isHTTP(u) || seen[u] {
			continue
		}
		seen[u] = true
		protocol := text(o.Child("protocol")) + " " + href(o.Child("protocol"))
		x := catalog.Distribution{AccessURL: u, Title: text(o.Child("name")), Description: text(o.Child("description")),
			License: firstOf(lic.iri, lic.raw), LicenseAttribution: lic.attribution, MediaType: mediaType}
		if x.Title == "" {
			x.Title, x.Description = x.Description, ""
		}
		service := serviceFormat(protocol, u)
		switch {
		case service != "":
			x.Format = service
		case formatName != "":
			x.Format = formatName
		default:
			x.Format = extFormat(u)
		}
		if fn := codeValue(o.Child("function")); fn == "download" || strings.Contains(strings.ToUpper(protocol), "DOWNLOAD") {
			x.DownloadURL = u
		}
		d.Distributions = append(d.Distributions, x)
	}
}

// serviceFormat recognises OGC services by protocol (OGC:WMS, Anchor to
// …/serviceType/ogc/wms) or by the URL's service parameter.
func serviceFormat(protocol, u string) string {
	p := strings.ToUpper(protocol)
	svc := ""
	if pu, err := url.Parse(u); err == nil {
		for k, v := range pu.Query() {
			if strings.EqualFold(k, "service") && len(v) > 0 {
				svc = strings.ToUpper(v[0])
			}
		}
	}
	for _, s := range []string{"WMTS", "WMS", "WFS", "WCS"} {
		if strings.Contains(p, "OGC:"+s) || strings.Contains(p, "/OGC/"+s) || strings.Contains(p, "WEB "+map[string]string{"WMS": "MAP", "WFS": "FEATURE", "WCS": "COVERAGE", "WMTS": "MAP TILE"}[s]+" SERVICE") || svc == s {
			return s
		}
	}
	if strings.Contains(p, "ATOM") {
		return "ATOM"
	}
	return ""
}

// extFormat is the URL path's extension if it names a file type.
func extFormat(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	ext := strings.TrimPrefix(strings.ToLower(path.Ext(pu.Path)), ".")
	switch ext {
	case "", "php", "asp", "aspx", "jsp", "cgi", "do":
		return ""
	}
	return ext
}

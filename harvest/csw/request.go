package csw

import (
	"encoding/xml"
	"strconv"
	"strings"
	"time"
)

const (
	nsCSW   = "http://www.opengis.net/cat/csw/2.0.2"
	nsGMD   = "http://www.isotc211.org/2005/gmd"
	header  = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
	xmlnses = `xmlns:csw="` + nsCSW + `" xmlns:ogc="http://www.opengis.net/ogc" xmlns:gmd="` + nsGMD + `" xmlns:apiso="http://www.opengis.net/cat/csw/apiso/1.0"`
)

func escape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// query describes one GetRecords listing.
type query struct {
	elementSet string    // full or brief
	opendata   bool      // filter apiso:Subject = opendata
	since      time.Time // filter apiso:Modified ≥ since (zero: none)
	sort       bool
}

func (q query) filter() string {
	var parts []string
	if q.opendata {
		parts = append(parts, `<ogc:PropertyIsEqualTo><ogc:PropertyName>apiso:Subject</ogc:PropertyName><ogc:Literal>opendata</ogc:Literal></ogc:PropertyIsEqualTo>`)
	}
	if !q.since.IsZero() {
		parts = append(parts, `<ogc:PropertyIsGreaterThanOrEqualTo><ogc:PropertyName>apiso:Modified</ogc:PropertyName><ogc:Literal>`+
			q.since.UTC().Format("2006-01-02")+`</ogc:Literal></ogc:PropertyIsGreaterThanOrEqualTo>`)
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return "<ogc:And>" + strings.Join(parts, "") + "</ogc:And>"
}

// getRecords builds the POST body of one page.
func getRecords(q query, start, max int) []byte {
	var b strings.Builder
	b.WriteString(header)
	b.WriteString(`<csw:GetRecords ` + xmlnses + ` service="CSW" version="2.0.2" resultType="results" startPosition="` +
		strconv.Itoa(start) + `" maxRecords="` + strconv.Itoa(max) + `" outputSchema="` + nsGMD + `">`)
	b.WriteString(`<csw:Query typeNames="gmd:MD_Metadata"><csw:ElementSetName>` + q.elementSet + `</csw:ElementSetName>`)
	if f := q.filter(); f != "" {
		b.WriteString(`<csw:Constraint version="1.1.0"><ogc:Filter>` + f + `</ogc:Filter></csw:Constraint>`)
	}
	if q.sort {
		b.WriteString(`<ogc:SortBy><ogc:SortProperty><ogc:PropertyName>apiso:Identifier</ogc:PropertyName><ogc:SortOrder>ASC</ogc:SortOrder></ogc:SortProperty></ogc:SortBy>`)
	}
	b.WriteString(`</csw:Query></csw:GetRecords>`)
	return []byte(b.String())
}

// getRecordByID builds the POST body fetching one full record.
func getRecordByID(id string) []byte {
	return []byte(header + `<csw:GetRecordById ` + xmlnses + ` service="CSW" version="2.0.2" outputSchema="` + nsGMD + `">` +
		`<csw:Id>` + escape(id) + `</csw:Id><csw:ElementSetName>full</csw:ElementSetName></csw:GetRecordById>`)
}

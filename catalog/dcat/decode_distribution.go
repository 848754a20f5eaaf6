package dcat

import (
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

func (dc *decoder) distribution(datasetID string, i int, t graph.Term) catalog.Distribution {
	n := dc.node(t)
	f := "distributions." + strconv.Itoa(i)
	x := catalog.Distribution{}
	distPrefix := ""
	if datasetID != "" {
		distPrefix = dc.base + "/dataset/" + url.PathEscape(datasetID) + "/resource/"
		if t.IsIRI() {
			x.ID = dc.idUnder(t.Value, distPrefix)
		}
	}
	x.Title = n.text(f+".title", nsDCT+"title")
	x.Description = n.text(f+".description", nsDCT+"description")
	x.AccessURL = n.iri(f+".access_url", nsDCAT+"accessURL", nil)
	x.DownloadURL = n.iri(f+".download_url", nsDCAT+"downloadURL", nil)
	if t.IsIRI() && x.AccessURL == t.Value {
		x.AccessURL = "" // our stand-in for a missing accessURL
	}
	// An upload of ours: .../resource/<rid>/download/<file>.
	if x.ID != "" {
		prefix := distPrefix + url.PathEscape(x.ID) + "/download/"
		if strings.HasPrefix(x.DownloadURL, prefix) {
			if name, err := url.PathUnescape(x.DownloadURL[len(prefix):]); err == nil && name != "" {
				x.FileName = name
				if x.AccessURL == x.DownloadURL {
					x.AccessURL = ""
				}
				x.DownloadURL = ""
			}
		}
	}
	x.Format = n.iri(f+".format", nsDCT+"format", fileTypeFromLiteral)
	for _, p := range []string{"https://www.iana.org/assignments/media-types/", "http://www.iana.org/assignments/media-types/"} {
		if mt := n.first(nsDCAT + "mediaType"); strings.HasPrefix(mt.Value, p) {
			x.MediaType = mt.Value[len(p):]
		} else if mt.IsLiteral() {
			x.MediaType = mt.Value
		}
		if x.MediaType != "" {
			break
		}
	}
	if v := n.first(nsDCAT + "byteSize"); v.IsLiteral() {
		if size, err := strconv.ParseFloat(strings.TrimSpace(v.Value), 64); err == nil && size >= 0 && size < math.MaxInt64 && size == math.Trunc(size) {
			b := int64(size)
			if i, err := strconv.ParseInt(strings.TrimSpace(v.Value), 10, 64); err == nil {
				b = i // exact beyond float precision
			}
			x.ByteSize = &b
		} else {
			dc.warn(f+".byte_size", "invalid_number", "ungültige Dateigröße übersprungen: "+clip(v.Value), "invalid byte size skipped: "+clip(v.Value))
		}
	}
	if c := n.first(nsSPDX + "checksum"); c.IsBlank() || c.IsIRI() {
		cn := dc.node(c)
		alg := strings.ToLower(cn.first(nsSPDX + "algorithm").Value)
		val := strings.ToLower(strings.TrimSpace(cn.first(nsSPDX + "checksumValue").Value))
		if (strings.HasSuffix(alg, "sha256") || strings.HasSuffix(alg, "sha/256") || strings.HasSuffix(alg, "sha-256")) && isHex(val, 64) {
			x.Checksum = val
		} else {
			dc.warn(f+".checksum", "unsupported_checksum", "Prüfsumme ist kein SHA-256, übersprungen", "checksum is not SHA-256, skipped")
		}
	}
	x.License = n.iri(f+".license", nsDCT+"license", licenseFromLiteral)
	x.LicenseAttribution = n.text(f+".license_attribution", nsDCATDE+"licenseAttributionByText")
	x.Issued = n.date(f+".issued", nsDCT+"issued")
	x.Modified = n.date(f+".modified", nsDCT+"modified")
	x.Availability = n.iri(f+".availability", nsDCATAP+"availability", nil)
	x.Status = statusFromADMS(n.iri(f+".status", nsADMS+"status", nil))
	x.Languages = n.iris(f+".languages", nsDCT+"language", languageFromLiteral)
	x.ConformsTo = n.iris(f+".conforms_to", nsDCT+"conformsTo", nil)
	x.Page = n.iri(f+".page", nsFOAF+"page", nil)
	return x
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

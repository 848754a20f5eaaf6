package ckan

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/schemas"
)

var mediaTypeRE = regexp.MustCompile(`^[a-zA-Z0-9][\w.+-]*/[\w.+-]+$`)
var sha256RE = regexp.MustCompile(`^(sha256:)?[0-9a-fA-F]{64}$`)

// distribution maps a resource dict.
func (s *Source) distribution(rec *harvest.Record, i int, r map[string]any, license string) catalog.Distribution {
	f := "distributions." + strconv.Itoa(i)
	x := catalog.Distribution{
		Title:       str(r["name"]),
		Description: str(r["description"]),
		Format:      str(r["format"]),
	}
	url := str(r["url"])
	x.AccessURL = firstOf(str(r["access_url"]), url)
	x.DownloadURL = str(r["download_url"])
	if x.DownloadURL == "" && str(r["url_type"]) == "upload" {
		x.DownloadURL = url
	}
	if mt := str(r["mimetype"]); mediaTypeRE.MatchString(mt) {
		x.MediaType = strings.ToLower(mt)
	}
	if v := r["size"]; v != nil {
		if n, err := strconv.ParseFloat(str(v), 64); err == nil && n >= 0 && n < math.MaxInt64 && n == math.Trunc(n) {
			b := int64(n)
			x.ByteSize = &b
		} else if str(v) != "" {
			rec.Warn(f+".byte_size", "invalid_number", "ungültige Dateigröße übersprungen", "invalid byte size skipped")
		}
	}
	if h := str(r["hash"]); sha256RE.MatchString(h) {
		x.Checksum = strings.ToLower(strings.TrimPrefix(h, "sha256:"))
	}
	x.Issued = date(rec, f+".issued", str(r["issued"]), str(r["created"]))
	x.Modified = date(rec, f+".modified", str(r["modified"]), str(r["last_modified"]))
	x.License = license
	if l := str(r["license"]); l != "" {
		if iri, ok := schemas.NormalizeLicense(l); ok {
			x.License = iri
		} else {
			x.License = l
		}
	}
	x.LicenseAttribution = str(r["licenseAttributionByText"])
	x.Availability = firstOf(str(r["availability"]), str(r["plannedAvailability"]))
	x.Status = str(r["status"])
	x.Languages = list(str(r["language"]))
	x.ConformsTo = list(str(r["conforms_to"]))
	if p := str(r["documentation"]); isHTTP(p) {
		x.Page = p
	}
	x.ResourceType = str(r["resource_type"])
	return x
}

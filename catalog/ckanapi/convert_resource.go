package ckanapi

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

// Distribution.Extras keys this package keeps for itself: CKAN values the
// DCAT fields cannot hold (a format outside the EU list, a hash that is
// not SHA-256), so that they still round-trip. They are shown under their
// CKAN key, never as extras.
const (
	formatExtra = "format"
	hashExtra   = "hash"
)

// uploadURL is where CKAN clients download an uploaded file (§A.7).
func uploadURL(site, datasetID string, x *catalog.Distribution) string {
	return site + "/dataset/" + datasetID + "/resource/" + x.ID + "/download/" + url.PathEscape(x.FileName)
}

// resourceDict renders a distribution as CKAN's resource dict.
func (cv *converter) resourceDict(d *catalog.Dataset, x *catalog.Distribution, pos int) *resourceDict {
	r := &resourceDict{
		ID: x.ID, PackageID: d.ID, Position: pos, State: "active",
		Name: nz(x.Title), Description: x.Description,
		Created: ckanTimePtr(x.CreatedAt), MetadataModified: ckanTimePtr(x.ModifiedAt),
		LastModified: nz(dateString(x.Modified)),
		Mimetype:     nz(x.MediaType), Size: x.ByteSize, ResourceType: nz(x.ResourceType),
		Hash: x.Checksum,
	}
	if r.Hash == "" {
		r.Hash = x.Extras[hashExtra]
	}
	r.Format = formatLabel(x.Format)
	if r.Format == "" {
		r.Format = x.Extras[formatExtra]
	}
	ex := map[string]string{}
	for k, v := range x.Extras {
		if k != formatExtra && k != hashExtra {
			ex[k] = v
		}
	}
	if x.IsUpload() {
		r.URL = uploadURL(cv.api.opt.SiteURL, d.ID, x)
		r.URLType = nz("upload")
	} else {
		r.URL = x.DownloadURL
		if r.URL == "" {
			r.URL = x.AccessURL
		}
		if x.AccessURL != "" && x.AccessURL != r.URL {
			ex["access_url"] = x.AccessURL
		}
		if x.DownloadURL != "" {
			ex["download_url"] = x.DownloadURL
		}
	}
	set := func(k, v string) {
		if v != "" {
			ex[k] = v
		}
	}
	set("license", x.License)
	set("licenseAttributionByText", x.LicenseAttribution)
	set("issued", dateString(x.Issued))
	set("availability", x.Availability)
	set("status", x.Status)
	set("language", jsonList(x.Languages))
	set("conforms_to", jsonList(x.ConformsTo))
	set("documentation", x.Page)
	if len(ex) > 0 {
		r.extras = ex
	}
	return r
}

// resourceKeys are consumed into Distribution fields; resourceIgnored are
// output-only CKAN keys that clients send back and that are recomputed.
var (
	resourceKeys = map[string]bool{
		"id": true, "name": true, "description": true, "url": true, "url_type": true,
		"access_url": true, "download_url": true, "format": true, "mimetype": true, "size": true,
		"hash": true, "license": true, "licenseAttributionByText": true, "issued": true,
		"last_modified": true, "modified": true, "availability": true, "status": true,
		"language": true, "conforms_to": true, "documentation": true, "resource_type": true,
	}
	resourceIgnored = map[string]bool{
		"package_id": true, "position": true, "state": true, "created": true, "metadata_modified": true,
		"cache_url": true, "cache_last_updated": true, "datastore_active": true, "mimetype_inner": true,
		"revision_id": true, "tracking_summary": true, "webstore_url": true, "webstore_last_updated": true,
		"upload": true, "clear_upload": true, "has_views": true,
	}
)

// resources reads the resources list of a package dict.
func (dc *decoder) resources(m map[string]any, d, old *catalog.Dataset) {
	v := m["resources"]
	if v == nil {
		return
	}
	list, ok := v.([]any)
	if !ok {
		dc.errs.add("resources", "Must be a list", "Muss eine Liste sein")
		return
	}
	if len(list) > maxListItems {
		dc.errs.add("resources", "Too many resources", "Zu viele Distributionen")
		return
	}
	for i, e := range list {
		prefix := "resources." + strconv.Itoa(i) + "."
		rm, ok := e.(map[string]any)
		if !ok {
			dc.errs.add(strings.TrimSuffix(prefix, "."), "Must be a dict", "Muss ein Objekt sein")
			continue
		}
		d.Distributions = append(d.Distributions, dc.resource(prefix, rm, old))
	}
}

// resource reads one resource dict. old is the stored dataset (nil on
// create); a resource whose id matches one of its uploads and still
// points at the upload keeps the file.
func (dc *decoder) resource(prefix string, m map[string]any, old *catalog.Dataset) catalog.Distribution {
	str := func(k string) string { return dc.str(m, k, prefix+k) }
	var x catalog.Distribution
	x.ID = trimmed(str("id"))
	x.Title = str("name")
	x.Description = str("description")
	var prev *catalog.Distribution
	if old != nil && x.ID != "" {
		prev, _ = old.Distribution(x.ID)
	}
	if prev != nil {
		// The service bumps ModifiedAt only when the distribution changed.
		x.CreatedAt, x.ModifiedAt = prev.CreatedAt, prev.ModifiedAt
	}
	link, access, download := trimmed(str("url")), trimmed(str("access_url")), trimmed(str("download_url"))
	clear, _ := asBool(m["clear_upload"])
	keepUpload := prev != nil && prev.IsUpload() && !clear &&
		(str("url_type") == "upload" || link == "" || link == uploadURL(dc.site, old.ID, prev) || link == prev.FileName)
	if !keepUpload {
		dc.links(&x, link, access, download)
	}
	if f := trimmed(str("format")); f != "" {
		if iri, ok := formatIRI(f); ok {
			x.Format = iri
		} else {
			setExtra(&x, formatExtra, f)
		}
	} else if iri, ok := formatIRI(firstNonEmpty(x.DownloadURL, x.AccessURL)); ok && !keepUpload {
		x.Format = iri // CKAN guesses the format from the URL
	} else if keepUpload {
		x.Format = prev.Format
	}
	x.MediaType = trimmed(str("mimetype"))
	if sv := m["size"]; sv != nil && sv != "" {
		if n, ok := asInt(sv); ok {
			size := int64(n)
			x.ByteSize = &size
		} else {
			dc.errs.add(prefix+"size", "Invalid integer", "Ungültige Ganzzahl")
		}
	}
	if h := trimmed(str("hash")); isSHA256Hex(h) {
		x.Checksum = strings.ToLower(h)
	} else if h != "" {
		setExtra(&x, hashExtra, h)
	}
	if l := trimmed(str("license")); l != "" {
		x.License = l // unknown licences are reported by the validator
		if iri, ok := licenseIRI(l); ok {
			x.License = iri
		}
	}
	x.LicenseAttribution = str("licenseAttributionByText")
	x.Issued = dc.date(m, "issued", prefix)
	if x.Modified = dc.date(m, "last_modified", prefix); x.Modified == nil {
		x.Modified = dc.date(m, "modified", prefix)
	}
	x.Availability = normVocab(str("availability"), availabilityIRI)
	x.Status = normVocab(str("status"), statusIRI)
	x.Languages = dc.list(m, "language", prefix, languageIRI)
	x.ConformsTo = dc.list(m, "conforms_to", prefix, nil)
	if pages := dc.list(m, "documentation", prefix, nil); len(pages) > 1 {
		dc.errs.add(prefix+"documentation", "Only one documentation page is supported", "Nur eine Dokumentationsseite ist möglich")
	} else if len(pages) == 1 {
		x.Page = pages[0]
	}
	x.ResourceType = trimmed(str("resource_type"))
	for k, v := range m {
		if !resourceKeys[k] && !resourceIgnored[k] && v != nil {
			setExtra(&x, k, valueText(v))
		}
	}
	return x
}

// links maps url, access_url and download_url onto the DCAT URLs. The
// dict shows url = downloadURL else accessURL; a url that differs from
// that was edited by the client and replaces the one it stood for.
func (dc *decoder) links(x *catalog.Distribution, link, access, download string) {
	primary := firstNonEmpty(download, access)
	switch {
	case link == "" || primary == "" || link == primary:
		x.AccessURL, x.DownloadURL = firstNonEmpty(access, link), download
	case download != "":
		x.AccessURL, x.DownloadURL = firstNonEmpty(access, link), link
	default:
		x.AccessURL = link
	}
}

func (dc *decoder) date(m map[string]any, key, prefix string) *catalog.Date {
	s := trimmed(dc.str(m, key, prefix+key))
	if s == "" {
		return nil
	}
	t, err := catalog.ParseDate(s)
	if err != nil {
		dc.errs.add(prefix+key, msgDate, msgDateDE)
		return nil
	}
	return t
}

// list reads a list value given as a JSON list, a JSON list in a string,
// or a plain string.
func (dc *decoder) list(m map[string]any, key, prefix string, norm func(string) (string, bool)) []string {
	v := m[key]
	if v == nil {
		return nil
	}
	if l, ok := v.([]any); ok {
		v = valueText(l)
	}
	s, ok := scalarString(v)
	if !ok {
		dc.errs.add(prefix+key, "Must be a list", "Muss eine Liste sein")
		return nil
	}
	items, en, de := parseList(s)
	if en != "" {
		dc.errs.add(prefix+key, en, de)
	}
	for i := range items {
		items[i] = normVocab(items[i], norm)
	}
	return items
}

func normVocab(s string, norm func(string) (string, bool)) string {
	s = strings.TrimSpace(s)
	if norm != nil {
		if iri, ok := norm(s); ok {
			return iri
		}
	}
	return s
}

func setExtra(x *catalog.Distribution, k, v string) {
	if x.Extras == nil {
		x.Extras = map[string]string{}
	}
	x.Extras[k] = v
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

package search

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/schemas"
)

// Bounds of what one dataset may put into the index. Harvested records
// come from anywhere; one with 100,000 keywords or a 50 MB description
// must not make every search slower.
const (
	maxDocText   = 64 << 10 // bytes per text value
	maxDocValues = 500      // values per multi-valued field
	maxExtras    = 100      // extras per dataset
)

// Temporal coverage is clamped to what Bleve's nanosecond date fields hold.
var (
	minTime = time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(2250, 12, 31, 0, 0, 0, 0, time.UTC)
)

// orgInfo is what the index needs to know about a dataset's organisation.
type orgInfo struct {
	Name, Title string
}

// document turns a dataset into the Bleve document whose field names follow
// CKAN's Solr schema (see fields.go).
func document(d *catalog.Dataset, org orgInfo) map[string]any {
	doc := map[string]any{
		"id":                lower(d.ID),
		"name":              lower(d.Name),
		fNameText:           strings.NewReplacer("-", " ", "_", " ").Replace(d.Name),
		"title":             clip(d.Title),
		"title_string":      clip(d.Title),
		"notes":             clip(d.Description),
		"state":             lower(d.State),
		"capacity":          capacity(d),
		"metadata_created":  d.CreatedAt.UTC(),
		"metadata_modified": d.ModifiedAt.UTC(),
		"num_resources":     float64(len(d.Distributions)),
		"num_tags":          float64(len(d.Keywords)),
	}
	if k, ok := sortTime(d.CreatedAt); ok {
		doc[fSortCreated] = k
	}
	if k, ok := sortTime(d.ModifiedAt); ok {
		doc[fSortMod] = k
	}
	if d.OrganizationID != "" {
		doc["owner_org"] = lower(d.OrganizationID)
	}
	if org.Name != "" {
		doc["organization"] = lower(org.Name)
		doc[fOrgTitle] = org.Title
		doc[fOrgPrefix] = org.Title
		doc[fOrgSuggest] = org.Name + suggestSep + org.Title
	}
	tags := limit(d.Keywords)
	setList(doc, "tags", tags)
	setList(doc, fTagsText, tags)
	setList(doc, fTagsFacet, tags)
	doc[fPrefix] = clip(d.Title + " " + strings.Join(tags, " "))

	var groups []string
	for _, t := range limit(d.Themes) {
		groups = append(groups, lower(iriSuffix(t)))
	}
	setList(doc, "groups", groups)

	var formats, licenses, resNames, resDescs, resURLs, resTypes []string
	for _, x := range d.Distributions {
		if f := formatLabel(x); f != "" {
			formats = append(formats, upper(f))
		}
		if x.License != "" {
			licenses = append(licenses, lower(licenseID(x.License)))
		}
		resNames = appendNonEmpty(resNames, clip(x.Title))
		resDescs = appendNonEmpty(resDescs, clip(x.Description))
		resURLs = appendNonEmpty(resURLs, firstNonEmpty(x.DownloadURL, x.AccessURL))
		resTypes = appendNonEmpty(resTypes, lower(x.ResourceType))
	}
	setList(doc, "res_format", limit(uniq(formats)))
	setList(doc, "license_id", limit(uniq(licenses)))
	setList(doc, "res_name", limit(resNames))
	setList(doc, "res_description", limit(resDescs))
	setList(doc, "res_url", limit(resURLs))
	setList(doc, "res_type", limit(uniq(resTypes)))

	if a := d.Creator; a != nil && a.Name != "" {
		doc["author"] = clip(a.Name)
	}
	if a := d.Maintainer; a != nil && a.Name != "" {
		doc["maintainer"] = clip(a.Name)
	} else if c := d.ContactPoint; c != nil && c.Name != "" {
		doc["maintainer"] = clip(c.Name)
	}
	if d.LandingPage != "" {
		doc["url"] = d.LandingPage
	}
	if d.Version != "" {
		doc["version"] = d.Version
	}
	if d.PoliticalGeocodingLevel != "" {
		doc[fGeoLevel] = iriSuffix(d.PoliticalGeocodingLevel)
	}
	doc["extras"] = extras(d)
	addSpatial(doc, d.Spatial)
	addTemporal(doc, d.Temporal)
	return doc
}

// suggestSep joins an organisation's slug and title in one facet term so
// that a single facet request yields both.
const suggestSep = "\x1f"

func capacity(d *catalog.Dataset) string {
	if d.Private {
		return "private"
	}
	return "public"
}

// extras collects the DCAT-AP.de fields under the keys ckanext-dcatde
// uses, plus the dataset's own CKAN extras.
func extras(d *catalog.Dataset) map[string]any {
	x := map[string]any{}
	put := func(k string, v []string) {
		if len(v) > 0 {
			x[k] = limit(v)
		}
	}
	put("contributorID", d.ContributorIDs)
	put("politicalGeocodingURI", d.PoliticalGeocodingURIs)
	put("geocodingText", d.GeocodingDescription)
	put("legalbasisText", d.LegalBasis)
	one := func(k, v string) {
		if v != "" {
			x[k] = clip(v)
		}
	}
	one("politicalGeocodingLevelURI", d.PoliticalGeocodingLevel)
	one("qualityProcessURI", d.QualityProcessURI)
	one("identifier", d.Identifier)
	one("metadata_original_html", d.LandingPage)
	if d.Harvest != nil {
		one("harvest_source_id", d.Harvest.SourceID)
	}
	keys := make([]string, 0, len(d.Extras))
	for k := range d.Extras {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	n := 0
	for _, k := range keys {
		if _, taken := x[k]; taken || !extraKey.MatchString(k) || d.Extras[k] == "" {
			continue
		}
		if n++; n > maxExtras {
			break
		}
		x[k] = clip(d.Extras[k])
	}
	return x
}

// addSpatial indexes the union of the dataset's extents as four numbers;
// a bounding-box filter is then four range conditions (see geo.go).
func addSpatial(doc map[string]any, locs []catalog.Location) {
	var box [4]float64
	found := false
	for _, l := range locs {
		var b [4]float64
		switch {
		case l.BBox != nil:
			b = *l.BBox
		case l.Centroid != nil:
			b = [4]float64{l.Centroid[0], l.Centroid[1], l.Centroid[0], l.Centroid[1]}
		default:
			continue
		}
		if validBBox(b) != nil {
			continue
		}
		if !found {
			box, found = b, true
			continue
		}
		box = [4]float64{min(box[0], b[0]), min(box[1], b[1]), max(box[2], b[2]), max(box[3], b[3])}
	}
	if found {
		doc[fBBoxMinLon], doc[fBBoxMinLat], doc[fBBoxMaxLon], doc[fBBoxMaxLat] = box[0], box[1], box[2], box[3]
	}
}

// addTemporal indexes the hull of the coverage periods. An open start or
// end means "since ever" / "until further notice".
func addTemporal(doc map[string]any, periods []catalog.PeriodOfTime) {
	var start, end time.Time
	found := false
	for _, p := range periods {
		if p.Start == nil && p.End == nil {
			continue
		}
		s, e := minTime, maxTime
		if p.Start != nil {
			s = clampTime(p.Start.Time)
		}
		if p.End != nil {
			e = clampTime(periodEnd(*p.End))
		}
		if !found || s.Before(start) {
			start = s
		}
		if !found || e.After(end) {
			end = e
		}
		found = true
	}
	if found {
		doc[fTempStart], doc[fTempEnd] = start, end
	}
}

// periodEnd is the last instant a date of reduced precision covers: an
// end "2024" means the whole year.
func periodEnd(d catalog.Date) time.Time {
	t := d.Time.UTC()
	switch d.Precision {
	case catalog.PrecisionYear:
		return time.Date(t.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)
	case catalog.PrecisionYearMonth:
		return time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)
	case catalog.PrecisionDate:
		return time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)
	}
	return t
}

func clampTime(t time.Time) time.Time {
	if t.Before(minTime) {
		return minTime
	}
	if t.After(maxTime) {
		return maxTime
	}
	return t.UTC()
}

// iriSuffix is the last path segment of a vocabulary IRI, or the value
// itself when it is a bare code ("CSV", "ENVI").
func iriSuffix(s string) string {
	s = strings.TrimRight(s, "/")
	if i := strings.LastIndexAny(s, "/#"); i >= 0 {
		return s[i+1:]
	}
	return s
}

// licenseID is the dcat-ap.de licence id: everything after /licenses/, so
// that versioned ids keep their version ("dl-by-de/2.0").
func licenseID(s string) string {
	if _, after, ok := strings.Cut(s, "/licenses/"); ok {
		return strings.TrimRight(after, "/")
	}
	return iriSuffix(s)
}

func clip(s string) string {
	if len(s) <= maxDocText {
		return s
	}
	i := maxDocText
	for i > 0 && !utf8.RuneStart(s[i]) { // do not cut a UTF-8 sequence
		i--
	}
	return s[:i]
}

func limit(v []string) []string {
	if len(v) > maxDocValues {
		v = v[:maxDocValues]
	}
	out := make([]string, 0, len(v))
	for _, s := range v {
		if s = strings.TrimSpace(clip(s)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func setList(doc map[string]any, k string, v []string) {
	if len(v) > 0 {
		doc[k] = v
	}
}

func appendNonEmpty(v []string, s string) []string {
	if s == "" {
		return v
	}
	return append(v, s)
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func uniq(v []string) []string {
	seen := make(map[string]bool, len(v))
	out := v[:0]
	for _, s := range v {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// formatLabel is the CKAN format string clients filter on ("WMS", not the
// EU code "WMS_SRVC"); formats outside the EU list that the CKAN API kept
// as an extra are indexed too, so res_format:Kartenviewer finds them.
func formatLabel(x catalog.Distribution) string {
	if x.Format != "" {
		if l := schemas.FileTypeLabel(x.Format); l != "" {
			return l
		}
		return iriSuffix(x.Format)
	}
	return x.Extras["format"]
}

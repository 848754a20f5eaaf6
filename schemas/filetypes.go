package schemas

import (
	"path"
	"strings"
)

// FileType is an entry of the EU file-type list.
type FileType struct {
	Concept
	Extensions []string `json:"extensions,omitempty"` // lower case, no dot
	MediaTypes []string `json:"media_types,omitempty"`
	// MachineReadable and NonProprietary are the EDP flags the MQA scores.
	MachineReadable bool `json:"machine_readable"`
	NonProprietary  bool `json:"non_proprietary"`
}

var (
	fileTypes = loadVocabulary("file-type", FileTypeBase, "filetypes.tsv")
	byExt     = map[string]string{} // extension → IRI
	byMime    = map[string]string{} // media type → IRI
)

// formatAliases are format strings CKAN portals write that are neither a
// code nor a label of the EU list.
var formatAliases = map[string]string{
	"wms": "WMS_SRVC", "wfs": "WFS_SRVC", "wcs": "WCS_SRVC", "wmts": "WMTS_SRVC",
	"ogc wms": "WMS_SRVC", "ogc wfs": "WFS_SRVC", "ogc:wms": "WMS_SRVC", "ogc:wfs": "WFS_SRVC",
	"json-ld": "JSON_LD", "jsonld": "JSON_LD", "rdf/xml": "RDF_XML",
	"turtle": "RDF_TURTLE", "ttl": "RDF_TURTLE", "n-triples": "RDF_N_TRIPLES", "nt": "RDF_N_TRIPLES",
	"n-quads": "RDF_N_QUADS", "nq": "RDF_N_QUADS", "trig": "RDF_TRIG",
	"shapefile": "SHP", "esri shapefile": "SHP", "shape": "SHP",
	"geo+json": "GEOJSON", "geo json": "GEOJSON", "excel": "XLSX",
	"text": "TXT", "plain": "TXT", "geotiff": "GEOTIFF", "gpkg": "GPKG", "geopackage": "GPKG",
	"htm": "HTML", "jpg": "JPEG", "tif": "TIFF", "gz": "GZIP",
	"ms word": "DOC", "word": "DOCX", "powerpoint": "PPTX",
}

// preferredExt settles extensions that several file types claim
// (.zip: ZIP and GTFS, .json: JSON and GEOJSON, …): the general type wins.
var preferredExt = map[string]string{
	"zip": "ZIP", "json": "JSON", "xml": "XML", "html": "HTML", "htm": "HTML",
	"tiff": "TIFF", "tif": "TIFF", "txt": "TXT", "csv": "CSV", "pdf": "PDF",
	"jpg": "JPEG", "jpeg": "JPEG", "gz": "GZIP", "rdf": "RDF_XML", "kml": "KML",
	"xls": "XLS", "xlsx": "XLSX", "shp": "SHP", "dbf": "DBF", "gml": "GML",
	"ttl": "RDF_TURTLE", "nt": "RDF_N_TRIPLES", "jsonld": "JSON_LD", "geojson": "GEOJSON",
}

// extraMedia are media types the EU list does not map (it has none for
// JSON, for example), with the file type they denote.
var extraMedia = map[string]string{
	"application/json": "JSON", "text/json": "JSON", "application/geo+json": "GEOJSON",
	"application/vnd.geo+json": "GEOJSON", "text/xml": "XML", "application/xml": "XML",
	"application/ld+json": "JSON_LD", "text/turtle": "RDF_TURTLE", "application/rdf+xml": "RDF_XML",
	"application/n-triples": "RDF_N_TRIPLES", "application/n-quads": "RDF_N_QUADS",
	"application/trig": "RDF_TRIG", "application/vnd.ms-excel": "XLS", "text/plain": "TXT",
	"application/vnd.oasis.opendocument.spreadsheet": "ODS", "application/x-zip-compressed": "ZIP",
	"application/zip": "ZIP", "text/tab-separated-values": "TSV", "text/csv": "CSV",
	"application/vnd.google-earth.kml+xml": "KML", "application/vnd.google-earth.kmz": "KMZ",
	"application/gml+xml": "GML", "application/geopackage+sqlite3": "GPKG", "text/html": "HTML",
	"application/pdf": "PDF", "image/tiff": "TIFF", "application/gzip": "GZIP",
	"text/calendar": "ICS", "application/rss+xml": "RSS", "application/atom+xml": "ATOM",
}

func init() {
	for _, c := range fileTypes.list {
		ex := fileTypes.extra[c.IRI]
		for _, e := range strings.Fields(ex["ext"]) {
			if _, taken := byExt[e]; !taken || strings.EqualFold(c.Code, e) {
				byExt[e] = c.IRI
			}
		}
		for _, m := range strings.Fields(ex["mime"]) {
			if _, taken := byMime[m]; !taken {
				byMime[m] = c.IRI
			}
		}
	}
	for e, code := range preferredExt {
		byExt[e] = FileTypeBase + code
	}
	for m, code := range extraMedia {
		byMime[m] = FileTypeBase + code
	}
	for a, code := range formatAliases {
		fileTypes.alias(a, FileTypeBase+code)
	}
}

// FileTypeByIRI returns the file type with exactly this IRI.
func FileTypeByIRI(iri string) (FileType, bool) {
	c, ok := fileTypes.ByIRI(iri)
	if !ok {
		return FileType{}, false
	}
	ex := fileTypes.extra[iri]
	return FileType{Concept: c, Extensions: strings.Fields(ex["ext"]), MediaTypes: strings.Fields(ex["mime"]),
		MachineReadable: ex["machine"] == "true", NonProprietary: ex["nonprop"] == "true"}, true
}

// FileTypes returns the EU file types in IRI order.
func FileTypes() []FileType {
	out := make([]FileType, 0, len(fileTypes.list))
	for _, c := range fileTypes.list {
		ft, _ := FileTypeByIRI(c.IRI)
		out = append(out, ft)
	}
	return out
}

// FileTypeFor maps a CKAN format string ("CSV", "csv", "GeoJSON", "WMS"),
// a media type ("text/csv", also as IANA IRI), a file name or extension
// ("daten.xlsx", ".xlsx") or a file-type IRI variant to the EU file-type
// IRI.
func FileTypeFor(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxValueLen {
		return "", false
	}
	if iri, ok := fileTypes.Normalize(s); ok {
		return iri, true
	}
	if mt, ok := afterBase(s, MediaTypeBase); ok {
		s = mt
	}
	mt, _, _ := strings.Cut(strings.ToLower(s), ";")
	if iri, ok := byMime[strings.TrimSpace(mt)]; ok {
		return iri, true
	}
	if strings.Contains(s, "://") {
		// A URL: judge it by its path's extension.
		_, s, _ = strings.Cut(s[strings.Index(s, "://")+3:], "/")
		s, _, _ = strings.Cut(s, "?")
	}
	if ext := strings.ToLower(strings.TrimPrefix(path.Ext(s), ".")); ext != "" {
		if iri, ok := byExt[ext]; ok {
			return iri, true
		}
		return fileTypes.Normalize(ext)
	}
	return "", false
}

// ckanFormats are the CKAN format strings for codes whose EU code is not
// what CKAN clients expect; FileTypeFor maps each back.
var ckanFormats = map[string]string{
	"WMS_SRVC": "WMS", "WFS_SRVC": "WFS", "WCS_SRVC": "WCS", "WMTS_SRVC": "WMTS",
	"GEOJSON": "GeoJSON", "JSON_LD": "JSON-LD", "RDF_XML": "RDF/XML", "RDF_TURTLE": "Turtle",
	"RDF_N_TRIPLES": "N-Triples", "RDF_N_QUADS": "N-Quads",
}

// FileTypeLabel is the CKAN format string for a file-type IRI ("CSV",
// "GeoJSON", "WMS"), "" if the IRI is not in the list.
func FileTypeLabel(iri string) string {
	c, ok := fileTypes.ByIRI(iri)
	if !ok {
		return ""
	}
	if f, ok := ckanFormats[c.Code]; ok {
		return f
	}
	return c.Code
}

// mediaByExt gives the IANA media type for common data file extensions;
// it is checked before the EU list, whose MIME mappings are sparse.
var mediaByExt = map[string]string{
	"csv": "text/csv", "tsv": "text/tab-separated-values", "json": "application/json",
	"geojson": "application/geo+json", "jsonld": "application/ld+json", "xml": "application/xml",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"xls":  "application/vnd.ms-excel", "ods": "application/vnd.oasis.opendocument.spreadsheet",
	"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"odt":  "application/vnd.oasis.opendocument.text", "doc": "application/msword",
	"pdf": "application/pdf", "zip": "application/zip", "gz": "application/gzip",
	"txt": "text/plain", "html": "text/html", "htm": "text/html", "ttl": "text/turtle",
	"rdf": "application/rdf+xml", "nt": "application/n-triples", "nq": "application/n-quads",
	"kml": "application/vnd.google-earth.kml+xml", "kmz": "application/vnd.google-earth.kmz",
	"gml": "application/gml+xml", "gpkg": "application/geopackage+sqlite3", "gpx": "application/gpx+xml",
	"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
	"tif": "image/tiff", "tiff": "image/tiff", "svg": "image/svg+xml", "ics": "text/calendar",
	"md": "text/markdown", "yaml": "application/yaml", "yml": "application/yaml",
	"parquet": "application/vnd.apache.parquet", "rss": "application/rss+xml",
	"atom": "application/atom+xml", "mp3": "audio/mpeg", "mp4": "video/mp4",
}

// MediaTypeForExt returns the IANA media type for a file extension
// ("csv", ".csv" or a file name).
func MediaTypeForExt(ext string) (string, bool) {
	ext = strings.ToLower(strings.TrimSpace(ext))
	if strings.Contains(ext, ".") {
		ext = strings.TrimPrefix(path.Ext(ext), ".")
	}
	if mt, ok := mediaByExt[ext]; ok {
		return mt, true
	}
	if iri, ok := byExt[ext]; ok {
		if ms := strings.Fields(fileTypes.extra[iri]["mime"]); len(ms) > 0 {
			return ms[0], true
		}
	}
	return "", false
}

// MediaTypeIRI returns the IANA IRI of a media type ("text/csv" →
// https://www.iana.org/assignments/media-types/text/csv), which the 3.0
// shapes require for dcat:mediaType; "" if mt is not type/subtype.
func MediaTypeIRI(mt string) string {
	mt, _, _ = strings.Cut(strings.ToLower(strings.TrimSpace(mt)), ";")
	mt = strings.TrimSpace(mt)
	typ, sub, ok := strings.Cut(mt, "/")
	if !ok || !isToken(typ) || !isToken(sub) {
		return ""
	}
	return MediaTypeBase + mt
}

// isToken reports whether s is a non-empty RFC 6838 name.
func isToken(s string) bool {
	if s == "" || len(s) > 127 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("!#$&-^_.+", r)) {
			return false
		}
	}
	return true
}

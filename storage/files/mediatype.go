package files

import (
	"mime"
	"net/http"
	"path"
	"strings"
)

// byExtension names the media types of the formats open-data portals see
// most. The extension wins over sniffing for these because sniffing cannot
// tell CSV from plain text, or XLSX and ODS from any ZIP archive.
var byExtension = map[string]string{
	".csv":     "text/csv",
	".tsv":     "text/tab-separated-values",
	".txt":     "text/plain",
	".md":      "text/markdown",
	".xlsx":    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".xls":     "application/vnd.ms-excel",
	".ods":     "application/vnd.oasis.opendocument.spreadsheet",
	".docx":    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".doc":     "application/msword",
	".odt":     "application/vnd.oasis.opendocument.text",
	".pdf":     "application/pdf",
	".json":    "application/json",
	".geojson": "application/geo+json",
	".jsonld":  "application/ld+json",
	".xml":     "application/xml",
	".rdf":     "application/rdf+xml",
	".ttl":     "text/turtle",
	".nt":      "application/n-triples",
	".gml":     "application/gml+xml",
	".kml":     "application/vnd.google-earth.kml+xml",
	".kmz":     "application/vnd.google-earth.kmz",
	".gpx":     "application/gpx+xml",
	".gpkg":    "application/geopackage+sqlite3",
	".shp":     "application/vnd.shp",
	".shx":     "application/vnd.shx",
	".dbf":     "application/vnd.dbf",
	".zip":     "application/zip",
	".gz":      "application/gzip",
	".7z":      "application/x-7z-compressed",
	".parquet": "application/vnd.apache.parquet",
	".html":    "text/html",
	".htm":     "text/html",
	".xhtml":   "application/xhtml+xml",
	".svg":     "image/svg+xml",
	".js":      "text/javascript",
	".css":     "text/css",
	".png":     "image/png",
	".jpg":     "image/jpeg",
	".jpeg":    "image/jpeg",
	".gif":     "image/gif",
	".webp":    "image/webp",
	".tif":     "image/tiff",
	".tiff":    "image/tiff",
	".ics":     "text/calendar",
	".atom":    "application/atom+xml",
	".rss":     "application/rss+xml",
}

// DetectMediaType names the media type of an upload: by the extension of
// filename for known data formats, else by sniffing head (the first up to
// 512 bytes) with http.DetectContentType. The result is a bare media type
// without parameters ("text/plain", not "text/plain; charset=utf-8"), as
// DCAT's dcat:mediaType wants it; application/octet-stream when nothing fits.
func DetectMediaType(filename string, head []byte) string {
	if t, ok := byExtension[strings.ToLower(path.Ext(filename))]; ok {
		return t
	}
	if len(head) > 512 {
		head = head[:512]
	}
	t, _, err := mime.ParseMediaType(http.DetectContentType(head))
	if err != nil {
		return "application/octet-stream"
	}
	return t
}

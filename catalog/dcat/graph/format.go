package graph

import (
	"fmt"
	"io"
	"mime"
	"strings"
)

// Format is an RDF serialisation.
type Format uint8

const (
	Turtle Format = iota + 1
	NTriples
	RDFXML
	JSONLD
)

// Formats lists every format, in the order content negotiation prefers.
var Formats = []Format{Turtle, RDFXML, JSONLD, NTriples}

// ContentType is the exact media type the format is served with (no
// charset: ckanext-dcat sends none and harvesters compare exactly).
func (f Format) ContentType() string {
	switch f {
	case Turtle:
		return "text/turtle"
	case NTriples:
		return "application/n-triples"
	case RDFXML:
		return "application/rdf+xml"
	case JSONLD:
		return "application/ld+json"
	}
	return ""
}

// Ext is the usual file extension without the dot.
func (f Format) Ext() string {
	switch f {
	case Turtle:
		return "ttl"
	case NTriples:
		return "nt"
	case RDFXML:
		return "rdf"
	case JSONLD:
		return "jsonld"
	}
	return ""
}

func (f Format) String() string {
	switch f {
	case Turtle:
		return "Turtle"
	case NTriples:
		return "N-Triples"
	case RDFXML:
		return "RDF/XML"
	case JSONLD:
		return "JSON-LD"
	}
	return fmt.Sprintf("Format(%d)", uint8(f))
}

// FormatByExt maps a URL extension to a format. "n3" is served as Turtle
// (every Turtle document is valid N3); "xml" is RDF/XML as in ckanext-dcat.
func FormatByExt(ext string) (Format, bool) {
	switch strings.ToLower(strings.TrimPrefix(ext, ".")) {
	case "ttl", "turtle", "n3":
		return Turtle, true
	case "nt":
		return NTriples, true
	case "rdf", "xml", "owl":
		return RDFXML, true
	case "jsonld", "json-ld":
		return JSONLD, true
	}
	return 0, false
}

// FormatByMediaType maps a media type (parameters allowed) to a format.
func FormatByMediaType(mt string) (Format, bool) {
	t, _, err := mime.ParseMediaType(mt)
	if err != nil {
		t = strings.ToLower(strings.TrimSpace(mt))
	}
	switch t {
	case "text/turtle", "application/x-turtle", "text/n3", "text/rdf+n3":
		return Turtle, true
	case "application/n-triples", "text/plain":
		return NTriples, true
	case "application/rdf+xml", "application/xml", "text/xml":
		return RDFXML, true
	case "application/ld+json", "application/json":
		return JSONLD, true
	}
	return 0, false
}

// SyntaxError reports malformed input, with the position when known.
type SyntaxError struct {
	Format Format
	Line   int // 0 if unknown
	Msg    string
}

func (e *SyntaxError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s syntax error at line %d: %s (%s-Syntaxfehler in Zeile %d)", e.Format, e.Line, e.Msg, e.Format, e.Line)
	}
	return fmt.Sprintf("%s syntax error: %s (%s-Syntaxfehler)", e.Format, e.Msg, e.Format)
}

// Read parses r in format f into a new graph. base resolves relative IRIs
// (may be empty).
func Read(r io.Reader, f Format, base string, l Limits) (*Graph, error) {
	g := New(l)
	if err := ReadInto(g, r, f, base); err != nil {
		return nil, err
	}
	return g, nil
}

// ReadInto adds the triples of r to g, applying g's limits.
func ReadInto(g *Graph, r io.Reader, f Format, base string) error {
	lr := &limitReader{r: r, n: g.limits.MaxBytes}
	var err error
	switch f {
	case Turtle, NTriples:
		err = readTurtle(g, lr, f, base)
	case RDFXML:
		err = readRDFXML(g, lr, base)
	case JSONLD:
		err = readJSONLD(g, lr, base)
	default:
		return fmt.Errorf("unknown RDF format %d", f)
	}
	if lr.over {
		return &LimitError{What: "bytes", Limit: g.limits.MaxBytes}
	}
	if err != nil {
		return err
	}
	return g.CheckDepth()
}

// limitReader fails (rather than truncating silently) once more than n
// bytes were read, so a cut-off document never parses as a shorter valid one.
type limitReader struct {
	r    io.Reader
	n    int64
	over bool
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.over {
		return 0, &LimitError{What: "bytes", Limit: -1}
	}
	if int64(len(p)) > l.n+1 {
		p = p[:l.n+1]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if l.n < 0 {
		l.over = true
		return 0, &LimitError{What: "bytes", Limit: -1}
	}
	return n, err
}

package dcat

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

// Encoder turns datasets into DCAT-AP.de triples. One Encoder serves one
// document: it numbers blank nodes so that batches written one after the
// other never share a label. It is not safe for concurrent use.
type Encoder struct {
	Base    string // public base URL, no trailing slash
	Profile Profile
	bnodes  int
	out     []graph.Triple
}

// NewEncoder returns an encoder for IRIs under base.
func NewEncoder(base string, p Profile) *Encoder {
	return &Encoder{Base: strings.TrimRight(base, "/"), Profile: p}
}

// DatasetIRI is the dataset's stable IRI (by id, never by name, so that a
// rename does not make harvesters delete and re-create it).
func (e *Encoder) DatasetIRI(id string) string { return e.Base + "/dataset/" + url.PathEscape(id) }

// DistributionIRI is the distribution's stable IRI.
func (e *Encoder) DistributionIRI(datasetID, id string) string {
	return e.DatasetIRI(datasetID) + "/resource/" + url.PathEscape(id)
}

// DownloadURL is where an uploaded file is served.
func (e *Encoder) DownloadURL(datasetID string, d *catalog.Distribution) string {
	return e.DistributionIRI(datasetID, d.ID) + "/download/" + url.PathEscape(d.FileName)
}

func (e *Encoder) blank() graph.Term {
	e.bnodes++
	return graph.Blank("n" + strconv.Itoa(e.bnodes))
}

func (e *Encoder) add(s, p, o graph.Term) { e.out = append(e.out, graph.Triple{S: s, P: p, O: o}) }

func (e *Encoder) iri(s graph.Term, p, v string) {
	if v != "" {
		e.add(s, graph.IRI(p), graph.IRI(v))
	}
}

func (e *Encoder) iris(s graph.Term, p string, vs []string) {
	for _, v := range vs {
		e.iri(s, p, v)
	}
}

func (e *Encoder) text(s graph.Term, p, v string) {
	if v != "" {
		e.add(s, graph.IRI(p), graph.Literal(cleanText(v)))
	}
}

func (e *Encoder) date(s graph.Term, p string, d *catalog.Date) {
	if d != nil && !d.Time.IsZero() {
		e.add(s, graph.IRI(p), dateTerm(*d))
	}
}

func (e *Encoder) typ(s graph.Term, class string) {
	e.add(s, graph.IRI(graph.RDFType), graph.IRI(class))
}

// dateTerm keeps the precision the value was given in.
func dateTerm(d catalog.Date) graph.Term {
	dt := nsXSD + "dateTime"
	switch d.Precision {
	case catalog.PrecisionDate:
		dt = nsXSD + "date"
	case catalog.PrecisionYearMonth:
		dt = nsXSD + "gYearMonth"
	case catalog.PrecisionYear:
		dt = nsXSD + "gYear"
	}
	return graph.Typed(d.String(), dt)
}

// cleanText drops what no RDF syntax can carry everywhere (invalid UTF-8,
// control characters other than tab and newlines), so that every format
// writes the same graph.
func cleanText(s string) string {
	ok := utf8.ValidString(s)
	for i := 0; ok && i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
			ok = false
		}
	}
	if ok {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, s)
}

// mailto and tel build IRIs from an address or number; characters an IRI
// cannot hold are percent-encoded so the decoder gets the exact value back.
func mailto(email string) string {
	return "mailto:" + escapeOpaque(strings.TrimPrefix(email, "mailto:"))
}
func tel(number string) string { return "tel:" + escapeOpaque(strings.TrimPrefix(number, "tel:")) }

func escapeOpaque(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c >= 0x7f || strings.IndexByte(`<>"{}|\^`+"`%", c) >= 0 {
			b.WriteByte('%')
			b.WriteByte("0123456789ABCDEF"[c>>4])
			b.WriteByte("0123456789ABCDEF"[c&0xf])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

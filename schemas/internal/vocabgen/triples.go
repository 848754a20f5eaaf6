// Package vocabgen turns the vocabulary files copied into schemas/vocab/src
// (RDF/XML, Turtle and two JSON lists from GovData) into the compact TSV
// tables that the schemas package embeds. Generating at build time instead
// of parsing at start-up keeps the server's start fast (the EU file-type
// list alone is 200 kB of RDF/XML) and keeps RDF parsing out of the binary.
// The schemas tests re-run Generate and fail when the committed tables are
// stale.
package vocabgen

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"

	"github.com/knakk/rdf"
)

// Namespaces of the vocabulary files.
const (
	nsRDF  = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	nsXML  = "http://www.w3.org/XML/1998/namespace"
	nsSKOS = "http://www.w3.org/2004/02/skos/core#"
	nsDC   = "http://purl.org/dc/elements/1.1/"
	nsAT   = "http://publications.europa.eu/ontology/authority/"
)

// triple is one statement; O is an IRI, a blank node label ("_:…") or a
// literal (Literal true, Lang its language tag).
type triple struct {
	S, P, O string
	Lang    string
	Literal bool
}

// graph indexes triples by subject.
type graph map[string][]triple

func (g graph) add(t triple) { g[t.S] = append(g[t.S], t) }

// values returns the objects of s p, in file order.
func (g graph) values(s, p string) []triple {
	var out []triple
	for _, t := range g[s] {
		if t.P == p {
			out = append(out, t)
		}
	}
	return out
}

// first returns the first object of s p, preferring lang when given.
func (g graph) first(s, p, lang string) string {
	vs := g.values(s, p)
	for _, v := range vs {
		if lang == "" || v.Lang == lang {
			return v.O
		}
	}
	return ""
}

// readRDFXML reads the subset of RDF/XML the vocabulary files use: node
// elements with rdf:about (or nested, becoming blank nodes), property
// elements with rdf:resource, a literal text with xml:lang, or one nested
// node element.
func readRDFXML(r io.Reader) (graph, error) {
	g := graph{}
	dec := xml.NewDecoder(r)
	bnodes := 0
	var walkNode func(start xml.StartElement) (string, error)
	walkNode = func(start xml.StartElement) (string, error) {
		subj := attr(start, nsRDF, "about")
		if subj == "" {
			bnodes++
			subj = "_:b" + strconv.Itoa(bnodes)
		}
		if !(start.Name.Space == nsRDF && start.Name.Local == "Description") {
			g.add(triple{S: subj, P: nsRDF + "type", O: start.Name.Space + start.Name.Local})
		}
		// Property attributes (at:deprecated="false") are literals too.
		for _, a := range start.Attr {
			if a.Name.Space != nsRDF && a.Name.Space != nsXML && a.Name.Space != "xmlns" && a.Name.Space != "" {
				g.add(triple{S: subj, P: a.Name.Space + a.Name.Local, O: a.Value, Literal: true})
			}
		}
		for {
			tok, err := dec.Token()
			if err != nil {
				return "", err
			}
			switch el := tok.(type) {
			case xml.EndElement:
				return subj, nil
			case xml.StartElement:
				pred := el.Name.Space + el.Name.Local
				if res := attr(el, nsRDF, "resource"); res != "" {
					g.add(triple{S: subj, P: pred, O: res})
					if err := dec.Skip(); err != nil {
						return "", err
					}
					continue
				}
				lang := attr(el, nsXML, "lang")
				text, child, err := readProperty(dec, walkNode)
				if err != nil {
					return "", err
				}
				if child != "" {
					g.add(triple{S: subj, P: pred, O: child})
				} else {
					g.add(triple{S: subj, P: pred, O: text, Lang: lang, Literal: true})
				}
			}
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return g, nil
		}
		if err != nil {
			return nil, err
		}
		if el, ok := tok.(xml.StartElement); ok && !(el.Name.Space == nsRDF && el.Name.Local == "RDF") {
			if _, err := walkNode(el); err != nil {
				return nil, err
			}
		}
	}
}

// readProperty reads a property element's content: text, or one nested node.
func readProperty(dec *xml.Decoder, walkNode func(xml.StartElement) (string, error)) (text, child string, err error) {
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", "", err
		}
		switch el := tok.(type) {
		case xml.CharData:
			text += string(el)
		case xml.StartElement:
			if child, err = walkNode(el); err != nil {
				return "", "", err
			}
		case xml.EndElement:
			if child != "" {
				return "", child, nil
			}
			return text, "", nil
		}
	}
}

func attr(el xml.StartElement, space, local string) string {
	for _, a := range el.Attr {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// readTurtle reads a Turtle file with knakk/rdf.
func readTurtle(r io.Reader) (graph, error) {
	ts, err := rdf.NewTripleDecoder(r, rdf.Turtle).DecodeAll()
	if err != nil {
		return nil, fmt.Errorf("turtle: %w", err)
	}
	g := graph{}
	for _, t := range ts {
		tr := triple{S: t.Subj.String(), P: t.Pred.String(), O: t.Obj.String()}
		if lit, ok := t.Obj.(rdf.Literal); ok {
			tr.Literal, tr.Lang = true, lit.Lang()
		}
		g.add(tr)
	}
	return g, nil
}

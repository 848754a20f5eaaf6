package graph

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/html/charset"
)

const xmlNS = "http://www.w3.org/XML/1998/namespace"

// frame kinds of the RDF/XML state machine.
const (
	fDoc      = iota // inside rdf:RDF (or before the root): node elements follow
	fNode            // inside a node element: property elements follow
	fProp            // inside a property element: text or one node element
	fLiteral         // inside rdf:parseType="Literal": raw XML
	fList            // inside rdf:parseType="Collection": node elements
	fResource        // inside rdf:parseType="Resource": property elements
	fSkip            // an element we ignore with its content
)

type xframe struct {
	kind  int
	subj  Term   // fNode, fResource: the node; fProp, fList: the subject
	pred  string // fProp, fList
	lang  string
	base  string
	li    int    // rdf:li counter of a node
	dt    string // rdf:datatype of a property
	text  strings.Builder
	child bool   // property got a node element (or resource)
	items []Term // fList
	lit   *xml.Encoder
	litb  *bytes.Buffer
	depth int // fLiteral: nesting inside the literal
}

type rdfxmlReader struct {
	g     *Graph
	dec   *xml.Decoder
	stack []*xframe
	max   int
	ids   map[string]Term // rdf:nodeID → blank node, scoped to the document
}

func (x *rdfxmlReader) nodeID(id string) Term {
	if t, ok := x.ids[id]; ok {
		return t
	}
	t := x.g.NewBlank()
	x.ids[id] = t
	return t
}

// readRDFXML parses RDF/XML with encoding/xml, streaming: memory is the
// graph plus the current element path. DTDs are refused outright (entity
// expansion is the classic XML bomb), and declared encodings other than
// UTF-8 are converted or rejected with a clear error.
func readRDFXML(g *Graph, r io.Reader, base string) error {
	dec := xml.NewDecoder(r)
	dec.Strict = true
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		cr, err := charset.NewReaderLabel(label, in)
		if err != nil {
			return nil, fmt.Errorf("unsupported encoding %q (nicht unterstützte Zeichenkodierung)", label)
		}
		return cr, nil
	}
	x := &rdfxmlReader{g: g, dec: dec, max: 2*g.limits.MaxDepth + 8, ids: map[string]Term{}}
	x.stack = []*xframe{{kind: fDoc, base: base}}
	if err := x.run(); err != nil {
		var le *LimitError
		var se *SyntaxError
		if errors.As(err, &le) || errors.As(err, &se) {
			return err
		}
		line, _ := dec.InputPos()
		return &SyntaxError{Format: RDFXML, Line: line, Msg: err.Error()}
	}
	return nil
}

func (x *rdfxmlReader) top() *xframe { return x.stack[len(x.stack)-1] }

func (x *rdfxmlReader) push(f *xframe) error {
	if len(x.stack) > x.max {
		return &LimitError{What: "levels of XML nesting", Limit: int64(x.max)}
	}
	x.stack = append(x.stack, f)
	return nil
}

func (x *rdfxmlReader) run() error {
	sawRoot := false
	for {
		tok, err := x.dec.Token()
		if err == io.EOF {
			if !sawRoot {
				return errors.New("no RDF content (kein RDF-Inhalt)")
			}
			if len(x.stack) > 1 {
				return errors.New("unexpected end of document")
			}
			return nil
		}
		if err != nil {
			var le *LimitError
			if errors.As(err, &le) {
				return le
			}
			return err
		}
		f := x.top()
		switch t := tok.(type) {
		case xml.Directive:
			if f.kind == fLiteral {
				return errors.New("directive inside XML literal")
			}
			return errors.New("DTDs and entity declarations (<!DOCTYPE, <!ENTITY) are not accepted (DTD und Entity-Deklarationen werden nicht akzeptiert)")
		case xml.ProcInst, xml.Comment:
			// no RDF meaning
		case xml.CharData:
			switch f.kind {
			case fProp:
				if f.text.Len()+len(t) > x.g.limits.MaxLiteral {
					return &LimitError{What: "literal size", Limit: int64(x.g.limits.MaxLiteral)}
				}
				f.text.Write(t)
			case fLiteral:
				if err := f.lit.EncodeToken(t); err != nil {
					return err
				}
			default:
				if len(bytes.TrimSpace(t)) > 0 {
					return fmt.Errorf("unexpected text %.40q", string(bytes.TrimSpace(t)))
				}
			}
		case xml.StartElement:
			sawRoot = true
			if err := x.start(f, t); err != nil {
				return err
			}
		case xml.EndElement:
			if err := x.end(f, t); err != nil {
				return err
			}
		}
	}
}

func (x *rdfxmlReader) start(f *xframe, t xml.StartElement) error {
	if t.Name.Space != "" && !strings.Contains(t.Name.Space, ":") {
		return fmt.Errorf("undeclared namespace prefix %q on <%s:%s> (nicht deklariertes Namensraum-Präfix)", t.Name.Space, t.Name.Space, t.Name.Local)
	}
	switch f.kind {
	case fSkip:
		return x.push(&xframe{kind: fSkip})
	case fLiteral:
		f.depth++
		clean := t.Copy()
		clean.Attr = clean.Attr[:0]
		for _, a := range t.Attr {
			if a.Name.Space != "xmlns" && a.Name.Local != "xmlns" {
				clean.Attr = append(clean.Attr, a)
			}
		}
		return f.lit.EncodeToken(clean)
	case fDoc:
		if t.Name.Space == RDFNS && t.Name.Local == "RDF" {
			lang, base := x.scope(f, t)
			return x.push(&xframe{kind: fDoc, lang: lang, base: base})
		}
		_, err := x.nodeElement(f, t)
		return err
	case fNode, fResource:
		return x.propertyElement(f, t)
	case fProp:
		if f.child {
			return errors.New("a property element may contain only one node element")
		}
		if strings.TrimSpace(f.text.String()) != "" {
			return fmt.Errorf("property <%s> mixes text and elements", f.pred)
		}
		f.child = true
		n, err := x.nodeElement(f, t)
		if err != nil {
			return err
		}
		return x.g.Add(Triple{f.subj, IRI(f.pred), n})
	case fList:
		n, err := x.nodeElement(f, t)
		if err != nil {
			return err
		}
		f.items = append(f.items, n)
		return nil
	}
	return nil
}

// scope applies xml:lang and xml:base of an element to its parent's.
func (x *rdfxmlReader) scope(parent *xframe, t xml.StartElement) (lang, base string) {
	lang, base = parent.lang, parent.base
	for _, a := range t.Attr {
		if a.Name.Space == xmlNS {
			switch a.Name.Local {
			case "lang":
				lang = strings.ToLower(a.Value)
			case "base":
				base = resolve(base, a.Value)
			}
		}
	}
	return lang, base
}

// nodeElement handles a node element and pushes its frame.
func (x *rdfxmlReader) nodeElement(parent *xframe, t xml.StartElement) (Term, error) {
	lang, base := x.scope(parent, t)
	var subj Term
	var props []xml.Attr
	for _, a := range t.Attr {
		switch {
		case a.Name.Space == RDFNS && a.Name.Local == "about":
			subj = IRI(resolve(base, a.Value))
		case a.Name.Space == RDFNS && a.Name.Local == "ID":
			subj = IRI(resolve(base, "#"+a.Value))
		case a.Name.Space == RDFNS && a.Name.Local == "nodeID":
			subj = x.nodeID(a.Value)
		case isPropertyAttr(a):
			props = append(props, a)
		}
	}
	if subj.IsZero() {
		subj = x.g.NewBlank()
	}
	if t.Name.Space == RDFNS && t.Name.Local == "li" {
		return Term{}, errors.New("rdf:li cannot be a node element")
	}
	if !(t.Name.Space == RDFNS && t.Name.Local == "Description") {
		if err := x.g.Add(Triple{subj, IRI(RDFType), IRI(t.Name.Space + t.Name.Local)}); err != nil {
			return Term{}, err
		}
	}
	if err := x.propertyAttrs(subj, props, lang, base); err != nil {
		return Term{}, err
	}
	return subj, x.push(&xframe{kind: fNode, subj: subj, lang: lang, base: base})
}

func isPropertyAttr(a xml.Attr) bool {
	if a.Name.Space == xmlNS || a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
		return false
	}
	if a.Name.Space == "" || strings.HasPrefix(strings.ToLower(a.Name.Local), "xml") && !strings.Contains(a.Name.Space, ":") {
		return false // unqualified attributes have no IRI; RDF/XML ignores them
	}
	if a.Name.Space == RDFNS {
		switch a.Name.Local {
		case "about", "ID", "nodeID", "resource", "datatype", "parseType", "aboutEach", "aboutEachPrefix", "bagID", "li":
			return false
		}
	}
	return true
}

func (x *rdfxmlReader) propertyAttrs(subj Term, attrs []xml.Attr, lang, base string) error {
	for _, a := range attrs {
		if !strings.Contains(a.Name.Space, ":") {
			return fmt.Errorf("undeclared namespace prefix %q on attribute %s", a.Name.Space, a.Name.Local)
		}
		pred := a.Name.Space + a.Name.Local
		var o Term
		if pred == RDFType {
			o = IRI(resolve(base, a.Value))
		} else if lang != "" {
			o = LangLiteral(a.Value, lang)
		} else {
			o = Literal(a.Value)
		}
		if err := x.g.Add(Triple{subj, IRI(pred), o}); err != nil {
			return err
		}
	}
	return nil
}

func (x *rdfxmlReader) propertyElement(f *xframe, t xml.StartElement) error {
	lang, base := x.scope(f, t)
	pred := t.Name.Space + t.Name.Local
	if t.Name.Space == RDFNS && t.Name.Local == "li" {
		f.li++
		pred = RDFNS + "_" + strconv.Itoa(f.li)
	}
	if t.Name.Space == "" {
		return fmt.Errorf("property element <%s> has no namespace", t.Name.Local)
	}
	var res, node Term
	var dt, parseType string
	var props []xml.Attr
	for _, a := range t.Attr {
		switch {
		case a.Name.Space == RDFNS && a.Name.Local == "resource":
			res = IRI(resolve(base, a.Value))
		case a.Name.Space == RDFNS && a.Name.Local == "nodeID":
			node = x.nodeID(a.Value)
		case a.Name.Space == RDFNS && a.Name.Local == "datatype":
			dt = resolve(base, a.Value)
		case a.Name.Space == RDFNS && a.Name.Local == "parseType":
			parseType = a.Value
		case isPropertyAttr(a):
			props = append(props, a)
		}
	}
	switch parseType {
	case "":
	case "Resource":
		b := x.g.NewBlank()
		if err := x.g.Add(Triple{f.subj, IRI(pred), b}); err != nil {
			return err
		}
		return x.push(&xframe{kind: fResource, subj: b, lang: lang, base: base})
	case "Collection":
		return x.push(&xframe{kind: fList, subj: f.subj, pred: pred, lang: lang, base: base})
	default: // "Literal" and unknown values are XML literals by the spec
		buf := &bytes.Buffer{}
		return x.push(&xframe{kind: fLiteral, subj: f.subj, pred: pred, lit: xml.NewEncoder(buf), litb: buf})
	}
	if !res.IsZero() || !node.IsZero() || len(props) > 0 {
		o := res
		if o.IsZero() {
			o = node
		}
		if o.IsZero() {
			o = x.g.NewBlank()
		}
		if err := x.g.Add(Triple{f.subj, IRI(pred), o}); err != nil {
			return err
		}
		if err := x.propertyAttrs(o, props, lang, base); err != nil {
			return err
		}
		return x.push(&xframe{kind: fSkip})
	}
	return x.push(&xframe{kind: fProp, subj: f.subj, pred: pred, lang: lang, base: base, dt: dt})
}

func (x *rdfxmlReader) end(f *xframe, t xml.EndElement) error {
	switch f.kind {
	case fLiteral:
		if f.depth > 0 {
			f.depth--
			return f.lit.EncodeToken(t)
		}
		if err := f.lit.Flush(); err != nil {
			return err
		}
		if err := x.g.Add(Triple{f.subj, IRI(f.pred), Typed(f.litb.String(), RDFXMLLit)}); err != nil {
			return err
		}
	case fProp:
		if !f.child {
			var o Term
			switch {
			case f.dt != "":
				o = Typed(f.text.String(), f.dt)
			case f.lang != "":
				o = LangLiteral(f.text.String(), f.lang)
			default:
				o = Literal(f.text.String())
			}
			if err := x.g.Add(Triple{f.subj, IRI(f.pred), o}); err != nil {
				return err
			}
		}
	case fList:
		head := IRI(RDFNil)
		for i := len(f.items) - 1; i >= 0; i-- {
			cell := x.g.NewBlank()
			if err := x.g.Add(Triple{cell, IRI(RDFFirst), f.items[i]}); err != nil {
				return err
			}
			if err := x.g.Add(Triple{cell, IRI(RDFRest), head}); err != nil {
				return err
			}
			head = cell
		}
		if err := x.g.Add(Triple{f.subj, IRI(f.pred), head}); err != nil {
			return err
		}
	}
	x.stack = x.stack[:len(x.stack)-1]
	if len(x.stack) == 0 {
		return errors.New("unbalanced end element")
	}
	return nil
}

// resolve resolves ref against base; without a usable base the reference
// is kept as written rather than guessed.
func resolve(base, ref string) string {
	if base == "" {
		return ref
	}
	b, err := url.Parse(base)
	if err != nil {
		return ref
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	if r.IsAbs() {
		return ref
	}
	return b.ResolveReference(r).String()
}

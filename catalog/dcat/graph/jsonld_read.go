package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/piprate/json-gold/ld"
)

// offlineLoader refuses every remote document: a harvested catalogue must
// not make the server fetch URLs of the author's choosing (SSRF), and
// remote contexts change under our feet. Catalogues with a remote
// @context get a clear error naming it.
type offlineLoader struct{}

func (offlineLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	return nil, ld.NewJsonLdError(ld.LoadingRemoteContextFailed,
		fmt.Sprintf("remote JSON-LD context %q is not fetched; inline it (entfernte Kontexte werden nicht geladen)", u))
}

func readJSONLD(g *Graph, r io.Reader, base string) (err error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if err := checkJSONDepth(data, g.limits.MaxDepth*2+8); err != nil {
		return err
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		return &SyntaxError{Format: JSONLD, Msg: err.Error()}
	}
	defer func() {
		if p := recover(); p != nil {
			err = &SyntaxError{Format: JSONLD, Msg: fmt.Sprintf("processor failure: %v", p)}
		}
	}()
	opts := ld.NewJsonLdOptions(base)
	opts.DocumentLoader = offlineLoader{}
	out, err := ld.NewJsonLdProcessor().ToRDF(doc, opts)
	if err != nil {
		msg := err.Error()
		if len(msg) > 300 {
			msg = msg[:300] + "…"
		}
		return &SyntaxError{Format: JSONLD, Msg: msg}
	}
	ds, ok := out.(*ld.RDFDataset)
	if !ok {
		return &SyntaxError{Format: JSONLD, Msg: "no RDF dataset produced"}
	}
	// Named graphs are flattened into one graph, as the validators do.
	// Blank-node labels are scoped to the document.
	ids := map[string]Term{}
	conv := func(n ld.Node) Term {
		t := fromLD(n)
		if t.IsBlank() {
			b, ok := ids[t.Value]
			if !ok {
				b = g.NewBlank()
				ids[t.Value] = b
			}
			return b
		}
		return t
	}
	for _, quads := range ds.Graphs {
		for _, q := range quads {
			s, p, o := conv(q.Subject), conv(q.Predicate), conv(q.Object)
			if s.IsZero() || p.IsZero() || o.IsZero() {
				continue
			}
			if err := g.Add(Triple{s, p, o}); err != nil {
				return err
			}
		}
	}
	return nil
}

func fromLD(n ld.Node) Term {
	switch v := n.(type) {
	case ld.IRI:
		return IRI(v.Value)
	case *ld.IRI:
		return IRI(v.Value)
	case ld.BlankNode:
		return Blank("j" + strings.TrimPrefix(v.Attribute, "_:"))
	case *ld.BlankNode:
		return Blank("j" + strings.TrimPrefix(v.Attribute, "_:"))
	case ld.Literal:
		return ldLiteral(v)
	case *ld.Literal:
		return ldLiteral(*v)
	}
	return Term{}
}

func ldLiteral(l ld.Literal) Term {
	if l.Language != "" {
		return LangLiteral(l.Value, l.Language)
	}
	return Typed(l.Value, l.Datatype)
}

// checkJSONDepth rejects documents nested deeper than max before any
// recursive processing sees them.
func checkJSONDepth(data []byte, max int) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				return &SyntaxError{Format: JSONLD, Msg: fmt.Sprintf("%v (at byte %d)", err, se.Offset)}
			}
			return &SyntaxError{Format: JSONLD, Msg: err.Error()}
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				depth++
				if depth > max {
					return &LimitError{What: "levels of JSON nesting", Limit: int64(max)}
				}
			default:
				depth--
			}
		}
	}
}

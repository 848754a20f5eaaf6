package graph

import (
	"bufio"
	"fmt"
	"io"
)

// Writer streams triples in one format. Each Write call is one batch
// (typically one dataset with its distributions): blank nodes used only
// inside a batch are nested, so a batch should contain all triples about
// its blank nodes. The document header is written before the first batch
// and the footer by Close; memory is bounded by the largest batch.
type Writer interface {
	Write(ts []Triple) error
	Close() error
}

// NewWriter returns a streaming writer for f. Prefixes are declared in the
// header; IRIs outside them are written in full.
func NewWriter(w io.Writer, f Format, prefixes []Prefix) (Writer, error) {
	bw := bufio.NewWriterSize(w, 32<<10)
	p := &prefixer{list: prefixes}
	switch f {
	case NTriples:
		return &ntWriter{w: bw}, nil
	case Turtle:
		return &turtleWriter{w: bw, p: p}, nil
	case RDFXML:
		return newRDFXMLWriter(bw, p), nil
	case JSONLD:
		return &jsonldWriter{w: bw, p: p}, nil
	}
	return nil, fmt.Errorf("unknown RDF format %d", f)
}

// Write serialises a whole graph in one go.
func Write(w io.Writer, g *Graph, f Format, prefixes []Prefix) error {
	wr, err := NewWriter(w, f, prefixes)
	if err != nil {
		return err
	}
	if err := wr.Write(g.Triples()); err != nil {
		return err
	}
	return wr.Close()
}

type ntWriter struct {
	w *bufio.Writer
}

func (n *ntWriter) Write(ts []Triple) error {
	for _, t := range ts {
		n.term(t.S)
		n.w.WriteByte(' ')
		n.term(t.P)
		n.w.WriteByte(' ')
		n.term(t.O)
		n.w.WriteString(" .\n")
	}
	return nil
}

func (n *ntWriter) term(t Term) {
	if t.IsBlank() {
		n.w.WriteString("_:")
		n.w.WriteString(safeLabel(t.Value))
		return
	}
	writeNTTerm(n.w, t)
}

func (n *ntWriter) Close() error { return n.w.Flush() }

package graph

import (
	"bufio"
)

type turtleWriter struct {
	w      *bufio.Writer
	p      *prefixer
	header bool
	l      layout
}

func (t *turtleWriter) writeHeader() {
	if t.header {
		return
	}
	t.header = true
	for _, p := range t.p.list {
		t.w.WriteString("@prefix ")
		t.w.WriteString(p.Name)
		t.w.WriteString(": <")
		writeEscapedIRI(t.w, p.IRI)
		t.w.WriteString("> .\n")
	}
	t.w.WriteByte('\n')
}

func (t *turtleWriter) Write(ts []Triple) error {
	t.writeHeader()
	t.l.plan(ts)
	for _, s := range t.l.top {
		t.subject(s)
		t.w.WriteByte(' ')
		t.predicates(s, 1)
		t.w.WriteString(" .\n\n")
	}
	return nil
}

func (t *turtleWriter) Close() error {
	t.writeHeader()
	return t.w.Flush()
}

func (t *turtleWriter) subject(s Term) {
	if s.IsBlank() {
		t.w.WriteString("_:")
		t.w.WriteString(safeLabel(s.Value))
		return
	}
	t.iri(s.Value)
}

func (t *turtleWriter) predicates(s Term, depth int) {
	props := t.l.props(s)
	indent := indent(4 * (depth))
	for i, tr := range props {
		if i > 0 && props[i-1].P == tr.P {
			t.w.WriteString(",\n")
			t.w.WriteString(indent)
			t.w.WriteString("    ")
		} else {
			if i > 0 {
				t.w.WriteString(" ;\n")
				t.w.WriteString(indent)
			}
			if tr.P.Value == RDFType {
				t.w.WriteByte('a')
			} else {
				t.iri(tr.P.Value)
			}
			t.w.WriteByte(' ')
		}
		t.object(tr.O, depth)
	}
}

func (t *turtleWriter) object(o Term, depth int) {
	switch {
	case t.l.isInlineObject(o):
		t.w.WriteString("[\n")
		t.w.WriteString(indent(4 * (depth + 1)))
		t.predicates(o, depth+1)
		t.w.WriteString("\n")
		t.w.WriteString(indent(4 * (depth)))
		t.w.WriteByte(']')
	case o.IsBlank():
		t.w.WriteString("_:")
		t.w.WriteString(safeLabel(o.Value))
	case o.IsIRI():
		t.iri(o.Value)
	default:
		t.w.WriteByte('"')
		writeEscapedString(t.w, o.Value)
		t.w.WriteByte('"')
		if o.Lang != "" {
			t.w.WriteByte('@')
			t.w.WriteString(o.Lang)
		} else if o.Datatype != "" {
			t.w.WriteString("^^")
			t.iri(o.Datatype)
		}
	}
}

func (t *turtleWriter) iri(s string) {
	if p, local, ok := t.p.compact(s); ok {
		t.w.WriteString(p)
		t.w.WriteByte(':')
		t.w.WriteString(local)
		return
	}
	t.w.WriteByte('<')
	writeEscapedIRI(t.w, s)
	t.w.WriteByte('>')
}

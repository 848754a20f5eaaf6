package graph

import (
	"bufio"
)

// jsonldWriter writes compacted-style JSON-LD: one inline @context with
// the prefixes, a @graph of node objects with compact property names, and
// blank nodes nested where they are used once. It writes JSON directly
// instead of running the JSON-LD compaction algorithm per dataset, which
// would cost a hundred times more for the same output.
type jsonldWriter struct {
	w      *bufio.Writer
	p      *prefixer
	header bool
	nodes  int
	l      layout
}

func (j *jsonldWriter) writeHeader() {
	if j.header {
		return
	}
	j.header = true
	j.w.WriteString("{\n  \"@context\": {")
	for i, p := range j.p.list {
		if i > 0 {
			j.w.WriteByte(',')
		}
		j.w.WriteString("\n    ")
		j.str(p.Name)
		j.w.WriteString(": ")
		j.str(p.IRI)
	}
	j.w.WriteString("\n  },\n  \"@graph\": [")
}

func (j *jsonldWriter) Write(ts []Triple) error {
	j.writeHeader()
	j.l.plan(ts)
	for _, s := range j.l.top {
		if j.nodes > 0 {
			j.w.WriteByte(',')
		}
		j.nodes++
		j.w.WriteString("\n    ")
		j.node(s, 2)
	}
	return nil
}

func (j *jsonldWriter) Close() error {
	j.writeHeader()
	j.w.WriteString("\n  ]\n}\n")
	return j.w.Flush()
}

func (j *jsonldWriter) node(s Term, depth int) {
	ind := indent(2 * (depth + 1))
	j.w.WriteByte('{')
	first := true
	sep := func() {
		if !first {
			j.w.WriteByte(',')
		}
		first = false
		j.w.WriteByte('\n')
		j.w.WriteString(ind)
	}
	if !j.l.inline[s] {
		sep()
		j.w.WriteString(`"@id": `)
		j.id(s)
	}
	props := j.l.props(s)
	for i := 0; i < len(props); {
		k := i
		for k < len(props) && props[k].P == props[i].P {
			k++
		}
		group := props[i:k]
		sep()
		if group[0].P.Value == RDFType && allIRIs(group) {
			j.w.WriteString(`"@type": `)
			j.list(len(group), func(n int) { j.str(j.compact(group[n].O.Value)) })
		} else {
			j.str(j.compact(group[0].P.Value))
			j.w.WriteString(": ")
			j.list(len(group), func(n int) { j.value(group[n].O, depth+1) })
		}
		i = k
	}
	j.w.WriteByte('\n')
	j.w.WriteString(ind[:len(ind)-2])
	j.w.WriteByte('}')
}

// list writes one value bare and several as an array.
func (j *jsonldWriter) list(n int, each func(int)) {
	if n == 1 {
		each(0)
		return
	}
	j.w.WriteByte('[')
	for i := 0; i < n; i++ {
		if i > 0 {
			j.w.WriteString(", ")
		}
		each(i)
	}
	j.w.WriteByte(']')
}

func (j *jsonldWriter) value(o Term, depth int) {
	switch {
	case j.l.isInlineObject(o):
		j.node(o, depth+1)
	case o.IsIRI() || o.IsBlank():
		j.w.WriteString(`{"@id": `)
		j.id(o)
		j.w.WriteByte('}')
	case o.Lang != "":
		j.w.WriteString(`{"@value": `)
		j.str(o.Value)
		j.w.WriteString(`, "@language": `)
		j.str(o.Lang)
		j.w.WriteByte('}')
	case o.Datatype != "":
		j.w.WriteString(`{"@value": `)
		j.str(o.Value)
		j.w.WriteString(`, "@type": `)
		j.str(j.compact(o.Datatype))
		j.w.WriteByte('}')
	default:
		j.str(o.Value)
	}
}

// id writes a node identifier in full: compact IRIs in @id would be
// misread when a data IRI's scheme equals a prefix name.
func (j *jsonldWriter) id(t Term) {
	if t.IsBlank() {
		j.str("_:" + safeLabel(t.Value))
		return
	}
	j.str(t.Value)
}

func (j *jsonldWriter) compact(iri string) string {
	if p, local, ok := j.p.compact(iri); ok {
		return p + ":" + local
	}
	return iri
}

// str writes a JSON string; hand-rolled because json.Marshal allocates
// for every value of a dump.
func (j *jsonldWriter) str(s string) {
	j.w.WriteByte('"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		j.w.WriteString(s[start:i])
		switch c {
		case '"':
			j.w.WriteString(`\"`)
		case '\\':
			j.w.WriteString(`\\`)
		case '\n':
			j.w.WriteString(`\n`)
		case '\r':
			j.w.WriteString(`\r`)
		case '\t':
			j.w.WriteString(`\t`)
		default:
			j.w.WriteString(`\u00`)
			j.w.WriteByte(hexDigits[c>>4])
			j.w.WriteByte(hexDigits[c&0xf])
		}
		start = i + 1
	}
	j.w.WriteString(s[start:])
	j.w.WriteByte('"')
}

func allIRIs(ts []Triple) bool {
	for _, t := range ts {
		if !t.O.IsIRI() {
			return false
		}
	}
	return true
}

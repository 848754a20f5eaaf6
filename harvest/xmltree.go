package harvest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html/charset"
)

// XML limits: deeper than any ISO 19139 record (about 20 levels), more
// elements than a CSW page of 100 full records.
const (
	MaxXMLDepth    = 128
	MaxXMLElements = 2_000_000
)

// Node is an element of a parsed XML document. Names are kept with their
// namespace URI; lookups compare local names, which is what makes ISO
// 19139 from GeoNetwork, deegree and FIS-Broker (different prefixes, gml
// 3.1 or 3.2) read alike.
type Node struct {
	Name     xml.Name
	Attr     []xml.Attr
	Children []*Node
	Text     string // character data directly inside, trimmed
}

// ParseXML reads an XML document into a tree. It refuses DOCTYPE and
// entity declarations (no entity expansion, no external fetches), limits
// depth and element count, converts declared legacy encodings, and
// recognises HTML pages (resp may be nil).
func ParseXML(resp *Response, body []byte) (*Node, error) {
	if resp != nil && resp.LooksLikeHTML() {
		return nil, ErrHTML(resp, "XML")
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = true
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		r, err := charset.NewReaderLabel(label, in)
		if err != nil {
			return nil, fmt.Errorf("unsupported encoding %q", label)
		}
		return r, nil
	}
	var root *Node
	var stack []*Node
	var text [][]byte // character data per open element
	n := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, _ := dec.InputPos()
			return nil, Errorf("ungültiges XML in Zeile %d: %v", "invalid XML at line %d: %v", line, clip(err.Error(), 200))
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, Errorf("XML mit DOCTYPE oder Entity-Deklarationen wird nicht angenommen", "XML with DOCTYPE or entity declarations is not accepted")
		case xml.StartElement:
			n++
			if n > MaxXMLElements {
				return nil, Errorf("XML hat mehr als %d Elemente", "XML has more than %d elements", MaxXMLElements)
			}
			if len(stack) >= MaxXMLDepth {
				return nil, Errorf("XML ist tiefer als %d Ebenen verschachtelt", "XML is nested deeper than %d levels", MaxXMLDepth)
			}
			el := &Node{Name: t.Name, Attr: t.Copy().Attr}
			if len(stack) == 0 {
				if root != nil {
					return nil, Errorf("XML hat mehr als ein Wurzelelement", "XML has more than one root element")
				}
				root = el
			} else {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, el)
			}
			stack = append(stack, el)
			text = append(text, nil)
		case xml.CharData:
			if len(stack) > 0 {
				if len(text[len(text)-1])+len(t) > 1<<20 {
					return nil, Errorf("XML-Text länger als 1 MiB", "XML text longer than 1 MiB")
				}
				text[len(text)-1] = append(text[len(text)-1], t...)
			}
		case xml.EndElement:
			el := stack[len(stack)-1]
			el.Text = strings.TrimSpace(string(text[len(text)-1]))
			stack, text = stack[:len(stack)-1], text[:len(text)-1]
		}
	}
	if root == nil {
		return nil, Errorf("leeres XML-Dokument", "empty XML document")
	}
	if len(stack) > 0 {
		return nil, errors.New("unexpected end of XML")
	}
	return root, nil
}

// Is reports whether the node's local name is local.
func (n *Node) Is(local string) bool { return n != nil && n.Name.Local == local }

// AttrValue returns the attribute with the given local name ("" if absent).
func (n *Node) AttrValue(local string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// All returns the nodes at a slash-separated path of local names below n;
// "*" matches any element.
func (n *Node) All(path string) []*Node {
	if n == nil {
		return nil
	}
	cur := []*Node{n}
	for _, step := range strings.Split(path, "/") {
		var next []*Node
		for _, c := range cur {
			for _, ch := range c.Children {
				if step == "*" || ch.Name.Local == step {
					next = append(next, ch)
				}
			}
		}
		cur = next
		if len(cur) == 0 {
			return nil
		}
	}
	return cur
}

// First returns the first node at path, or nil.
func (n *Node) First(path string) *Node {
	if all := n.All(path); len(all) > 0 {
		return all[0]
	}
	return nil
}

// TextAt returns the trimmed text of the first node at path.
func (n *Node) TextAt(path string) string {
	if f := n.First(path); f != nil {
		return f.Text
	}
	return ""
}

// Child returns the first direct child with the local name.
func (n *Node) Child(local string) *Node {
	if n == nil {
		return nil
	}
	for _, c := range n.Children {
		if c.Name.Local == local {
			return c
		}
	}
	return nil
}

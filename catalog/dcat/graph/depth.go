package graph

// CheckDepth fails when blank nodes nest deeper than the limit. Readers
// call it once at the end: syntax-level nesting (Turtle "[ [ …", RDF/XML
// elements, JSON objects) all ends up as chains of blank nodes, so one
// graph-level check covers every format. Cycles of blank nodes are legal
// RDF; they count once and never loop.
func (g *Graph) CheckDepth() error {
	max := g.limits.MaxDepth
	const (
		unvisited = 0
		onStack   = 1
		done      = 2
	)
	state := make(map[Term]uint8)
	depth := make(map[Term]int)
	type frame struct {
		node Term
		next int // index into bySubject list
	}
	for _, t := range g.triples {
		if !t.S.IsBlank() || state[t.S] != unvisited {
			continue
		}
		stack := []frame{{node: t.S}}
		state[t.S] = onStack
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			idx := g.bySubject[f.node]
			if f.next < len(idx) {
				o := g.triples[idx[f.next]].O
				f.next++
				if o.IsBlank() && state[o] == unvisited {
					if len(stack) >= max {
						return &LimitError{What: "levels of blank-node nesting", Limit: int64(max)}
					}
					state[o] = onStack
					stack = append(stack, frame{node: o})
				}
				continue
			}
			d := 1
			for _, j := range idx {
				if o := g.triples[j].O; o.IsBlank() && state[o] == done && depth[o]+1 > d {
					d = depth[o] + 1
				}
			}
			if d > max {
				return &LimitError{What: "levels of blank-node nesting", Limit: int64(max)}
			}
			depth[f.node] = d
			state[f.node] = done
			stack = stack[:len(stack)-1]
		}
	}
	return nil
}

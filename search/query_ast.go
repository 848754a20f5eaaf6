package search

// The AST of a CKAN/Lucene query. Field "" is the default field (free
// text); the translator decides what that means.
type node interface{ isNode() }

type (
	andNode      struct{ kids []node }
	orNode       struct{ kids []node }
	notNode      struct{ kid node }
	matchAllNode struct{}

	// termNode is a word, a "phrase" or a wild*card, optionally with a
	// boost (^2) or fuzziness (~1).
	termNode struct {
		field  string
		text   string
		phrase bool
		wild   []int // byte offsets of unescaped * and ? in text
		fuzzy  int   // -1 = exact
		boost  float64
	}

	// rangeNode is [lo TO hi] (inclusive) or {lo TO hi} (exclusive);
	// "" stands for the open end *.
	rangeNode struct {
		field        string
		lo, hi       string
		incLo, incHi bool
	}
)

func (andNode) isNode()      {}
func (orNode) isNode()       {}
func (notNode) isNode()      {}
func (matchAllNode) isNode() {}
func (termNode) isNode()     {}
func (rangeNode) isNode()    {}

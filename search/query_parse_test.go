package search

import (
	"fmt"
	"strings"
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

// dump writes an AST in a compact prefix form for table tests.
func dump(n node) string {
	switch n := n.(type) {
	case andNode:
		return "AND(" + dumpAll(n.kids) + ")"
	case orNode:
		return "OR(" + dumpAll(n.kids) + ")"
	case notNode:
		return "NOT(" + dump(n.kid) + ")"
	case matchAllNode:
		return "ALL"
	case termNode:
		s := n.text
		if n.phrase {
			s = `"` + s + `"`
		}
		if len(n.wild) > 0 {
			s = "W:" + s
		}
		if n.field != "" {
			s = n.field + ":" + s
		}
		if n.fuzzy >= 0 {
			s += fmt.Sprintf("~%d", n.fuzzy)
		}
		if n.boost > 0 {
			s += fmt.Sprintf("^%g", n.boost)
		}
		return s
	case rangeNode:
		l, r := "{", "}"
		if n.incLo {
			l = "["
		}
		if n.incHi {
			r = "]"
		}
		return fmt.Sprintf("%s:%s%s..%s%s", n.field, l, n.lo, n.hi, r)
	}
	return "?"
}

func dumpAll(ns []node) string {
	var s []string
	for _, n := range ns {
		s = append(s, dump(n))
	}
	return strings.Join(s, " ")
}

func TestParseQuery(t *testing.T) {
	tests := []struct{ q, want string }{
		{"", "ALL"},
		{"   ", "ALL"},
		{"*:*", "ALL"},
		{"*", "ALL"},
		{"Haushalt", "Haushalt"},
		{"Haushalt Kita", "AND(Haushalt Kita)"},
		{"a AND b", "AND(a b)"},
		{"a && b", "AND(a b)"},
		{"a OR b", "OR(a b)"},
		{"a || b c", "OR(a AND(b c))"},
		{"a b OR c", "OR(AND(a b) c)"},
		{"NOT a", "NOT(a)"},
		{"!a", "NOT(a)"},
		{"-organization:x", "NOT(organization:x)"},
		{"+tags:Haushalt -tags:Alt", "AND(tags:Haushalt NOT(tags:Alt))"},
		{`title:"Haushaltsplan 2025"`, `title:"Haushaltsplan 2025"`},
		{`"a \"b\" c"`, `"a "b" c"`},
		{"title:(Haus OR Bau)", "OR(title:Haus title:Bau)"},
		{"(a OR b) AND c", "AND(OR(a b) c)"},
		{"Haus*", "W:Haus*"},
		{"name:ab?d", "name:W:ab?d"},
		{"Kindergaten~", "Kindergaten~2"},
		{"Kindergaten~1", "Kindergaten~1"},
		{"Kindergaten~0.8", "Kindergaten~1"},
		{"title:Park^3", "title:Park^3"},
		{"metadata_modified:[2024-01-01T00:00:00Z TO *]", "metadata_modified:[2024-01-01T00:00:00Z..]"},
		{"metadata_modified:{* TO NOW-1DAY}", "metadata_modified:{..NOW-1DAY}"},
		{`metadata_created:["2024-01-01" TO "2024-12-31"]`, "metadata_created:[2024-01-01..2024-12-31]"},
		{"extras_contributorID:http://dcat-ap.de/def/contributors/x", "extras_contributorID:http://dcat-ap.de/def/contributors/x"},
		{`res_url:http\://example.org`, "res_url:http://example.org"},
		{"straßen-verzeichnis", "straßen-verzeichnis"},
		{"a -b", "AND(a NOT(b))"},
		{"a - b", "AND(a - b)"},
		{"organization:a OR organization:b", "OR(organization:a organization:b)"},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			n, err := parseQuery(tc.q)
			if err != nil {
				t.Fatalf("parseQuery(%q): %v", tc.q, err)
			}
			if got := dump(n); got != tc.want {
				t.Errorf("parseQuery(%q) = %s, want %s", tc.q, got, tc.want)
			}
		})
	}
}

func TestParseQueryErrors(t *testing.T) {
	tests := []struct{ q, msg string }{
		{`"unbalanced`, "unbalanced quote"},
		{`title:"x`, "unbalanced quote"},
		{"(a OR b", "unbalanced parenthesis"},
		{"a OR b)", "unexpected ')'"},
		{"[a TO b", "unbalanced range"},
		{"metadata_modified:[a b]", "must be [from TO to]"},
		{"a ]", "unexpected"},
		{"AND a", "unexpected AND"},
		{"a AND", "unexpected end"},
		{"a OR", "unexpected end"},
		{"NOT", "unexpected end"},
		{"title:", "has no value"},
		{"*:foo", "must be followed by '*'"},
		{"title:(name:x)", "inside the group"},
		{`a\`, "escape character"},
		{"a^", "needs a number"},
		{"a^99999", "invalid boost"},
		{strings.Repeat("(", 20) + "a" + strings.Repeat(")", 20), "nested deeper"},
		{strings.Repeat("NOT ", 20) + "a", "nested deeper"},
		{strings.Repeat("a ", 65), "more than 64 clauses"},
		{strings.Repeat("x", 2001), "longer than 2000"},
		{strings.Repeat("x", 300), "longer than 256"},
	}
	for _, tc := range tests {
		t.Run(tc.q[:min(len(tc.q), 30)], func(t *testing.T) {
			_, err := parseQuery(tc.q)
			if catalog.ErrorCode(err) != catalog.EQUERY {
				t.Fatalf("parseQuery(%q) error = %v, want EQUERY", tc.q, err)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("parseQuery(%q) error = %q, want it to mention %q", tc.q, err, tc.msg)
			}
		})
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"", "*:*", `title:"a b"`, "a OR (b AND -c)", "metadata_modified:[2024-01-01T00:00:00Z TO NOW/DAY]",
		`x\:y`, "a~2^3", "ö*ä?", "[* TO *]", "tags:Haushalt", "((((a))))", "+-!a", `"\"`} {
		f.Add(s)
	}
	ix, err := NewMemOnly()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		n, err := parseQuery(q)
		if err != nil {
			if catalog.ErrorCode(err) != catalog.EQUERY {
				t.Fatalf("parseQuery(%q): error %v is not EQUERY", q, err)
			}
			return
		}
		if n == nil {
			t.Fatalf("parseQuery(%q): nil AST without error", q)
		}
		// Whatever parses must translate to an error or a query Bleve
		// runs without panicking.
		_, err = ix.Search(t.Context(), catalog.SearchQuery{Q: q, FQ: []string{q}, Rows: 5})
		if err != nil && catalog.ErrorCode(err) != catalog.EQUERY {
			t.Fatalf("Search(%q): %v", q, err)
		}
	})
}

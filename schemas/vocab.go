package schemas

import (
	"embed"
	"fmt"
	"strings"
)

//go:embed vocab/*.tsv
var tables embed.FS

// Concept is one entry of a controlled vocabulary.
type Concept struct {
	IRI  string `json:"iri"`
	Code string `json:"code"` // notation, e.g. "ANNUAL", "dl-by-de/2.0"
	DE   string `json:"label_de"`
	EN   string `json:"label_en"`
}

// Label returns the label in lang ("de" or "en"), German by default.
func (c Concept) Label(lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "en") && c.EN != "" {
		return c.EN
	}
	return c.DE
}

// Vocabulary is a read-only controlled vocabulary with lookups by IRI,
// code and label.
type Vocabulary struct {
	Name string // e.g. "frequency"
	Base string // IRI prefix of its concepts
	list []Concept
	// extra holds the kind-specific columns of the TSV row, by IRI.
	extra map[string]map[string]string
	byIRI map[string]int
	byKey map[string]int // lower-case code, labels and aliases
}

// All returns the concepts in stable order (a copy).
func (v *Vocabulary) All() []Concept { return append([]Concept(nil), v.list...) }

// ByIRI returns the concept with exactly this IRI.
func (v *Vocabulary) ByIRI(iri string) (Concept, bool) {
	i, ok := v.byIRI[iri]
	if !ok {
		return Concept{}, false
	}
	return v.list[i], true
}

// ByCode returns the concept with this code, ignoring case.
func (v *Vocabulary) ByCode(code string) (Concept, bool) {
	return v.ByIRI(v.Base + v.codeCase(code))
}

// Contains reports whether iri is exactly a concept IRI.
func (v *Vocabulary) Contains(iri string) bool { _, ok := v.byIRI[iri]; return ok }

func (v *Vocabulary) codeCase(code string) string {
	if i, ok := v.byKey[strings.ToLower(strings.TrimSpace(code))]; ok {
		return v.list[i].Code
	}
	return code
}

// Normalize maps what catalogues write onto a concept IRI: the IRI itself,
// the IRI with https or "www." or a trailing slash, the bare code in any
// case, a German or English label, or a registered alias.
func (v *Vocabulary) Normalize(s string) (string, bool) {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "<>"))
	if s == "" || len(s) > maxValueLen {
		return "", false
	}
	if v.Contains(s) {
		return s, true
	}
	if code, ok := afterBase(s, v.Base); ok {
		s = code
	}
	if i, ok := v.byKey[strings.ToLower(s)]; ok {
		return v.list[i].IRI, true
	}
	return "", false
}

// alias adds a spelling for iri; it never shadows a concept's own code.
func (v *Vocabulary) alias(alias, iri string) {
	key := strings.ToLower(alias)
	if j, taken := v.byKey[key]; taken && strings.ToLower(v.list[j].Code) == key {
		return
	}
	if i, ok := v.byIRI[iri]; ok {
		v.byKey[key] = i
	}
}

// maxValueLen bounds the strings the normalisers look at; nothing in any
// vocabulary comes close, and it keeps hostile input cheap.
const maxValueLen = 2048

// afterBase returns what follows base in s when s is an IRI under base,
// tolerating http/https, "www." and a trailing slash.
func afterBase(s, base string) (string, bool) {
	rest, ok := strings.CutPrefix(stripScheme(s), stripScheme(base))
	if !ok {
		return "", false
	}
	rest = strings.TrimSuffix(rest, "/")
	return rest, rest != ""
}

// stripScheme lower-cases the host part and drops scheme and "www.".
func stripScheme(s string) string {
	for _, p := range []string{"https://", "http://", "HTTPS://", "HTTP://"} {
		if r, ok := strings.CutPrefix(s, p); ok {
			s = r
			break
		}
	}
	host, path, _ := strings.Cut(s, "/")
	host = strings.TrimPrefix(strings.ToLower(host), "www.")
	return host + "/" + path
}

// loadVocabulary reads one generated TSV table.
func loadVocabulary(name, base, file string) *Vocabulary {
	b, err := tables.ReadFile("vocab/" + file)
	if err != nil {
		panic(fmt.Sprintf("schemas: embedded table %s: %v", file, err)) // a build defect
	}
	v := &Vocabulary{Name: name, Base: base, extra: map[string]map[string]string{},
		byIRI: map[string]int{}, byKey: map[string]int{}}
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			panic(fmt.Sprintf("schemas: %s: bad row %q", file, line))
		}
		c := Concept{IRI: f[0], Code: f[1], DE: f[2], EN: f[3]}
		v.byIRI[c.IRI] = len(v.list)
		v.list = append(v.list, c)
		ex := map[string]string{}
		for _, kv := range strings.Split(f[4], ";") {
			if k, val, ok := strings.Cut(kv, "="); ok {
				ex[k] = val
			}
		}
		v.extra[c.IRI] = ex
	}
	// Labels first, codes last: a code always wins over a label that
	// happens to spell another concept's code.
	for i, c := range v.list {
		v.byKey[strings.ToLower(c.EN)] = i
		v.byKey[strings.ToLower(c.DE)] = i
	}
	for i, c := range v.list {
		v.byKey[strings.ToLower(c.Code)] = i
	}
	return v
}

// hand builds a vocabulary from a table written in Go, for lists that have
// no machine-readable source.
func hand(name, base string, rows [][3]string) *Vocabulary {
	v := &Vocabulary{Name: name, Base: base, extra: map[string]map[string]string{},
		byIRI: map[string]int{}, byKey: map[string]int{}}
	for _, r := range rows {
		c := Concept{IRI: base + r[0], Code: r[0], DE: r[1], EN: r[2]}
		v.byIRI[c.IRI] = len(v.list)
		v.list = append(v.list, c)
		v.byKey[strings.ToLower(c.DE)] = len(v.list) - 1
		v.byKey[strings.ToLower(c.EN)] = len(v.list) - 1
	}
	for i, c := range v.list {
		v.byKey[strings.ToLower(c.Code)] = i
	}
	return v
}

package vocabgen

import (
	"sort"
	"strings"
)

// fileTypes extracts the EU file-type list with the file extensions and
// MIME types the Publications Office maps to each code, plus the EDP
// machine-readable and non-proprietary flags that the MQA scores.
func fileTypes(dir string) ([]Row, error) {
	g, err := load(dir, "eu-filetypes-skos.rdf")
	if err != nil {
		return nil, err
	}
	machine, err := edpFlag(dir, "edp-machine-readable-format.rdf")
	if err != nil {
		return nil, err
	}
	nonProp, err := edpFlag(dir, "edp-non-proprietary-format.rdf")
	if err != nil {
		return nil, err
	}
	var rows []Row
	for _, s := range concepts(g, "http://publications.europa.eu/resource/authority/file-type") {
		if !usable(g, s) {
			continue
		}
		var exts, mimes []string
		for _, m := range g.values(s, nsAT+"op-mapped-code") {
			src := g.first(m.O, nsDC+"source", "")
			code := strings.TrimSpace(g.first(m.O, nsAT+"legacy-code", ""))
			switch src {
			case "file-extension":
				exts = append(exts, strings.ToLower(strings.TrimPrefix(code, ".")))
			case "mime-type-cellar", "mime-type":
				// Parameters (";type=pdf1x") are not part of an IANA
				// media type IRI and would break the TSV's ";" separator.
				mt, _, _ := strings.Cut(code, ";")
				mimes = append(mimes, strings.ToLower(strings.TrimSpace(mt)))
			}
		}
		sort.Strings(exts)
		sort.Strings(mimes)
		en := g.first(s, nsSKOS+"prefLabel", "en")
		rows = append(rows, Row{IRI: s, Code: g.first(s, nsDC+"identifier", ""), DE: en, EN: en,
			Extra: [][2]string{
				{"ext", strings.Join(dedup(exts), " ")},
				{"mime", strings.Join(dedup(mimes), " ")},
				{"machine", boolString(machine[s])},
				{"nonprop", boolString(nonProp[s])},
			}})
	}
	return rows, nil
}

func edpFlag(dir, name string) (map[string]bool, error) {
	g, err := load(dir, name)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for s, ts := range g {
		for _, t := range ts {
			if t.Literal && t.O == "true" {
				out[s] = true
			}
		}
	}
	return out, nil
}

func dedup(s []string) []string {
	var out []string
	for i, v := range s {
		if v != "" && (i == 0 || v != s[i-1]) {
			out = append(out, v)
		}
	}
	return out
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

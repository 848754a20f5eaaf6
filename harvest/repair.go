package harvest

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

// Validation policy for harvested records. A harvested dataset cannot be
// fixed locally (it is maintained at its source, and the Service refuses
// local edits), so storing it as a draft would only hide it. Instead the
// job repairs what it can and rejects only what it cannot:
//
//   - recognisable spellings are normalised (the validator's Normalizer:
//     licence codes, "CSV", theme codes, https://www.dcat-ap.de IRIs, …);
//   - a missing or unknown licence becomes the source's default licence
//     (default_license, like ckanext-dcatde; other-closed unless set);
//   - a missing description becomes the title;
//   - a missing or nameless publisher becomes the source's organisation;
//   - an incomplete contact point gets the organisation's e-mail address,
//     or is dropped;
//   - a distribution without any URL is dropped;
//   - any other value the validator rejects (unknown vocabulary value,
//     malformed URL, e-mail or IRI, empty period, broken bounding box, …)
//     is dropped;
//
// each with a warning in the report. A record still failing (no title) is
// rejected with the validator's findings in the report.

// maxRepairPasses bounds the repair loop: a repair can uncover another
// finding (a location whose only value was dropped is then empty).
const maxRepairPasses = 4

// repair normalises and validates d, repairing as described above. It
// returns the notes on repairs and, if d is still invalid, the errors.
func (r *run) repair(d *catalog.Dataset) (notes, errs []catalog.Finding) {
	v := r.h.cfg.Catalog.Validator
	if v == nil {
		return nil, nil
	}
	for pass := 0; pass < maxRepairPasses; pass++ {
		if n, ok := v.(catalog.Normalizer); ok {
			n.NormalizeDataset(d)
		}
		errs = catalog.Errors(v.ValidateDataset(d))
		if len(errs) == 0 {
			return notes, nil
		}
		var drop []string
		fixed := false
		for _, f := range errs {
			if done, note := r.fix(d, f); done {
				fixed = true
				notes = append(notes, note)
			} else if removable(f) {
				drop = append(drop, dropPath(f))
				notes = append(notes, repairNote(f, "Wert entfernt", "value removed"))
			}
		}
		if len(drop) > 0 {
			if nd, ok := removeFields(d, drop); ok {
				*d = *nd
				fixed = true
			}
		}
		if !fixed {
			return notes, errs
		}
	}
	if n, ok := v.(catalog.Normalizer); ok {
		n.NormalizeDataset(d)
	}
	return notes, catalog.Errors(v.ValidateDataset(d))
}

func repairNote(f catalog.Finding, de, en string) catalog.Finding {
	return catalog.Finding{Field: f.Field, Severity: catalog.SeverityWarning, Code: "repaired",
		DE: f.DE + " → " + de, EN: f.EN + " → " + en}
}

// fix applies the repairs that set a value rather than dropping one.
func (r *run) fix(d *catalog.Dataset, f catalog.Finding) (bool, catalog.Finding) {
	parts := strings.Split(f.Field, ".")
	switch {
	case f.Field == "title":
		return false, catalog.Finding{}
	case f.Field == "description" && f.Missing && strings.TrimSpace(d.Title) != "":
		d.Description = d.Title
		return true, repairNote(f, "Titel als Beschreibung übernommen", "title used as description")
	case parts[0] == "publisher":
		d.Publisher = r.org.Agent()
		return true, repairNote(f, "Organisation der Quelle als veröffentlichende Stelle gesetzt", "the source's organisation set as publisher")
	case f.Field == "contact_point" && d.ContactPoint != nil:
		if r.org.Email != "" && d.ContactPoint.Email != r.org.Email {
			d.ContactPoint.Email = r.org.Email
			return true, repairNote(f, "E-Mail-Adresse der Organisation ergänzt", "the organisation's e-mail address added")
		}
		d.ContactPoint = nil
		return true, repairNote(f, "Kontakt entfernt", "contact point removed")
	case len(parts) == 3 && parts[0] == "distributions" && parts[2] == "license":
		i, err := strconv.Atoi(parts[1])
		if err != nil || i < 0 || i >= len(d.Distributions) {
			return false, catalog.Finding{}
		}
		lic := r.defaultLicense()
		if d.Distributions[i].License == lic {
			return false, catalog.Finding{}
		}
		d.Distributions[i].License = lic
		return true, repairNote(f, "Standardlizenz der Quelle gesetzt: "+lic, "the source's default licence set: "+lic)
	}
	return false, catalog.Finding{}
}

// removable reports whether dropping the finding's value is a repair:
// not for mandatory values of the dataset itself.
func removable(f catalog.Finding) bool {
	switch f.Field {
	case "title", "description", "publisher", "distributions":
		return false
	}
	return !f.Missing || strings.Contains(f.Field, ".")
}

// dropPath is what to remove for a finding: the value itself, or for a
// missing mandatory part (a distribution's URL, an agent's name) the
// thing it belongs to.
func dropPath(f catalog.Finding) string {
	if i := strings.LastIndexByte(f.Field, '.'); f.Missing && i > 0 {
		return f.Field[:i]
	}
	return f.Field
}

// removeFields drops the values at the given finding paths (JSON names of
// catalog.Dataset, list indexes as numbers): list items are removed, other
// values cleared.
func removeFields(d *catalog.Dataset, paths []string) (*catalog.Dataset, bool) {
	b, err := json.Marshal(d)
	if err != nil {
		return nil, false
	}
	var tree any
	if err := json.Unmarshal(b, &tree); err != nil {
		return nil, false
	}
	changed := false
	for _, p := range paths {
		if markRemoved(tree, strings.Split(p, ".")) {
			changed = true
		}
	}
	if !changed {
		return nil, false
	}
	tree = compact(tree)
	b, err = json.Marshal(tree)
	if err != nil {
		return nil, false
	}
	var out catalog.Dataset
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, false
	}
	return &out, true
}

// removed marks values to drop; compact removes them afterwards, so that
// list indexes of several findings stay valid while marking.
type removedMark struct{}

var removed = &removedMark{}

func markRemoved(node any, path []string) bool {
	for i, seg := range path {
		last := i == len(path)-1
		switch n := node.(type) {
		case map[string]any:
			v, ok := n[seg]
			if !ok {
				return false
			}
			if last {
				n[seg] = removed
				return true
			}
			node = v
		case []any:
			idx, err := strconv.Atoi(seg)
			if err != nil || idx < 0 || idx >= len(n) {
				return false
			}
			if last {
				n[idx] = removed
				return true
			}
			node = n[idx]
		default:
			return false
		}
	}
	return false
}

func compact(node any) any {
	switch n := node.(type) {
	case map[string]any:
		for k, v := range n {
			if v == removed {
				delete(n, k)
				continue
			}
			n[k] = compact(v)
		}
		return n
	case []any:
		out := n[:0]
		for _, v := range n {
			if v != removed {
				out = append(out, compact(v))
			}
		}
		return out
	}
	return node
}

func fieldIndex(list string, i int, field string) string {
	return list + "." + strconv.Itoa(i) + "." + field
}

package ckanapi

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
)

// Limits on hostile input beyond the body size.
const (
	maxListItems   = 10000   // resources, tags, extras, list params
	maxFieldBytes  = 1 << 20 // one multipart form field
	maxStringBytes = 1 << 20 // one string value in a dict
)

// params are an action's arguments as CKAN sees them: JSON values from a
// body (numbers kept as json.Number), or strings and lists of strings from
// a query string or form.
type params map[string]any

// fromValues converts query or form values: one value → string, repeated
// → list, as CKAN's request parsing does.
func fromValues(v url.Values, p params) {
	for k, vs := range v {
		if len(vs) == 1 {
			p[k] = vs[0]
			continue
		}
		l := make([]any, len(vs))
		for i, s := range vs {
			l[i] = s
		}
		p[k] = l
	}
}

func (p params) has(k string) bool {
	_, ok := p[k]
	return ok
}

// str returns a string parameter; numbers are accepted as their text (CKAN
// coerces with unicode_safe), null and absence give "".
func (p params) str(k string) (string, error) {
	v, ok := p[k]
	if !ok || v == nil {
		return "", nil
	}
	s, ok := scalarString(v)
	if !ok {
		return "", fieldErr(k, "Must be a string", "Muss eine Zeichenkette sein")
	}
	return s, nil
}

func scalarString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case nil:
		return "", true
	}
	return "", false
}

// integer returns an int parameter or def when absent.
func (p params) integer(k string, def int) (int, error) {
	v, ok := p[k]
	if !ok || v == nil {
		return def, nil
	}
	n, ok := asInt(v)
	if !ok {
		return 0, fieldErr(k, "Invalid integer", "Ungültige Ganzzahl")
	}
	return n, nil
}

// natural is an integer ≥ 0 (CKAN's natural_number_validator).
func (p params) natural(k string, def int) (int, error) {
	n, err := p.integer(k, def)
	if err != nil {
		return 0, err
	}
	if n < 0 {
		return 0, fieldErr(k, "Must be a natural number", "Muss eine natürliche Zahl sein")
	}
	return n, nil
}

func asInt(v any) (int, bool) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = strings.TrimSpace(x)
	case float64:
		if x != float64(int(x)) {
			return 0, false
		}
		return int(x), true
	default:
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n > 1<<40 || n < -(1<<40) {
		return 0, false
	}
	return int(n), true
}

// boolean returns a CKAN boolean (asbool: true/yes/on/y/t/1 and
// false/no/off/n/f/0, any case; Python clients send True/False).
func (p params) boolean(k string, def bool) (bool, error) {
	v, ok := p[k]
	if !ok || v == nil {
		return def, nil
	}
	b, ok := asBool(v)
	if !ok {
		return false, fieldErr(k, "Unrecognized boolean value", "Unbekannter Wahrheitswert (true oder false)")
	}
	return b, nil
}

func asBool(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case json.Number:
		return asBool(x.String())
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true", "yes", "on", "y", "t", "1":
			return true, true
		case "false", "no", "off", "n", "f", "0", "":
			return false, true
		}
	}
	return false, false
}

// listMode says how a plain (non-JSON) string is read as a list.
type listMode int

const (
	listJSONOnly listMode = iota // facet.field: only lists or JSON lists
	listCSV                      // organizations filter: "a,b"
	listSingle                   // a plain string is one item
)

// list reads a list parameter given as a JSON list, repeated keys, a JSON
// list inside a string, or (per mode) a plain string.
func (p params) list(k string, mode listMode) ([]string, error) {
	v, ok := p[k]
	if !ok || v == nil {
		return nil, nil
	}
	bad := fieldErr(k, "Could not parse as valid JSON", "Kein gültiges JSON")
	switch x := v.(type) {
	case []any:
		if len(x) > maxListItems {
			return nil, fieldErr(k, "Too many items", "Zu viele Einträge")
		}
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := scalarString(e)
			if !ok {
				return nil, fieldErr(k, "Must be a list of strings", "Muss eine Liste von Zeichenketten sein")
			}
			out = append(out, s)
		}
		return out, nil
	case string:
		t := strings.TrimSpace(x)
		if strings.HasPrefix(t, "[") {
			var l []any
			if err := json.Unmarshal([]byte(t), &l); err != nil {
				return nil, bad
			}
			return params{k: l}.list(k, mode)
		}
		switch mode {
		case listCSV:
			var out []string
			for _, s := range strings.Split(t, ",") {
				if s = strings.TrimSpace(s); s != "" {
					out = append(out, s)
				}
			}
			return out, nil
		case listSingle:
			if t == "" {
				return nil, nil
			}
			return []string{x}, nil
		}
		return nil, bad
	}
	return nil, bad
}

// idParam returns the first non-empty of the given keys (CKAN accepts
// "id" and aliases such as "name_or_id").
func (p params) idParam(keys ...string) (string, error) {
	for _, k := range keys {
		s, err := p.str(k)
		if err != nil {
			return "", err
		}
		if s = strings.TrimSpace(s); s != "" {
			return s, nil
		}
	}
	return "", fieldErr(keys[0], "Missing value", "Pflichtfeld fehlt")
}

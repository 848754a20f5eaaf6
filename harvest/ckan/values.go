package ckan

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Helpers for the loosely typed values of package dicts: CKAN writes
// strings, numbers, booleans, nulls, and extras whose string values hold
// JSON.

func str(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case json.Number:
		return x.String()
	}
	return ""
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func arr(v any) []any {
	a, _ := v.([]any)
	return a
}

func truthy(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case string:
		b, _ := strconv.ParseBool(strings.TrimSpace(x))
		return b
	}
	return false
}

// extras flattens CKAN's [{"key": k, "value": v}] (and the dict form
// some portals emit) to a map.
func extras(p map[string]any) map[string]string {
	out := map[string]string{}
	switch x := p["extras"].(type) {
	case []any:
		for _, e := range x {
			m := obj(e)
			if k := str(m["key"]); k != "" {
				if s, ok := m["value"].(string); ok {
					out[k] = strings.TrimSpace(s)
				} else if m["value"] != nil {
					b, _ := json.Marshal(m["value"])
					out[k] = string(b)
				}
			}
		}
	case map[string]any:
		for k, v := range x {
			out[k] = str(v)
		}
	}
	return out
}

// list reads a list extra: a JSON array (ckanext-dcatde), or a single
// value, or comma-separated values.
func list(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" || s == "[]" {
		return nil
	}
	if strings.HasPrefix(s, "[") {
		var a []any
		if json.Unmarshal([]byte(s), &a) == nil {
			var out []string
			for _, v := range a {
				if x := str(v); x != "" {
					out = append(out, x)
				}
			}
			return out
		}
	}
	if strings.Contains(s, ",") && !strings.Contains(s, " ") {
		var out []string
		for _, x := range strings.Split(s, ",") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
		return out
	}
	return []string{s}
}

func isHTTP(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

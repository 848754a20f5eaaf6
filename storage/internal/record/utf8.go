// Package record holds what both SQL stores need to turn domain values
// into rows the same way: finding strings that are not valid UTF-8, by the
// JSON path API clients know them by. Keeping it in one place keeps the
// SQLite and PostgreSQL stores' field errors identical, which the shared
// conformance suite checks.
package record

import (
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// InvalidUTF8Field returns the JSON path ("distributions.2.title",
// "extras.key") of the first string in v that is not valid UTF-8, or "".
// Resource paths use CKAN's "resources" so messages line up with the
// fields API clients sent.
func InvalidUTF8Field(v any) string {
	return walkUTF8(reflect.ValueOf(v), "", 0)
}

// maxWalkDepth stops the walk on types deeper than any domain type; the
// domain has no cycles, so this is a guard, not a limit anyone reaches.
const maxWalkDepth = 16

func walkUTF8(v reflect.Value, path string, depth int) string {
	if depth > maxWalkDepth {
		return ""
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return ""
		}
		return walkUTF8(v.Elem(), path, depth+1)
	case reflect.String:
		if !utf8.ValidString(v.String()) {
			return path
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if p := walkUTF8(v.Index(i), Join(path, strconv.Itoa(i)), depth+1); p != "" {
				return p
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			k := iter.Key().String()
			if !utf8.ValidString(k) {
				return path
			}
			if p := walkUTF8(iter.Value(), Join(path, k), depth+1); p != "" {
				return p
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if name == "distributions" {
				name = "resources"
			}
			if p := walkUTF8(v.Field(i), Join(path, name), depth+1); p != "" {
				return p
			}
		}
	}
	return ""
}

// Join appends a JSON path element.
func Join(path, elem string) string {
	if path == "" {
		return elem
	}
	return path + "." + elem
}

package postgres

import (
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// invalidUTF8Field returns the JSON path ("distributions.2.title",
// "extras.key") of the first string in v that is not valid UTF-8, or "".
// Resource paths use CKAN's "resources" so messages line up with the
// fields API clients sent.
func invalidUTF8Field(v any) string {
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
			if p := walkUTF8(v.Index(i), join(path, strconv.Itoa(i)), depth+1); p != "" {
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
			if p := walkUTF8(iter.Value(), join(path, k), depth+1); p != "" {
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
			if p := walkUTF8(v.Field(i), join(path, name), depth+1); p != "" {
				return p
			}
		}
	}
	return ""
}

func join(path, elem string) string {
	if path == "" {
		return elem
	}
	return path + "." + elem
}

// storable reports whether s can be a TEXT value: PostgreSQL refuses
// invalid UTF-8 and the NUL character, which SQLite would store. A lookup
// key that is not storable cannot match anything stored, so readers
// answer "not found" instead of sending it and failing.
func storable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// unstorableField returns the JSON path of the first string in v that
// cannot be a TEXT column value (invalid UTF-8 or NUL), or "". It is for
// records kept as columns (users, tokens), and also looks at fields the
// JSON form hides (the password hash); documents are stored as JSON,
// where NUL is escaped.
func unstorableField(v any) string {
	if f := invalidUTF8Field(v); f != "" {
		return f
	}
	return walkNUL(reflect.ValueOf(v), "")
}

func walkNUL(v reflect.Value, path string) string {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			return walkNUL(v.Elem(), path)
		}
	case reflect.String:
		if !storable(v.String()) {
			return path
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() {
				continue
			}
			if name == "" || name == "-" {
				name = strings.ToLower(f.Name)
			}
			if p := walkNUL(v.Field(i), join(path, name)); p != "" {
				return p
			}
		}
	}
	return ""
}

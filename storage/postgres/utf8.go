package postgres

import (
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/datenportal/datenportal/storage/internal/record"
)

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
	if f := record.InvalidUTF8Field(v); f != "" {
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
			if p := walkNUL(v.Field(i), record.Join(path, name)); p != "" {
				return p
			}
		}
	}
	return ""
}

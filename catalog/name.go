package catalog

import (
	"regexp"
	"strings"
)

var nameRE = regexp.MustCompile(`^[a-z0-9_-]+$`)

// reservedNames would shadow routes of the web UI and CKAN.
var reservedNames = map[string]bool{"new": true, "edit": true, "search": true}

// CheckName validates a dataset or organisation slug with CKAN's rules and
// messages, so CKAN clients see the errors they know.
func CheckName(field, name string) *Error {
	switch {
	case name == "":
		return FieldInvalid(field, "Pflichtfeld fehlt.", "Missing value")
	case len(name) < 2:
		return FieldInvalid(field, "Muss mindestens 2 Zeichen lang sein.", "Must be at least 2 characters long")
	case len(name) > 100:
		return FieldInvalid(field, "Darf höchstens 100 Zeichen lang sein.", "Name must be a maximum of 100 characters long")
	case !nameRE.MatchString(name):
		return FieldInvalid(field,
			"Nur Kleinbuchstaben (a–z), Ziffern sowie - und _ sind erlaubt.",
			"Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_")
	case reservedNames[name]:
		return FieldInvalid(field, "Dieser Name ist reserviert.", "That name cannot be used")
	}
	return nil
}

// Slugify turns a title into a name candidate ("Haushaltsplan 2025 (Entwurf)"
// → "haushaltsplan-2025-entwurf"), for forms and harvesting.
func Slugify(s string) string {
	r := strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "ae", "Ö", "oe", "Ü", "ue", "ß", "ss")
	s = strings.ToLower(r.Replace(s))
	var b strings.Builder
	dash := false
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_':
			b.WriteRune(c)
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
		if b.Len() >= 90 {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) < 2 {
		out = "datensatz-" + out
	}
	return strings.Trim(out, "-")
}

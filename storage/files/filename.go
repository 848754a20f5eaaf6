package files

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

const (
	maxFilenameLen = 100 // CKAN's MAX_FILENAME_TOTAL_LENGTH
	maxExtLen      = 21  // CKAN cuts overly long extensions to this, dot included
)

// german transliterates the way German readers expect; NFKD alone would
// turn "Straße" into "strae" and "Übersicht" into "ubersicht".
var german = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "ae", "Ö", "oe", "Ü", "ue", "ß", "ss", "ẞ", "ss")

// SanitizeFilename munges an uploaded file's name the way CKAN does, so
// that download URLs look like CKAN's (".../download/test-file.csv"): the
// client's path is dropped, German letters are transliterated and other
// accents stripped, the name is lower-cased, everything outside
// [a-z0-9_.-] is removed with spaces becoming "-", and the result is cut
// to 100 characters keeping the extension. It never returns an empty
// name, a hidden name, "." or "..": those become "file" (".csv" becomes
// "file.csv"). The result is safe as a URL path segment and as a filename
// on every common filesystem, and SanitizeFilename(SanitizeFilename(x)) ==
// SanitizeFilename(x).
func SanitizeFilename(name string) string {
	// Old browsers on Windows send the full client path.
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.ToLower(german.Replace(strings.ToValidUTF8(name, "")))
	var b strings.Builder
	b.Grow(len(name))
	lastDash := false
	for _, r := range norm.NFKD.String(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '.':
			b.WriteRune(r)
			lastDash = false
		case r == '-', r == ' ':
			if !lastDash {
				b.WriteByte('-')
			}
			lastDash = true
		}
		// Anything else, including the combining marks NFKD split off,
		// control characters and NUL, is dropped.
	}
	s := strings.TrimLeft(b.String(), "-")
	if strings.HasPrefix(s, ".") {
		s = "file" + s
	}
	s = strings.TrimRight(s, "-.")
	if s == "" {
		return "file"
	}
	base, ext := s, ""
	if i := strings.LastIndexByte(s, '.'); i > 0 {
		base, ext = s[:i], s[i:]
	}
	if len(ext) > maxExtLen {
		ext = ext[:maxExtLen]
	}
	if len(base) > maxFilenameLen-len(ext) {
		base = base[:maxFilenameLen-len(ext)]
	}
	s = strings.TrimRight(base+ext, "-.")
	if s == "" {
		return "file"
	}
	return s
}

package download

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxNameBytes bounds the filename before encoding; percent-encoding may
// triple it, and some proxies reject header lines over 8 KiB.
const maxNameBytes = 255

var german = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue", "ß", "ss", "ẞ", "SS")

// ContentDisposition returns a Content-Disposition value for filename, e.g.
//
//	attachment; filename="Strassen.csv"; filename*=UTF-8''Stra%C3%9Fen.csv
//
// The quoted filename is an ASCII fallback for old clients (German letters
// transliterated, accents stripped, everything risky replaced by "_"); the
// RFC 5987 filename* carries the real name and is added only when it
// differs. Paths, control characters and invalid UTF-8 are removed from
// both, so a hostile name cannot break out of the header or the download
// directory. An empty name becomes "download".
func ContentDisposition(filename string, attachment bool) string {
	name := cleanName(filename)
	fallback := asciiName(name)
	var b strings.Builder
	if attachment {
		b.WriteString("attachment")
	} else {
		b.WriteString("inline")
	}
	b.WriteString(`; filename="`)
	b.WriteString(fallback)
	b.WriteByte('"')
	if fallback != name {
		b.WriteString("; filename*=UTF-8''")
		b.WriteString(encodeRFC5987(name))
	}
	return b.String()
}

// cleanName keeps the last path element, drops control and format
// characters, and cuts to maxNameBytes on a rune boundary.
func cleanName(s string) string {
	s = strings.ToValidUTF8(s, "")
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		s = s[i+1:]
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	for len(s) > maxNameBytes {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	s = strings.Trim(s, ". ")
	if s == "" {
		return "download"
	}
	return s
}

// asciiName is the quoted-string fallback. Only characters that no client
// treats specially survive; '%' is excluded because some browsers decode it.
func asciiName(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(german.Replace(s)) {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune("._-+()[] ,", r):
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
			// combining accent split off by NFKD
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// encodeRFC5987 percent-encodes everything but RFC 5987 attr-chars.
func encodeRFC5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

package harvest

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var htmlTagRE = regexp.MustCompile(`(?i)</?(p|br|div|span|a|ul|ol|li|b|i|u|strong|em|h[1-6]|table|tr|td|th|font|img|hr|blockquote|pre|code|sup|sub)\b[^>]*>|&(nbsp|amp|lt|gt|quot|auml|ouml|uuml|szlig|#\d+);`)

// LooksHTML reports whether s contains HTML markup (ArcGIS, ODS and some
// CKAN portals put HTML in descriptions, which DCAT-AP.de wants as text).
func LooksHTML(s string) bool { return htmlTagRE.MatchString(s) }

// PlainText converts an HTML fragment to Markdown-flavoured text: blocks
// become paragraphs, list items "- " lines, links "[text](url)", and
// scripts, styles and comments disappear. Text without markup is
// returned unchanged (CKAN descriptions are Markdown already).
func PlainText(s string) string {
	if !LooksHTML(s) {
		return s
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	var href string
	var linkText strings.Builder
	inLink, skip := false, 0
	newline := func(n int) {
		cur := b.String()
		have := len(cur) - len(strings.TrimRight(cur, "\n"))
		if b.Len() == 0 {
			return
		}
		for ; have < n; have++ {
			b.WriteByte('\n')
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return tidyText(b.String())
		case html.TextToken:
			if skip > 0 {
				continue
			}
			t := collapseSpace(string(z.Text()))
			if inLink {
				linkText.WriteString(t)
			} else {
				b.WriteString(t)
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			end := tt == html.EndTagToken
			switch a {
			case atom.Script, atom.Style:
				if tt == html.StartTagToken {
					skip++
				} else if end && skip > 0 {
					skip--
				}
			case atom.Br:
				newline(1)
			case atom.P, atom.Div, atom.Table, atom.Tr, atom.Blockquote, atom.Pre, atom.Ul, atom.Ol,
				atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Hr:
				newline(2)
			case atom.Li:
				if !end {
					newline(1)
					b.WriteString("- ")
				}
			case atom.Td, atom.Th:
				if end {
					b.WriteString(" ")
				}
			case atom.A:
				if !end && tt == html.StartTagToken {
					href, inLink = "", true
					linkText.Reset()
					for hasAttr {
						var k, v []byte
						k, v, hasAttr = z.TagAttr()
						if string(k) == "href" {
							href = strings.TrimSpace(string(v))
						}
					}
				} else if end && inLink {
					inLink = false
					txt := strings.TrimSpace(linkText.String())
					switch {
					case href == "" || strings.HasPrefix(strings.ToLower(href), "javascript:"):
						b.WriteString(txt)
					case txt == "" || txt == href:
						b.WriteString(href)
					default:
						b.WriteString("[" + txt + "](" + href + ")")
					}
				}
			}
		}
	}
}

// collapseSpace turns every run of white space (with no-break spaces)
// into one space, keeping a leading or trailing one so that words of
// neighbouring elements stay apart.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// tidyText trims lines and allows at most one empty line between blocks.
func tidyText(s string) string {
	lines := strings.Split(s, "\n")
	var out []string
	empty := 0
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			empty++
			if empty > 1 || len(out) == 0 {
				continue
			}
		} else {
			empty = 0
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

var emailRE = regexp.MustCompile(`(?i)(mailto:)?[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}`)

// mailLabelRE is the label left behind an address ("…, E-Mail:",
// Bremen's "Statistisches Landesamt Bremenemail: info@…").
var mailLabelRE = regexp.MustCompile(`(?i)\s*(e-?mail|mail)\s*:\s*$|\s+e-?mail\s*$`)

// SplitNameEmail separates an e-mail address written into a name
// ("Stadt Musterstadt, Amt 62 <geodaten@musterstadt.de>", "Max Muster
// (max@example.org)"): it returns the name without the address and the
// address. A name that is only an address is returned as both.
func SplitNameEmail(name string) (string, string) {
	loc := emailRE.FindStringIndex(name)
	if loc == nil {
		return name, ""
	}
	email := strings.TrimPrefix(strings.ToLower(name[loc[0]:loc[1]]), "mailto:")
	email = name[loc[1]-len(email) : loc[1]] // keep the original case
	rest := strings.TrimSpace(name[:loc[0]] + " " + name[loc[1]:])
	rest = strings.NewReplacer("<>", "", "()", "", "[]", "").Replace(strings.Join(strings.Fields(rest), " "))
	rest = strings.Trim(mailLabelRE.ReplaceAllString(rest, ""), " ,;:-–<>()[]")
	if rest == "" {
		return email, email
	}
	return rest, email
}

// CleanEmail repairs e-mail values: "mailto:" prefixes, and addresses that
// an RDF reader resolved against the document as relative IRIs
// ("https://portal.example/info@stadt.de").
func CleanEmail(s string) string {
	s = strings.TrimSpace(s)
	if l := strings.ToLower(s); strings.HasPrefix(l, "mailto:") {
		s = s[len("mailto:"):]
	}
	if strings.Contains(s, "://") && strings.Contains(s, "@") {
		if i := strings.LastIndexByte(s, '/'); i >= 0 && strings.Contains(s[i+1:], "@") {
			s = s[i+1:]
		}
	}
	return s
}

package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

// view is what every page shows around its content: language, user,
// navigation and the CSRF token for forms. Page data structs embed it, so
// templates call {{.T "key"}} everywhere (and {{$.T}} inside ranges).
type view struct {
	Lang  string // "de" or "en"
	Title string
	Site  string
	Nav   string // active navigation entry
	Actor *catalog.Actor
	User  *catalog.User
	Path  string // request path with query, for the language switch
	Query string // the search box's value
	// HarvestNav shows the harvest pages in the navigation (mounted, and
	// the user administers something).
	HarvestNav bool
	csrf       func() string
	msgs       map[string]string
	altLang    string
}

func (w *Web) newView(c *gin.Context, title string) *view {
	lang := w.language(c)
	a := catalog.ActorFrom(c.Request.Context())
	v := &view{
		Lang: lang, Title: title, Site: w.opt.SiteTitle, Actor: a, User: a.User,
		Path: c.Request.URL.RequestURI(), msgs: messages[lang],
		csrf:       func() string { return w.csrfToken(c) },
		HarvestNav: w.opt.Harvest != nil && harvestAdmin(a),
	}
	v.altLang = "en"
	if lang == "en" {
		v.altLang = "de"
	}
	return v
}

// T returns the message for key in the page's language, formatted with
// args. A missing key shows itself, and a test makes sure none is.
func (v *view) T(key string, args ...any) string {
	m, ok := v.msgs[key]
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(m, args...)
	}
	return m
}

// N picks the singular (key.one) or plural (key.other) message for n.
func (v *view) N(key string, n int) string {
	if n == 1 {
		return v.T(key+".one", n)
	}
	return v.T(key+".other", formatInt(n, v.Lang))
}

// CSRF is the token forms send back. Computed on demand, so pages without
// forms do not hand anonymous visitors a session cookie.
func (v *view) CSRF() string { return v.csrf() }

// OtherLang is the language the switch offers.
func (v *view) OtherLang() string { return v.altLang }

// OtherLangName is that language's name in itself.
func (v *view) OtherLangName() string {
	if v.altLang == "en" {
		return "English"
	}
	return "Deutsch"
}

// OtherLangURL is the current page in the other language.
func (v *view) OtherLangURL() string {
	return withParam(v.Path, "lang", v.altLang)
}

// With pairs a value with the view for partial templates.
func (v *view) With(x any) withView { return withView{view: v, X: x} }

type withView struct {
	*view
	X any
}

// Date formats a catalog date (or time) in the page's language, keeping
// the precision it was given in.
func (v *view) Date(x any) string {
	switch d := x.(type) {
	case *catalog.Date:
		if d == nil {
			return ""
		}
		return formatDate(*d, v.Lang)
	case catalog.Date:
		return formatDate(d, v.Lang)
	case time.Time:
		if d.IsZero() {
			return ""
		}
		return formatDate(catalog.Date{Time: d, Precision: catalog.PrecisionDate}, v.Lang)
	}
	return ""
}

// Bytes is a human-readable size ("1,5 MB").
func (v *view) Bytes(n *int64) string {
	if n == nil {
		return ""
	}
	return humanBytes(*n, v.Lang)
}

// Count formats an integer with the language's thousands separator.
func (v *view) Count(n int) string { return formatInt(n, v.Lang) }

// Label is the page-language label of a controlled-vocabulary IRI.
func (v *view) Label(kind, iri string) string { return vocabLabel(kind, iri, v.Lang) }

// Field is the DCAT-AP.de name of a dataset field in the page's language.
func (v *view) Field(name string) string { return fieldLabel(name, v.Lang) }

// Msg picks the page's language from a bilingual message.
func (v *view) Msg(de, en string) string {
	if v.Lang == "en" && en != "" {
		return en
	}
	return de
}

// funcs are the template functions that need no language.
var funcs = template.FuncMap{
	"join":       strings.Join,
	"add":        func(a, b int) int { return a + b },
	"pathEscape": pathEscape,
	"asset":      assetURL,
	"formats":    datasetFormats,
	"safeURL":    safeURL,
	"truncate": func(s string, n int) string {
		return truncateRunes(s, n)
	},
	"paragraphs": paragraphs,
	"contains": func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	},
}

// safeURL returns s if it is an http(s) URL, else "". html/template
// already neutralises javascript: URLs; this also keeps odd schemes and
// relative paths from stored data out of links.
func safeURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// paragraphs splits a description at blank lines, so it is shown as
// paragraphs without interpreting any markup in it.
func paragraphs(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var out []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func truncateRunes(s string, n int) string {
	if n <= 0 {
		return ""
	}
	i := 0
	for pos := range s {
		if i == n {
			return strings.TrimSpace(s[:pos]) + "…"
		}
		i++
	}
	return s
}

// withParam sets one query parameter on a path+query.
func withParam(pathQuery, key, value string) string {
	u, err := url.Parse(pathQuery)
	if err != nil {
		return "/"
	}
	q := u.Query()
	if value == "" {
		q.Del(key)
	} else {
		q.Set(key, value)
	}
	u.RawQuery = q.Encode()
	return u.RequestURI()
}

func pathEscape(s string) string { return url.PathEscape(s) }

// datasetFormats lists the distinct formats of a dataset's distributions.
func datasetFormats(d *catalog.Dataset) []string {
	var out []string
	for _, r := range d.Distributions {
		if r.Format != "" && !containsStr(out, r.Format) {
			out = append(out, r.Format)
		}
	}
	return out
}

func asError(err error, e **catalog.Error) bool { return errors.As(err, e) }

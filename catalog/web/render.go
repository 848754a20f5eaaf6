package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

//go:embed templates
var templateFS embed.FS

// csp allows only our own scripts, styles, images and forms. No inline
// script or style: an injected <script> or style attribute does nothing.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// renderer holds one template set per page: the layout, every partial and
// that page, parsed once at start-up (as miniflux does), so a page can
// define "content" and "title" without clashing with the others.
type renderer struct {
	pages map[string]*template.Template
}

func newRenderer() (*renderer, error) {
	r := &renderer{pages: map[string]*template.Template{}}
	files, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS,
			"templates/layout.html", "templates/partials/*.html", f)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		r.pages[name] = t
	}
	return r, nil
}

// render executes a page into a buffer first, so a template error becomes
// a clean 500 instead of half a page.
func (w *Web) render(c *gin.Context, status int, page string, data any) {
	t := w.pages.pages[page]
	if t == nil {
		w.log.Error("unknown page template", "page", page)
		c.String(http.StatusInternalServerError, "Interner Fehler / Internal error")
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		w.log.Error("rendering page", "page", page, "err", err, "request_id", c.GetString("request_id"))
		c.String(http.StatusInternalServerError, "Interner Fehler / Internal error")
		return
	}
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("Vary", "Cookie, Accept-Language")
	if catalog.ActorFrom(c.Request.Context()).LoggedIn() || len(h.Values("Set-Cookie")) > 0 {
		// Personal pages, and pages that hand out a session, stay out
		// of shared caches.
		h.Set("Cache-Control", "private, no-store")
	} else if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache")
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// errorPage is the data of the error page.
type errorPage struct {
	*view
	Status  int
	Message string
	Login   bool // offer the login link (403 for anonymous visitors)
}

// fail renders err as an error page with the status its code maps to.
// Internal errors are logged with detail and shown as "internal error".
func (w *Web) fail(c *gin.Context, err error) {
	status := catalog.HTTPStatus(err)
	v := w.newView(c, "")
	msg := v.T("error.internal")
	var e *catalog.Error
	if status != http.StatusInternalServerError && asError(err, &e) {
		msg = e.Message
		if v.Lang == "de" && e.MessageDE != "" {
			msg = e.MessageDE
		}
		switch e.Code {
		case catalog.ENOTFOUND:
			msg = v.T("error.notfound")
		case catalog.EUNAVAILABLE:
			msg = v.T("error.unavailable")
		}
	} else {
		w.log.Error("request failed", "path", c.Request.URL.Path, "err", err, "request_id", c.GetString("request_id"))
	}
	v.Title = v.T(fmt.Sprintf("error.title.%d", status))
	if v.Title == fmt.Sprintf("error.title.%d", status) {
		v.Title = v.T("error.title")
	}
	login := status == http.StatusForbidden && !catalog.ActorFrom(c.Request.Context()).LoggedIn()
	w.render(c, status, "error", &errorPage{view: v, Status: status, Message: msg, Login: login})
	c.Abort()
}

package web

import (
	"crypto/hmac"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

// CSRF protection is a synchronizer token derived from the session nonce:
// HMAC(csrf key, nonce). It needs no server-side state, so it works on any
// instance that shares the key, and it changes with every login. On top,
// requests whose Origin or Sec-Fetch-Site says "another site" are refused
// before the token is even looked at.

const (
	csrfField  = "csrf_token"
	csrfHeader = "X-CSRF-Token"
	// maxFormBytes bounds url-encoded form bodies; the longest regular form
	// (a dataset with a long description) is far below it.
	maxFormBytes = 1 << 20
)

func (w *Web) csrfFor(s session) string {
	return base64.RawURLEncoding.EncodeToString(mac(w.keys.csrf, s.Nonce))
}

// csrfToken returns the token for the request's session, starting a
// session for anonymous visitors.
func (w *Web) csrfToken(c *gin.Context) string {
	return w.csrfFor(w.ensureSession(c))
}

// validCSRF checks a presented token against the session.
func (w *Web) validCSRF(c *gin.Context, token string) bool {
	s, ok := currentSession(c)
	if !ok || token == "" {
		return false
	}
	return hmac.Equal([]byte(token), []byte(w.csrfFor(s)))
}

// crossSite reports whether the browser says the request comes from
// another site. Old browsers send neither header; the token still holds.
func (w *Web) crossSite(c *gin.Context) bool {
	switch c.GetHeader("Sec-Fetch-Site") {
	case "cross-site", "same-site":
		return true
	}
	origin := c.GetHeader("Origin")
	if origin == "" || origin == "null" {
		return origin == "null"
	}
	u, err := url.Parse(origin)
	if err != nil {
		return true
	}
	if w.opt.BaseURL != "" {
		if b, err := url.Parse(w.opt.BaseURL); err == nil && strings.EqualFold(b.Host, u.Host) {
			return false
		}
	}
	return !strings.EqualFold(u.Host, c.Request.Host)
}

// requireCSRF guards url-encoded form POSTs. It parses the form (bounded)
// and compares the token in constant time.
func (w *Web) requireCSRF(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxFormBytes)
	if w.crossSite(c) {
		w.csrfFailed(c)
		return
	}
	if err := c.Request.ParseForm(); err != nil {
		w.fail(c, &catalog.Error{Code: catalog.ETOOLARGE, Message: "Form too large", MessageDE: "Das Formular ist zu groß"})
		c.Abort()
		return
	}
	token := c.Request.PostForm.Get(csrfField)
	if token == "" {
		token = c.GetHeader(csrfHeader)
	}
	if !w.validCSRF(c, token) {
		w.csrfFailed(c)
	}
}

func (w *Web) csrfFailed(c *gin.Context) {
	w.fail(c, &catalog.Error{Code: catalog.EFORBIDDEN,
		Message:   "The form has expired or did not come from this site. Please reload the page and try again.",
		MessageDE: "Das Formular ist abgelaufen oder stammt nicht von dieser Seite. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal."})
	c.Abort()
}

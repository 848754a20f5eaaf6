package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

type loginPage struct {
	*view
	Name  string
	Next  string
	Error string
}

// loginForm shows the login form (and starts the anonymous session its
// CSRF token belongs to).
func (w *Web) loginForm(c *gin.Context) {
	if catalog.ActorFrom(c.Request.Context()).LoggedIn() {
		c.Redirect(http.StatusSeeOther, safeNext(c.Query("next")))
		return
	}
	v := w.newView(c, "")
	v.Title, v.Nav = v.T("login.title"), "login"
	w.render(c, http.StatusOK, "login", &loginPage{view: v, Next: safeNext(c.Query("next"))})
}

// login checks the password and starts a session. Attempts are limited
// per client address and user name, and per address overall, before the
// password is even looked at.
func (w *Web) login(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 64<<10)
	_ = c.Request.ParseForm()
	f := c.Request.PostForm
	v := w.newView(c, "")
	v.Title, v.Nav = v.T("login.title"), "login"
	p := &loginPage{view: v, Name: strings.TrimSpace(f.Get("name")), Next: safeNext(f.Get("next"))}
	if len(p.Name) > 200 {
		p.Name = p.Name[:200]
	}
	if w.crossSite(c) || !w.validCSRF(c, f.Get(csrfField)) {
		p.Error = v.T("login.expired")
		w.render(c, http.StatusForbidden, "login", p)
		return
	}
	ip := c.ClientIP()
	if !w.loginIPs.allow(ip) || !w.logins.allow(ip+"\x00"+strings.ToLower(p.Name)) {
		p.Error = v.T("login.throttled")
		c.Header("Retry-After", "20")
		w.render(c, http.StatusTooManyRequests, "login", p)
		return
	}
	u, err := w.svc.Login(c.Request.Context(), p.Name, f.Get("password"))
	if catalog.ErrorCode(err) == catalog.EFORBIDDEN {
		p.Error = v.T("login.failed")
		w.render(c, http.StatusUnauthorized, "login", p)
		return
	}
	if err != nil {
		w.fail(c, err)
		return
	}
	w.logins.reset(ip + "\x00" + strings.ToLower(p.Name))
	w.startSession(c, u)
	c.Redirect(http.StatusSeeOther, p.Next)
}

// logout ends the session. The cookie is signed, not stored, so logging
// out removes it from this browser; changing the password ends all
// sessions everywhere.
func (w *Web) logout(c *gin.Context) {
	w.clearSessionCookie(c)
	c.Redirect(http.StatusSeeOther, "/")
}

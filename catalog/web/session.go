package web

import (
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

// session is what the signed cookie carries. It is not encrypted: it holds
// nothing secret, only the user id and a nonce from which CSRF tokens are
// derived. The store is asked on every request whether the user still
// exists and is active, so disabling a user ends their sessions.
type session struct {
	UserID string `json:"u,omitempty"`
	Nonce  string `json:"n"`
	Exp    int64  `json:"e"`
	// PW fingerprints the password hash: changing the password ends every
	// other session of the user, on every instance.
	PW string `json:"p,omitempty"`
}

const (
	ctxSession = "web.session"
	ctxUser    = "web.user"
	// maxCookie bounds what we try to verify; real cookies are ~200 bytes.
	maxCookie = 1024
)

func (w *Web) cookieName() string {
	if w.secure {
		// __Host- cookies must be Secure, host-only and Path=/, so a
		// sibling subdomain cannot plant one.
		return "__Host-dp_session"
	}
	return "dp_session"
}

func (w *Web) encodeSession(s session) string {
	b, _ := json.Marshal(s)
	p := base64.RawURLEncoding.EncodeToString(b)
	return p + "." + base64.RawURLEncoding.EncodeToString(mac(w.keys.session, p))
}

func (w *Web) decodeSession(v string) (session, bool) {
	var s session
	if v == "" || len(v) > maxCookie {
		return s, false
	}
	p, sig, ok := strings.Cut(v, ".")
	if !ok {
		return s, false
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, mac(w.keys.session, p)) {
		return s, false
	}
	b, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil || json.Unmarshal(b, &s) != nil || s.Nonce == "" {
		return s, false
	}
	if w.opt.Now().Unix() > s.Exp {
		return s, false
	}
	return s, true
}

func (w *Web) setSessionCookie(c *gin.Context, s session) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: w.cookieName(), Value: w.encodeSession(s), Path: "/",
		Expires:  time.Unix(s.Exp, 0),
		HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteLaxMode,
	})
	c.Set(ctxSession, s)
}

func (w *Web) clearSessionCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: w.cookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteLaxMode,
	})
	c.Set(ctxSession, session{})
}

func newNonce() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (w *Web) pwFingerprint(u *catalog.User) string {
	return hex.EncodeToString(mac(w.keys.password, u.ID, u.PasswordHash)[:8])
}

// currentSession returns the request's session, if it has a valid one.
func currentSession(c *gin.Context) (session, bool) {
	v, ok := c.Get(ctxSession)
	if !ok {
		return session{}, false
	}
	s, _ := v.(session)
	return s, s.Nonce != ""
}

// sessionMiddleware is withSession as a handler for route groups. It also
// settles the language first, so ?lang= is remembered even on pages that
// only redirect.
func (w *Web) sessionMiddleware(c *gin.Context) {
	w.language(c)
	w.withSession(c)
}

// withSession reads the session cookie and, if it names an active user,
// puts that user's actor into the request context. A request that
// already carries a logged-in actor (an API token) keeps it. Sessions are
// renewed when half their lifetime has passed, so active users stay in.
func (w *Web) withSession(c *gin.Context) {
	if _, done := c.Get(ctxSession); done {
		return
	}
	c.Set(ctxSession, session{})
	ck, err := c.Request.Cookie(w.cookieName())
	if err != nil {
		return
	}
	s, ok := w.decodeSession(ck.Value)
	if !ok {
		return
	}
	c.Set(ctxSession, s)
	ctx := c.Request.Context()
	if s.UserID == "" || catalog.ActorFrom(ctx).LoggedIn() {
		return
	}
	u, err := w.svc.User(ctx, s.UserID)
	if err != nil || u.State != catalog.StateActive || !hmac.Equal([]byte(s.PW), []byte(w.pwFingerprint(u))) {
		if err != nil && catalog.ErrorCode(err) != catalog.ENOTFOUND {
			w.log.Warn("loading session user", "err", err)
		}
		return
	}
	a, err := w.svc.ActorFor(ctx, u)
	if err != nil {
		w.log.Warn("loading session roles", "err", err)
		return
	}
	c.Request = c.Request.WithContext(catalog.WithActor(ctx, a))
	c.Set(ctxUser, u)
	now := w.opt.Now()
	if time.Unix(s.Exp, 0).Sub(now) < w.opt.SessionTTL/2 {
		s.Exp = now.Add(w.opt.SessionTTL).Unix()
		w.setSessionCookie(c, s)
	}
}

// startSession logs u in with a fresh nonce, so a nonce an attacker
// planted before the login (session fixation) is worthless after it.
func (w *Web) startSession(c *gin.Context, u *catalog.User) {
	w.setSessionCookie(c, session{
		UserID: u.ID, Nonce: newNonce(), PW: w.pwFingerprint(u),
		Exp: w.opt.Now().Add(w.opt.SessionTTL).Unix(),
	})
}

// ensureSession gives an anonymous visitor a session (nonce only) so that
// forms they see, such as the login form, can carry a CSRF token.
func (w *Web) ensureSession(c *gin.Context) session {
	if s, ok := currentSession(c); ok {
		return s
	}
	s := session{Nonce: newNonce(), Exp: w.opt.Now().Add(w.opt.SessionTTL).Unix()}
	w.setSessionCookie(c, s)
	return s
}

// requireLogin sends anonymous visitors to the login page and back.
func (w *Web) requireLogin(c *gin.Context) {
	if catalog.ActorFrom(c.Request.Context()).LoggedIn() {
		return
	}
	next := c.Request.URL.RequestURI()
	if c.Request.Method != http.MethodGet {
		next = c.Request.URL.Path
	}
	c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(next))
	c.Abort()
}

// safeNext accepts only local paths as redirect targets after login, so
// the login page cannot be used to send users to another site.
func safeNext(next string) string {
	if next == "" || len(next) > 2000 || !strings.HasPrefix(next, "/") ||
		strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") {
		return "/dashboard"
	}
	return next
}

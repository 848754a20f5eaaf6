package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

type passwordPage struct {
	*view
	*formState
	Saved bool
}

// passwordForm shows the form to change one's own password.
func (w *Web) passwordForm(c *gin.Context) {
	w.renderPassword(c, http.StatusOK, newFormState(), c.Query("saved") == "1")
}

// passwordChange checks the current password and sets the new one. The
// checks of the current password are limited per user, as logins are. The
// new password hash ends every other session of the user; this one gets
// a fresh session, so the user stays logged in here.
func (w *Web) passwordChange(c *gin.Context) {
	ctx := c.Request.Context()
	u := catalog.ActorFrom(ctx).User
	f := c.Request.PostForm
	current, next, again := f.Get("current"), f.Get("new"), f.Get("confirm")
	v := w.newView(c, "")
	st := newFormState()
	labels := map[string]string{"current": v.T("password.current"), "new": v.T("password.new"), "confirm": v.T("password.confirm")}
	if current == "" {
		st.add("current", labels["current"], v.T("form.missing"))
	}
	if next == "" {
		st.add("new", labels["new"], v.T("form.missing"))
	} else if next != again {
		st.add("confirm", labels["confirm"], v.T("password.mismatch"))
	} else if next == current {
		st.add("new", labels["new"], v.T("password.same"))
	}
	if st.failed() {
		w.renderPassword(c, http.StatusUnprocessableEntity, st, false)
		return
	}
	if !w.passwords.allow(u.ID) {
		st.addGeneral(v.T("password.throttled"))
		c.Header("Retry-After", "20")
		w.renderPassword(c, http.StatusTooManyRequests, st, false)
		return
	}
	if _, err := w.svc.Login(ctx, u.Name, current); err != nil {
		if catalog.ErrorCode(err) != catalog.EFORBIDDEN {
			w.fail(c, err)
			return
		}
		st.add("current", labels["current"], v.T("password.wrong"))
		w.renderPassword(c, http.StatusUnprocessableEntity, st, false)
		return
	}
	if err := w.svc.SetPassword(ctx, u.ID, next); err != nil {
		if st.addServiceError(err, map[string]string{"password": "new"}, labels, v.Lang) {
			w.renderPassword(c, http.StatusUnprocessableEntity, st, false)
			return
		}
		w.fail(c, err)
		return
	}
	w.passwords.reset(u.ID)
	fresh, err := w.svc.User(ctx, u.ID)
	if err != nil {
		w.fail(c, err)
		return
	}
	w.startSession(c, fresh)
	c.Redirect(http.StatusSeeOther, "/user/password?saved=1")
}

func (w *Web) renderPassword(c *gin.Context, status int, st *formState, saved bool) {
	v := w.newView(c, "")
	v.Title, v.Nav = v.T("password.title"), "dashboard"
	w.render(c, status, "password", &passwordPage{view: v, formState: st, Saved: saved})
}

// passwordField is a password input for the "password_input" template;
// it never carries a value back.
type passwordField struct {
	Name, Label, Autocomplete, Hint string
	Err                             fieldErr
}

// Password describes a password input with its autocomplete token.
func (p *passwordPage) Password(name, label, autocomplete, hint string) passwordField {
	return passwordField{Name: name, Label: label, Autocomplete: autocomplete, Hint: hint, Err: p.Err(name)}
}

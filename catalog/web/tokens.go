package web

import (
	"net/http"
	"sort"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

type tokensPage struct {
	*view
	Tokens []*catalog.Token
	Secret string // a new token, shown exactly once
	Label  string
	Error  string
}

// tokens lists the user's API tokens.
func (w *Web) tokens(c *gin.Context) {
	w.renderTokens(c, http.StatusOK, "", "", "")
}

// tokenCreate makes a token and shows its secret on the answer page only;
// it is stored as a hash and cannot be shown again. The answer is not
// cached (logged-in pages are no-store).
func (w *Web) tokenCreate(c *gin.Context) {
	ctx := c.Request.Context()
	a := catalog.ActorFrom(ctx)
	label := clean(c.Request.PostForm.Get("name"), 300)
	secret, _, err := w.svc.CreateToken(ctx, a.User.ID, label)
	if err != nil {
		if catalog.ErrorCode(err) == catalog.EINVALID {
			_, summary := fieldMessages(err, nil, w.language(c))
			msg := ""
			if len(summary) > 0 {
				msg = summary[0].Text
			}
			w.renderTokens(c, http.StatusUnprocessableEntity, "", label, msg)
			return
		}
		w.fail(c, err)
		return
	}
	w.renderTokens(c, http.StatusOK, secret, "", "")
}

func (w *Web) tokenRevoke(c *gin.Context) {
	if err := w.svc.RevokeToken(c.Request.Context(), c.Param("tid")); err != nil {
		w.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/user/tokens")
}

func (w *Web) renderTokens(c *gin.Context, status int, secret, label, msg string) {
	ctx := c.Request.Context()
	a := catalog.ActorFrom(ctx)
	ts, err := w.svc.Tokens(ctx, a.User.ID)
	if err != nil {
		w.fail(c, err)
		return
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].CreatedAt.After(ts[j].CreatedAt) })
	v := w.newView(c, "")
	v.Title, v.Nav = v.T("tokens.title"), "dashboard"
	w.render(c, status, "tokens", &tokensPage{view: v, Tokens: ts, Secret: secret, Label: label, Error: msg})
}

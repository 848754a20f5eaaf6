package web

import (
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

type membersPage struct {
	*view
	Org     *catalog.Organization
	Members []memberRow
	IsAdmin bool
	Roles   []option
	Error   string
	Saved   bool
}

type memberRow struct {
	Name, FullName, Role string
	Self                 bool
}

var roles = []string{catalog.RoleAdmin, catalog.RoleEditor, catalog.RoleMember}

// members lists an organisation's members; its admins manage them here.
func (w *Web) members(c *gin.Context) {
	w.renderMembers(c, http.StatusOK, "")
}

// memberSet adds a user or changes their role.
func (w *Web) memberSet(c *gin.Context) {
	f := c.Request.PostForm
	err := w.svc.SetMember(c.Request.Context(), c.Param("name"), clean(f.Get("username"), 200), f.Get("role"))
	w.memberDone(c, err)
}

func (w *Web) memberRemove(c *gin.Context) {
	err := w.svc.RemoveMember(c.Request.Context(), c.Param("name"), c.Param("user"))
	w.memberDone(c, err)
}

func (w *Web) memberDone(c *gin.Context, err error) {
	switch catalog.ErrorCode(err) {
	case "":
		c.Redirect(http.StatusSeeOther, "/organization/"+pathEscape(c.Param("name"))+"/members?saved=1")
	case catalog.EINVALID:
		_, summary := fieldMessages(err, nil, w.language(c))
		var msgs []string
		for _, s := range summary {
			msgs = append(msgs, s.Text)
		}
		w.renderMembers(c, http.StatusUnprocessableEntity, strings.Join(msgs, " "))
	default:
		w.fail(c, err)
	}
}

func (w *Web) renderMembers(c *gin.Context, status int, msg string) {
	ctx := c.Request.Context()
	org, err := w.svc.Organization(ctx, c.Param("name"))
	if err != nil {
		w.fail(c, err)
		return
	}
	ms, err := w.svc.Members(ctx, org.ID)
	if err != nil {
		w.fail(c, err)
		return
	}
	a := catalog.ActorFrom(ctx)
	v := w.newView(c, "")
	v.Title, v.Nav = v.T("members.page_title", org.Title), "dashboard"
	p := &membersPage{view: v, Org: org, IsAdmin: a.HasRole(org.ID, catalog.RoleAdmin), Error: msg, Saved: c.Query("saved") == "1"}
	for _, m := range ms {
		row := memberRow{Name: m.UserID, Role: m.Role, Self: a.User != nil && a.User.ID == m.UserID}
		if u, err := w.svc.User(ctx, m.UserID); err == nil {
			row.Name, row.FullName = u.Name, u.FullName
		}
		p.Members = append(p.Members, row)
	}
	sort.Slice(p.Members, func(i, j int) bool { return p.Members[i].Name < p.Members[j].Name })
	for _, r := range roles {
		p.Roles = append(p.Roles, option{Value: r, Label: v.T("role." + r), Selected: r == catalog.RoleEditor})
	}
	w.render(c, status, "members", p)
}

// RoleLabel names a role in the page's language.
func (p *membersPage) RoleLabel(role string) string { return p.T("role." + role) }

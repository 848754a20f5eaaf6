package ckanapi

import (
	"github.com/datenportal/datenportal/catalog"
)

type userDict struct {
	About                 *string `json:"about"`
	Created               string  `json:"created"`
	DisplayName           string  `json:"display_name"`
	Email                 string  `json:"email,omitempty"`
	Fullname              *string `json:"fullname"`
	ID                    string  `json:"id"`
	ImageDisplayURL       string  `json:"image_display_url"`
	ImageURL              string  `json:"image_url"`
	Name                  string  `json:"name"`
	NumberCreatedPackages int     `json:"number_created_packages"`
	State                 string  `json:"state"`
	Sysadmin              bool    `json:"sysadmin"`
}

func displayName(u *catalog.User) string {
	if u.FullName != "" {
		return u.FullName
	}
	return u.Name
}

// userShow shows a user; the e-mail address only to the user and to
// sysadmins, the password hash never.
func (r *request) userShow() (any, error) {
	id, err := r.p.idParam("id", "user_obj")
	if err != nil {
		return nil, err
	}
	u, err := r.svc().User(r.ctx, id)
	if err != nil {
		return nil, err
	}
	ud := &userDict{ID: u.ID, Name: u.Name, Fullname: nz(u.FullName), DisplayName: displayName(u),
		Created: ckanTime(u.CreatedAt), State: u.State, Sysadmin: u.Sysadmin}
	if a := r.actor(); a.IsSysadmin() || (a.LoggedIn() && a.User.ID == u.ID) {
		ud.Email = u.Email
	}
	return ud, nil
}

// tokenCreate creates a token (CKAN: user, name → {"token": …}).
func (r *request) tokenCreate() (any, error) {
	user, err := r.p.idParam("user")
	if err != nil {
		return nil, err
	}
	name, err := r.p.str("name")
	if err != nil {
		return nil, err
	}
	secret, _, err := r.svc().CreateToken(r.ctx, user, name)
	if err != nil {
		return nil, err
	}
	return map[string]string{"token": secret}, nil
}

type tokenDict struct {
	CreatedAt  string  `json:"created_at"`
	ID         string  `json:"id"`
	LastAccess *string `json:"last_access"`
	Name       string  `json:"name"`
	UserID     string  `json:"user_id"`
}

func (r *request) tokenList() (any, error) {
	user, err := r.p.idParam("user_id", "user")
	if err != nil {
		return nil, err
	}
	ts, err := r.svc().Tokens(r.ctx, user)
	if err != nil {
		return nil, err
	}
	out := make([]tokenDict, len(ts))
	for i, t := range ts {
		out[i] = tokenDict{ID: t.ID, Name: t.Name, UserID: t.UserID, CreatedAt: ckanTime(t.CreatedAt)}
		if t.LastUsedAt != nil {
			out[i].LastAccess = ckanTimePtr(*t.LastUsedAt)
		}
	}
	return out, nil
}

// tokenRevoke revokes a token given as its secret (token) or id (jti).
func (r *request) tokenRevoke() (any, error) {
	t, err := r.p.idParam("token", "jti")
	if err != nil {
		return nil, err
	}
	return nil, r.svc().RevokeToken(r.ctx, t)
}

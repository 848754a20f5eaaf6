package catalog

import (
	"context"
	"net/mail"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// Authenticate resolves an API token secret to its actor. An unknown token
// yields Anonymous, as CKAN treats it (403 on protected actions, never
// 401), so that probing tokens learns nothing.
func (s *Service) Authenticate(ctx context.Context, secret string) (*Actor, error) {
	secret = strings.TrimSpace(secret)
	if secret == "" || len(secret) > 512 {
		return Anonymous, nil
	}
	t, err := s.Store.TokenByHash(ctx, HashToken(secret))
	if ErrorCode(err) == ENOTFOUND {
		return Anonymous, nil
	}
	if err != nil {
		return nil, err
	}
	u, err := s.Store.User(ctx, t.UserID)
	if ErrorCode(err) == ENOTFOUND {
		return Anonymous, nil
	}
	if err != nil {
		return nil, err
	}
	if u.State != StateActive {
		return Anonymous, nil
	}
	now := s.now()
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > 10*time.Minute {
		_ = s.Store.TouchToken(ctx, t.ID, now) // best effort, throttled
	}
	return s.ActorFor(ctx, u)
}

// ActorFor builds the actor of a user with their memberships.
func (s *Service) ActorFor(ctx context.Context, u *User) (*Actor, error) {
	ms, err := s.Store.Memberships(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	a := &Actor{User: u, Roles: make(map[string]string, len(ms))}
	for _, m := range ms {
		a.Roles[m.OrganizationID] = m.Role
	}
	return a, nil
}

// Login checks a user's password. The same error is returned for an
// unknown user and a wrong password.
func (s *Service) Login(ctx context.Context, name, password string) (*User, error) {
	bad := &Error{Code: EFORBIDDEN, Message: "Invalid user name or password", MessageDE: "Benutzername oder Passwort falsch"}
	if name == "" || password == "" || len(password) > 72 {
		return nil, bad
	}
	u, err := s.Store.User(ctx, name)
	if ErrorCode(err) == ENOTFOUND {
		// Spend the same time as a real check so timing does not reveal
		// which user names exist.
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
		return nil, bad
	}
	if err != nil {
		return nil, err
	}
	if u.PasswordHash == "" || u.State != StateActive ||
		bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) != nil {
		return nil, bad
	}
	return u, nil
}

// dummyHash is computed on first use: bcrypt is deliberately slow and most
// processes (CLI commands, tests) never need it.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("datenportal-dummy"), bcrypt.DefaultCost)
	return h
})

// CreateUser creates an account (sysadmins and the operator CLI).
func (s *Service) CreateUser(ctx context.Context, u *User, password string) (*User, error) {
	if !ActorFrom(ctx).IsSysadmin() {
		return nil, Forbidden("User not authorized to create users")
	}
	c := *u
	if e := CheckName("name", c.Name); e != nil {
		return nil, e
	}
	if c.Email != "" {
		if _, err := mail.ParseAddress(c.Email); err != nil {
			return nil, FieldInvalid("email", "Ungültige E-Mail-Adresse.", "Email is not valid")
		}
	}
	if password != "" {
		if len(password) < 8 || len(password) > 72 {
			return nil, FieldInvalid("password", "Das Passwort muss 8 bis 72 Zeichen lang sein.", "Your password must be 8 to 72 characters long")
		}
		h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
		if err != nil {
			return nil, Internal(err)
		}
		c.PasswordHash = string(h)
	}
	c.ID = s.newID()
	c.State = StateActive
	c.CreatedAt = s.now()
	if err := s.Store.CreateUser(ctx, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// SetPassword changes a user's password (the user or a sysadmin).
func (s *Service) SetPassword(ctx context.Context, userIDOrName, password string) error {
	u, err := s.Store.User(ctx, userIDOrName)
	if err != nil {
		return err
	}
	a := ActorFrom(ctx)
	if !a.IsSysadmin() && (!a.LoggedIn() || a.User.ID != u.ID) {
		return Forbidden("User %s not authorized to change this password", a.Name())
	}
	if len(password) < 8 || len(password) > 72 {
		return FieldInvalid("password", "Das Passwort muss 8 bis 72 Zeichen lang sein.", "Your password must be 8 to 72 characters long")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return Internal(err)
	}
	u.PasswordHash = string(h)
	return s.Store.UpdateUser(ctx, u)
}

// User returns a user by id or name. Anyone may look users up (CKAN's
// user_show); the API edge decides which fields to show.
func (s *Service) User(ctx context.Context, idOrName string) (*User, error) {
	return s.Store.User(ctx, idOrName)
}

// CreateToken creates an API token for a user (the user or a sysadmin).
// The secret is returned once and stored only as a hash.
func (s *Service) CreateToken(ctx context.Context, userIDOrName, label string) (string, *Token, error) {
	u, err := s.Store.User(ctx, userIDOrName)
	if ErrorCode(err) == ENOTFOUND {
		return "", nil, FieldInvalid("user", "Benutzer nicht gefunden.", "User not found")
	}
	if err != nil {
		return "", nil, err
	}
	a := ActorFrom(ctx)
	if !a.IsSysadmin() && (!a.LoggedIn() || a.User.ID != u.ID) {
		return "", nil, Forbidden("User %s not authorized to create tokens for %s", a.Name(), u.Name)
	}
	label = strings.TrimSpace(label)
	if label == "" {
		label = "token"
	}
	if len(label) > 200 {
		return "", nil, FieldInvalid("name", "Der Name ist zu lang.", "Name is too long")
	}
	secret := NewTokenSecret()
	t := &Token{ID: s.newID(), UserID: u.ID, Name: label, Hash: HashToken(secret), CreatedAt: s.now()}
	if err := s.Store.CreateToken(ctx, t); err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// Tokens lists a user's tokens (without secrets).
func (s *Service) Tokens(ctx context.Context, userIDOrName string) ([]*Token, error) {
	u, err := s.Store.User(ctx, userIDOrName)
	if err != nil {
		return nil, err
	}
	a := ActorFrom(ctx)
	if !a.IsSysadmin() && (!a.LoggedIn() || a.User.ID != u.ID) {
		return nil, Forbidden("User %s not authorized to list tokens of %s", a.Name(), u.Name)
	}
	return s.Store.Tokens(ctx, u.ID)
}

// RevokeToken deletes a token given by its id or by its secret.
func (s *Service) RevokeToken(ctx context.Context, idOrSecret string) error {
	a := ActorFrom(ctx)
	if !a.LoggedIn() {
		return Forbidden("User not authorized to revoke tokens")
	}
	var t *Token
	if strings.HasPrefix(idOrSecret, tokenPrefix) {
		var err error
		if t, err = s.Store.TokenByHash(ctx, HashToken(idOrSecret)); err != nil {
			return err
		}
	} else {
		ts, err := s.Store.Tokens(ctx, a.User.ID)
		if err != nil {
			return err
		}
		for _, x := range ts {
			if x.ID == idOrSecret {
				t = x
			}
		}
		if t == nil && a.IsSysadmin() {
			// sysadmins may revoke any token by id; search all users
			us, err := s.Store.Users(ctx)
			if err != nil {
				return err
			}
			for _, u := range us {
				ts, _ := s.Store.Tokens(ctx, u.ID)
				for _, x := range ts {
					if x.ID == idOrSecret {
						t = x
					}
				}
			}
		}
		if t == nil {
			return NotFound("Token")
		}
	}
	if !a.IsSysadmin() && t.UserID != a.User.ID {
		return Forbidden("User %s not authorized to revoke this token", a.Name())
	}
	return s.Store.DeleteToken(ctx, t.ID)
}

package catalog

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// Actor is who makes a request: a user with their memberships, or
// anonymous (User nil). Authorisation follows CKAN: anonymous reads public
// datasets; members read their organisation's private datasets; editors
// write their organisation's datasets; admins manage members; sysadmins
// may do everything.
type Actor struct {
	User  *User
	Roles map[string]string // organisation id → role
}

// Anonymous is the actor of requests without valid credentials.
var Anonymous = &Actor{}

// IsSysadmin reports whether the actor is a sysadmin.
func (a *Actor) IsSysadmin() bool { return a != nil && a.User != nil && a.User.Sysadmin }

// LoggedIn reports whether the actor is a user.
func (a *Actor) LoggedIn() bool { return a != nil && a.User != nil }

// Name is the user name or "" for anonymous.
func (a *Actor) Name() string {
	if a.LoggedIn() {
		return a.User.Name
	}
	return ""
}

// HasRole reports whether the actor has at least role in org (sysadmins
// have every role everywhere).
func (a *Actor) HasRole(orgID, role string) bool {
	if a.IsSysadmin() {
		return true
	}
	if a == nil || orgID == "" {
		return false
	}
	return roleRank(a.Roles[orgID]) >= roleRank(role)
}

// CanRead reports whether the actor may see the dataset.
func (a *Actor) CanRead(d *Dataset) bool {
	if d.State == StateActive && !d.Private {
		return true
	}
	if a.IsSysadmin() {
		return true
	}
	if d.OrganizationID == "" {
		return a.LoggedIn() && d.CreatorUserID == a.User.ID
	}
	return a.HasRole(d.OrganizationID, RoleMember)
}

// CanEdit reports whether the actor may change datasets of org.
func (a *Actor) CanEdit(orgID string) bool { return a.HasRole(orgID, RoleEditor) }

// Visibility is the set of private datasets the actor may see in lists.
func (a *Actor) Visibility() Visibility {
	if a.IsSysadmin() {
		return Visibility{AllPrivate: true}
	}
	var v Visibility
	if a != nil {
		for org, role := range a.Roles {
			if roleRank(role) >= roleRank(RoleMember) {
				v.OrgIDs = append(v.OrgIDs, org)
			}
		}
	}
	return v
}

type actorKey struct{}

// WithActor returns a context carrying the actor.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the context's actor, Anonymous if none.
func ActorFrom(ctx context.Context) *Actor {
	if a, ok := ctx.Value(actorKey{}).(*Actor); ok && a != nil {
		return a
	}
	return Anonymous
}

// tokenPrefix marks Datenportal tokens so that secret scanners and humans
// recognise them.
const tokenPrefix = "dp_"

// NewTokenSecret returns a fresh random token secret (256 bits).
func NewTokenSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err)) // the OS has no entropy: nothing is safe
	}
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is how token secrets are stored. A fast hash is right here:
// the secret has 256 bits of entropy, so there is nothing to brute-force,
// and lookups happen on every API request.
func HashToken(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

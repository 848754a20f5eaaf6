package catalog

import "time"

// Roles in an organisation, as CKAN names them.
const (
	RoleAdmin  = "admin"  // manages members and everything below
	RoleEditor = "editor" // creates and edits the organisation's datasets
	RoleMember = "member" // reads the organisation's private datasets
)

// ValidRole reports whether r is one of the three roles.
func ValidRole(r string) bool { return r == RoleAdmin || r == RoleEditor || r == RoleMember }

// roleRank orders roles so that "at least editor" is a comparison.
func roleRank(r string) int {
	switch r {
	case RoleAdmin:
		return 3
	case RoleEditor:
		return 2
	case RoleMember:
		return 1
	}
	return 0
}

// User is an account. PasswordHash is a bcrypt hash, empty when the user
// can only use API tokens.
type User struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	FullName     string    `json:"full_name,omitempty"`
	Email        string    `json:"email,omitempty"`
	PasswordHash string    `json:"-"`
	Sysadmin     bool      `json:"sysadmin"`
	State        string    `json:"state"`
	CreatedAt    time.Time `json:"created_at"`
}

// Token is an API token. Only the SHA-256 of the secret is stored; the
// secret is shown once at creation.
type Token struct {
	ID         string     `json:"id"`
	UserID     string     `json:"user_id"`
	Name       string     `json:"name"`
	Hash       string     `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

// Membership is a user's role in an organisation.
type Membership struct {
	OrganizationID string `json:"organization_id"`
	UserID         string `json:"user_id"`
	Role           string `json:"role"`
}

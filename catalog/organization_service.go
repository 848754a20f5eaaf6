package catalog

import (
	"context"
	"net/mail"
	"strings"
)

// Organization returns an organisation by id or name.
func (s *Service) Organization(ctx context.Context, idOrName string) (*Organization, error) {
	if strings.TrimSpace(idOrName) == "" {
		return nil, FieldInvalid("id", "Pflichtfeld fehlt.", "Missing value")
	}
	return s.orgs.get(ctx, s.Store, idOrName, s.now())
}

// Organizations lists active organisations.
func (s *Service) Organizations(ctx context.Context) ([]*Organization, error) {
	all, err := s.Store.Organizations(ctx)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, o := range all {
		if o.State == StateActive {
			out = append(out, o)
		}
	}
	return out, nil
}

// CreateOrganization creates a publisher. Only sysadmins create
// organisations: in a municipal portal the operator decides who publishes.
func (s *Service) CreateOrganization(ctx context.Context, o *Organization) (*Organization, error) {
	if !ActorFrom(ctx).IsSysadmin() {
		return nil, Forbidden("User not authorized to create organizations")
	}
	c := *o
	if err := checkOrganization(&c); err != nil {
		return nil, err
	}
	c.ID = s.newID()
	c.State = StateActive
	c.CreatedAt = s.now()
	if err := s.Store.CreateOrganization(ctx, &c); err != nil {
		return nil, err
	}
	s.orgs.clear()
	return &c, nil
}

// UpdateOrganization replaces an organisation's fields (its admins and
// sysadmins).
func (s *Service) UpdateOrganization(ctx context.Context, o *Organization) (*Organization, error) {
	key := o.ID
	if key == "" {
		key = o.Name
	}
	old, err := s.Store.Organization(ctx, key)
	if err != nil {
		return nil, err
	}
	a := ActorFrom(ctx)
	if !a.HasRole(old.ID, RoleAdmin) {
		return nil, Forbidden("User %s not authorized to edit organization %s", a.Name(), old.Name)
	}
	c := *o
	c.ID, c.CreatedAt, c.State = old.ID, old.CreatedAt, old.State
	if c.Name == "" {
		c.Name = old.Name
	}
	if err := checkOrganization(&c); err != nil {
		return nil, err
	}
	if err := s.Store.UpdateOrganization(ctx, &c); err != nil {
		return nil, err
	}
	s.orgs.clear()
	return &c, nil
}

func checkOrganization(o *Organization) error {
	if e := CheckName("name", o.Name); e != nil {
		return e
	}
	o.Title = strings.TrimSpace(o.Title)
	if o.Title == "" {
		o.Title = o.Name
	}
	if len(o.Title) > 300 {
		return FieldInvalid("title", "Der Titel ist zu lang.", "Title is too long")
	}
	if o.Email != "" {
		if _, err := mail.ParseAddress(o.Email); err != nil {
			return FieldInvalid("email", "Ungültige E-Mail-Adresse.", "Email is not valid")
		}
	}
	if o.ContributorID != "" && !strings.HasPrefix(o.ContributorID, "http://") && !strings.HasPrefix(o.ContributorID, "https://") {
		return FieldInvalid("contributor_id", "Die Kennung muss eine IRI sein (http://dcat-ap.de/def/contributors/…).",
			"The contributor ID must be an IRI (http://dcat-ap.de/def/contributors/…)")
	}
	return nil
}

// SetMember gives a user a role in an organisation (its admins and
// sysadmins).
func (s *Service) SetMember(ctx context.Context, orgIDOrName, userIDOrName, role string) error {
	if !ValidRole(role) {
		return FieldInvalid("capacity", "Ungültige Rolle (admin, editor oder member).", "Role must be admin, editor or member")
	}
	org, err := s.Store.Organization(ctx, orgIDOrName)
	if err != nil {
		return err
	}
	a := ActorFrom(ctx)
	if !a.HasRole(org.ID, RoleAdmin) {
		return Forbidden("User %s not authorized to manage members of %s", a.Name(), org.Name)
	}
	u, err := s.Store.User(ctx, userIDOrName)
	if ErrorCode(err) == ENOTFOUND {
		return FieldInvalid("username", "Benutzer nicht gefunden.", "User not found")
	}
	if err != nil {
		return err
	}
	return s.Store.SetMembership(ctx, Membership{OrganizationID: org.ID, UserID: u.ID, Role: role})
}

// RemoveMember removes a user from an organisation.
func (s *Service) RemoveMember(ctx context.Context, orgIDOrName, userIDOrName string) error {
	org, err := s.Store.Organization(ctx, orgIDOrName)
	if err != nil {
		return err
	}
	a := ActorFrom(ctx)
	if !a.HasRole(org.ID, RoleAdmin) {
		return Forbidden("User %s not authorized to manage members of %s", a.Name(), org.Name)
	}
	u, err := s.Store.User(ctx, userIDOrName)
	if err != nil {
		return err
	}
	return s.Store.DeleteMembership(ctx, org.ID, u.ID)
}

// Members lists an organisation's members (visible to its members).
func (s *Service) Members(ctx context.Context, orgIDOrName string) ([]Membership, error) {
	org, err := s.Store.Organization(ctx, orgIDOrName)
	if err != nil {
		return nil, err
	}
	if !ActorFrom(ctx).HasRole(org.ID, RoleMember) {
		return nil, Forbidden("User not authorized to list members")
	}
	return s.Store.Members(ctx, org.ID)
}

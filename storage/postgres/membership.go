package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/datenportal/datenportal/catalog"
)

// SetMembership gives a user a role in an organisation, replacing any role
// they had there.
func (s *Store) SetMembership(ctx context.Context, m catalog.Membership) error {
	if !catalog.ValidRole(m.Role) {
		return catalog.FieldInvalid("role", "Unbekannte Rolle (admin, editor oder member).",
			"Unknown role (admin, editor or member).")
	}
	if !storable(m.OrganizationID) {
		return s.notFound(ctx, "Organization")
	}
	if !storable(m.UserID) {
		return s.notFound(ctx, "User")
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		for _, ref := range []struct{ table, id, what string }{
			{"organizations", m.OrganizationID, "Organization"},
			{"users", m.UserID, "User"},
		} {
			ok, err := exists(ctx, tx, ref.table, ref.id)
			if err != nil {
				return err
			}
			if !ok {
				return catalog.NotFound(ref.what)
			}
		}
		_, err := tx.Exec(ctx, `INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, $3)
			ON CONFLICT (organization_id, user_id) DO UPDATE SET role = excluded.role`,
			m.OrganizationID, m.UserID, m.Role)
		if constraintViolated(err, foreignKeyViolation) != "" {
			return catalog.NotFound("Organization or user")
		}
		return err
	})
}

// DeleteMembership removes a user from an organisation.
func (s *Store) DeleteMembership(ctx context.Context, orgID, userID string) error {
	if !storable(orgID) || !storable(userID) {
		return s.notFound(ctx, "Membership")
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2", orgID, userID)
		return affected(tag.RowsAffected(), err, "Membership")
	})
}

// Memberships lists a user's roles, by organisation name.
func (s *Store) Memberships(ctx context.Context, userID string) ([]catalog.Membership, error) {
	return s.memberships(ctx, `SELECT m.organization_id, m.user_id, m.role FROM memberships m
		JOIN organizations o ON o.id = m.organization_id WHERE m.user_id = $1 ORDER BY o.name`, userID)
}

// Members lists an organisation's members, by user name.
func (s *Store) Members(ctx context.Context, orgID string) ([]catalog.Membership, error) {
	return s.memberships(ctx, `SELECT m.organization_id, m.user_id, m.role FROM memberships m
		JOIN users u ON u.id = m.user_id WHERE m.organization_id = $1 ORDER BY u.name`, orgID)
}

func (s *Store) memberships(ctx context.Context, query, id string) ([]catalog.Membership, error) {
	if !storable(id) {
		return nil, s.nothing(ctx)
	}
	var out []catalog.Membership
	err := s.read(ctx, func(q querier) error {
		rows, err := q.Query(ctx, query, id)
		if err != nil {
			return err
		}
		out, err = collect(rows, func(r pgx.CollectableRow) (catalog.Membership, error) {
			var m catalog.Membership
			err := r.Scan(&m.OrganizationID, &m.UserID, &m.Role)
			return m, err
		})
		return err
	})
	return out, err
}

package sqlite

import (
	"context"
	"database/sql"

	"github.com/datenportal/datenportal/catalog"
)

// SetMembership gives a user a role in an organisation, replacing any role
// they had there.
func (s *Store) SetMembership(ctx context.Context, m catalog.Membership) error {
	if !catalog.ValidRole(m.Role) {
		return catalog.FieldInvalid("role", "Unbekannte Rolle (admin, editor oder member).",
			"Unknown role (admin, editor or member).")
	}
	return s.write(ctx, func(tx *sql.Tx) error {
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
		_, err := tx.ExecContext(ctx, `INSERT INTO memberships (organization_id, user_id, role) VALUES (?, ?, ?)
			ON CONFLICT (organization_id, user_id) DO UPDATE SET role = excluded.role`,
			m.OrganizationID, m.UserID, m.Role)
		return err
	})
}

// DeleteMembership removes a user from an organisation.
func (s *Store) DeleteMembership(ctx context.Context, orgID, userID string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM memberships WHERE organization_id = ? AND user_id = ?", orgID, userID)
		return affected(res, err, "Membership")
	})
}

// Memberships lists a user's roles, by organisation name.
func (s *Store) Memberships(ctx context.Context, userID string) ([]catalog.Membership, error) {
	return s.memberships(ctx, `SELECT m.organization_id, m.user_id, m.role FROM memberships m
		JOIN organizations o ON o.id = m.organization_id WHERE m.user_id = ? ORDER BY o.name`, userID)
}

// Members lists an organisation's members, by user name.
func (s *Store) Members(ctx context.Context, orgID string) ([]catalog.Membership, error) {
	return s.memberships(ctx, `SELECT m.organization_id, m.user_id, m.role FROM memberships m
		JOIN users u ON u.id = m.user_id WHERE m.organization_id = ? ORDER BY u.name`, orgID)
}

func (s *Store) memberships(ctx context.Context, query, id string) ([]catalog.Membership, error) {
	if s.closed.Load() {
		return nil, s.fail(ctx, errClosed)
	}
	rows, err := s.r.QueryContext(ctx, query, id)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	defer rows.Close()
	var out []catalog.Membership
	for rows.Next() {
		var m catalog.Membership
		if err := rows.Scan(&m.OrganizationID, &m.UserID, &m.Role); err != nil {
			return nil, s.fail(ctx, err)
		}
		out = append(out, m)
	}
	return out, s.fail(ctx, rows.Err())
}

package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/datenportal/datenportal/storage/internal/record"

	"github.com/datenportal/datenportal/catalog"
)

func checkUser(u *catalog.User) error {
	if u == nil {
		return errMissing
	}
	if err := checkIDName(u.ID, u.Name); err != nil {
		return err
	}
	if field := record.InvalidUTF8Field(u); field != "" {
		return catalog.FieldInvalid(field, "Ungültige Zeichenkodierung (kein UTF-8).", "Invalid character encoding (not UTF-8).")
	}
	return nil
}

// CreateUser inserts u; a taken id or name is ECONFLICT.
func (s *Store) CreateUser(ctx context.Context, u *catalog.User) error {
	if err := checkUser(u); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO users
			(id, name, full_name, email, password_hash, sysadmin, state, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			u.ID, u.Name, u.FullName, u.Email, u.PasswordHash, u.Sysadmin, u.State, toMicros(normTime(u.CreatedAt)))
		if isConstraint(err) {
			return uniqueConflict(ctx, tx, "users", u.ID, u.Name, msgUserTaken)
		}
		return err
	})
}

// UpdateUser replaces every field of the user with u.ID, including the
// password hash.
func (s *Store) UpdateUser(ctx context.Context, u *catalog.User) error {
	if err := checkUser(u); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET
			name = ?, full_name = ?, email = ?, password_hash = ?, sysadmin = ?, state = ?, created_at = ?
			WHERE id = ?`,
			u.Name, u.FullName, u.Email, u.PasswordHash, u.Sysadmin, u.State, toMicros(normTime(u.CreatedAt)), u.ID)
		if isConstraint(err) {
			return uniqueConflict(ctx, tx, "users", u.ID, u.Name, msgUserTaken)
		}
		return affected(res, err, "User")
	})
}

const userColumns = "id, name, full_name, email, password_hash, sysadmin, state, created_at"

type scanner interface{ Scan(dest ...any) error }

func scanUser(row scanner) (*catalog.User, error) {
	var u catalog.User
	var created int64
	if err := row.Scan(&u.ID, &u.Name, &u.FullName, &u.Email, &u.PasswordHash, &u.Sysadmin, &u.State, &created); err != nil {
		return nil, err
	}
	u.CreatedAt = fromMicros(created)
	return &u, nil
}

// User finds a user by id, or else by name.
func (s *Store) User(ctx context.Context, idOrName string) (*catalog.User, error) {
	if s.closed.Load() {
		return nil, s.fail(ctx, errClosed)
	}
	u, err := scanUser(s.r.QueryRowContext(ctx,
		"SELECT "+userColumns+" FROM users WHERE id = ?1 OR name = ?1 ORDER BY id = ?1 DESC LIMIT 1", idOrName))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, catalog.NotFound("User")
	}
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return u, nil
}

// Users lists every user by name.
func (s *Store) Users(ctx context.Context) ([]*catalog.User, error) {
	if s.closed.Load() {
		return nil, s.fail(ctx, errClosed)
	}
	rows, err := s.r.QueryContext(ctx, "SELECT "+userColumns+" FROM users ORDER BY name")
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	defer rows.Close()
	var out []*catalog.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, s.fail(ctx, err)
		}
		out = append(out, u)
	}
	return out, s.fail(ctx, rows.Err())
}

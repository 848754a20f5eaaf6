package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/datenportal/datenportal/catalog"
)

func checkUser(u *catalog.User) error {
	if u == nil {
		return errMissing
	}
	if err := checkIDName(u.ID, u.Name); err != nil {
		return err
	}
	if field := unstorableField(u); field != "" {
		return errUnstorable(field)
	}
	return nil
}

// CreateUser inserts u; a taken id or name is ECONFLICT.
func (s *Store) CreateUser(ctx context.Context, u *catalog.User) error {
	if err := checkUser(u); err != nil {
		return err
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO users
			(id, name, full_name, email, password_hash, sysadmin, state, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
			u.ID, u.Name, u.FullName, u.Email, u.PasswordHash, u.Sysadmin, u.State, toMicros(normTime(u.CreatedAt)))
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return uniqueConflict(ctx, tx, "users", u.ID, u.Name, msgUserTaken)
		}
		return nil
	})
}

// UpdateUser replaces every field of the user with u.ID, including the
// password hash.
func (s *Store) UpdateUser(ctx context.Context, u *catalog.User) error {
	if err := checkUser(u); err != nil {
		return err
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE users SET
			name = $1, full_name = $2, email = $3, password_hash = $4, sysadmin = $5, state = $6, created_at = $7
			WHERE id = $8`,
			u.Name, u.FullName, u.Email, u.PasswordHash, u.Sysadmin, u.State, toMicros(normTime(u.CreatedAt)), u.ID)
		if constraintViolated(err, uniqueViolation) == "users_name_key" {
			return conflict("name", msgUserTaken)
		}
		return affected(tag.RowsAffected(), err, "User")
	})
}

const userColumns = "id, name, full_name, email, password_hash, sysadmin, state, created_at"

func scanUser(row pgx.Row) (*catalog.User, error) {
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
	if !storable(idOrName) {
		return nil, s.notFound(ctx, "User")
	}
	var u *catalog.User
	err := s.read(ctx, func(q querier) error {
		var err error
		u, err = scanUser(q.QueryRow(ctx,
			"SELECT "+userColumns+" FROM users WHERE id = $1 OR name = $1 ORDER BY id = $1 DESC LIMIT 1", idOrName))
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, catalog.NotFound("User")
	}
	return u, err
}

// Users lists every user by name.
func (s *Store) Users(ctx context.Context) ([]*catalog.User, error) {
	var out []*catalog.User
	err := s.read(ctx, func(q querier) error {
		rows, err := q.Query(ctx, "SELECT "+userColumns+" FROM users ORDER BY name")
		if err != nil {
			return err
		}
		out, err = collect(rows, func(r pgx.CollectableRow) (*catalog.User, error) { return scanUser(r) })
		return err
	})
	return out, err
}

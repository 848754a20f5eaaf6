package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/datenportal/datenportal/storage/internal/record"

	"github.com/datenportal/datenportal/catalog"
)

// CreateToken stores a token (its hash, never the secret) for an existing
// user.
func (s *Store) CreateToken(ctx context.Context, t *catalog.Token) error {
	if t == nil {
		return errMissing
	}
	if t.ID == "" {
		return catalog.FieldInvalid("id", "Darf nicht leer sein.", "Must not be empty.")
	}
	if t.Hash == "" {
		return catalog.FieldInvalid("hash", "Darf nicht leer sein.", "Must not be empty.")
	}
	if field := record.InvalidUTF8Field(t); field != "" {
		return catalog.FieldInvalid(field, "Ungültige Zeichenkodierung (kein UTF-8).", "Invalid character encoding (not UTF-8).")
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, "users", t.UserID); err != nil || !ok {
			if err != nil {
				return err
			}
			return catalog.NotFound("User")
		}
		var lastUsed *int64
		if t.LastUsedAt != nil {
			us := toMicros(*t.LastUsedAt)
			lastUsed = &us
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO tokens (id, user_id, name, hash, created_at, last_used_at)
			VALUES (?, ?, ?, ?, ?, ?)`, t.ID, t.UserID, t.Name, t.Hash, toMicros(normTime(t.CreatedAt)), lastUsed)
		if isConstraint(err) {
			if ok, err := exists(ctx, tx, "tokens", t.ID); err != nil || ok {
				if err != nil {
					return err
				}
				return conflict("id", msgIDTaken)
			}
			return conflict("hash", catalog.FieldError{DE: "Dieses Token existiert bereits.", EN: "That token already exists."})
		}
		return err
	})
}

const tokenColumns = "id, user_id, name, hash, created_at, last_used_at"

func scanToken(row scanner) (*catalog.Token, error) {
	var t catalog.Token
	var created int64
	var lastUsed sql.NullInt64
	if err := row.Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, &created, &lastUsed); err != nil {
		return nil, err
	}
	t.CreatedAt = fromMicros(created)
	if lastUsed.Valid {
		at := fromMicros(lastUsed.Int64)
		t.LastUsedAt = &at
	}
	return &t, nil
}

// TokenByHash finds the token whose secret hashes to hash.
func (s *Store) TokenByHash(ctx context.Context, hash string) (*catalog.Token, error) {
	if s.closed.Load() {
		return nil, s.fail(ctx, errClosed)
	}
	t, err := scanToken(s.r.QueryRowContext(ctx, "SELECT "+tokenColumns+" FROM tokens WHERE hash = ?", hash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, catalog.NotFound("Token")
	}
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return t, nil
}

// Tokens lists a user's tokens, oldest first.
func (s *Store) Tokens(ctx context.Context, userID string) ([]*catalog.Token, error) {
	if s.closed.Load() {
		return nil, s.fail(ctx, errClosed)
	}
	rows, err := s.r.QueryContext(ctx, "SELECT "+tokenColumns+" FROM tokens WHERE user_id = ? ORDER BY created_at, id", userID)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	defer rows.Close()
	var out []*catalog.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, s.fail(ctx, err)
		}
		out = append(out, t)
	}
	return out, s.fail(ctx, rows.Err())
}

// DeleteToken revokes a token.
func (s *Store) DeleteToken(ctx context.Context, id string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM tokens WHERE id = ?", id)
		return affected(res, err, "Token")
	})
}

// TouchToken records when a token was last used.
func (s *Store) TouchToken(ctx context.Context, id string, at time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE tokens SET last_used_at = ? WHERE id = ?", toMicros(at), id)
		return affected(res, err, "Token")
	})
}

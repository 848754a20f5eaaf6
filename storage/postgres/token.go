package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

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
	if field := unstorableField(t); field != "" {
		return errUnstorable(field)
	}
	var lastUsed *int64
	if t.LastUsedAt != nil {
		us := toMicros(*t.LastUsedAt)
		lastUsed = &us
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		if ok, err := exists(ctx, tx, "users", t.UserID); err != nil || !ok {
			if err != nil {
				return err
			}
			return catalog.NotFound("User")
		}
		tag, err := tx.Exec(ctx, `INSERT INTO tokens (id, user_id, name, hash, created_at, last_used_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
			t.ID, t.UserID, t.Name, t.Hash, toMicros(normTime(t.CreatedAt)), lastUsed)
		if constraintViolated(err, foreignKeyViolation) != "" {
			return catalog.NotFound("User")
		}
		if err != nil {
			return err
		}
		if tag.RowsAffected() > 0 {
			return nil
		}
		if ok, err := exists(ctx, tx, "tokens", t.ID); err != nil || ok {
			if err != nil {
				return err
			}
			return conflict("id", msgIDTaken)
		}
		return conflict("hash", msgTokenTaken)
	})
}

const tokenColumns = "id, user_id, name, hash, created_at, last_used_at"

func scanToken(row pgx.Row) (*catalog.Token, error) {
	var t catalog.Token
	var created int64
	var lastUsed *int64
	if err := row.Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, &created, &lastUsed); err != nil {
		return nil, err
	}
	t.CreatedAt = fromMicros(created)
	if lastUsed != nil {
		at := fromMicros(*lastUsed)
		t.LastUsedAt = &at
	}
	return &t, nil
}

// TokenByHash finds the token whose secret hashes to hash.
func (s *Store) TokenByHash(ctx context.Context, hash string) (*catalog.Token, error) {
	if !storable(hash) {
		return nil, s.notFound(ctx, "Token")
	}
	var t *catalog.Token
	err := s.read(ctx, func(q querier) error {
		var err error
		t, err = scanToken(q.QueryRow(ctx, "SELECT "+tokenColumns+" FROM tokens WHERE hash = $1", hash))
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, catalog.NotFound("Token")
	}
	return t, err
}

// Tokens lists a user's tokens, oldest first.
func (s *Store) Tokens(ctx context.Context, userID string) ([]*catalog.Token, error) {
	if !storable(userID) {
		return nil, s.nothing(ctx)
	}
	var out []*catalog.Token
	err := s.read(ctx, func(q querier) error {
		rows, err := q.Query(ctx, "SELECT "+tokenColumns+" FROM tokens WHERE user_id = $1 ORDER BY created_at, id", userID)
		if err != nil {
			return err
		}
		out, err = collect(rows, func(r pgx.CollectableRow) (*catalog.Token, error) { return scanToken(r) })
		return err
	})
	return out, err
}

// DeleteToken revokes a token.
func (s *Store) DeleteToken(ctx context.Context, id string) error {
	if !storable(id) {
		return s.notFound(ctx, "Token")
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "DELETE FROM tokens WHERE id = $1", id)
		return affected(tag.RowsAffected(), err, "Token")
	})
}

// TouchToken records when a token was last used. It is one idempotent
// statement, run like a read (no explicit transaction, retried once on a
// dropped connection): it happens on every authenticated request.
func (s *Store) TouchToken(ctx context.Context, id string, at time.Time) error {
	if !storable(id) {
		return s.notFound(ctx, "Token")
	}
	return s.read(ctx, func(q querier) error {
		tag, err := q.Exec(ctx, "UPDATE tokens SET last_used_at = $1 WHERE id = $2", toMicros(at), id)
		return affected(tag.RowsAffected(), err, "Token")
	})
}

package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/datenportal/datenportal/catalog"
)

// Helpers shared by the small record types (organisations, users, tokens,
// memberships).

// errMissing is what a nil record gets instead of a panic.
var errMissing = catalog.FieldInvalid("id", "Datensatz fehlt.", "Record missing.")

// checkIDName rejects an empty or unstorable id or name.
func checkIDName(id, name string) error {
	for _, f := range []struct{ field, v string }{{"id", id}, {"name", name}} {
		if f.v == "" {
			return catalog.FieldInvalid(f.field, "Darf nicht leer sein.", "Must not be empty.")
		}
		if !storable(f.v) {
			return errUnstorable(f.field)
		}
	}
	return nil
}

// uniqueConflict names the field (name or id) that an insert into table
// collided on. table is one of our own constant table names.
func uniqueConflict(ctx context.Context, tx pgx.Tx, table, id, name string, nameMsg catalog.FieldError) error {
	var taken bool
	if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM "+table+" WHERE name = $1 AND id <> $2)", name, id).Scan(&taken); err != nil {
		return err
	}
	if taken {
		return conflict("name", nameMsg)
	}
	return conflict("id", msgIDTaken)
}

// affected turns "no row matched" into ENOTFOUND for what.
func affected(n int64, err error, what string) error {
	if err != nil {
		return err
	}
	if n == 0 {
		return catalog.NotFound(what)
	}
	return nil
}

// exists reports whether table has a row with id.
func exists(ctx context.Context, q querier, table, id string) (bool, error) {
	var ok bool
	err := q.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM "+table+" WHERE id = $1)", id).Scan(&ok)
	return ok, err
}

// notFound answers a lookup whose key cannot be stored (so matches
// nothing) without asking the database, but still reports a closed store
// or a cancelled request as such.
func (s *Store) notFound(ctx context.Context, what string) error {
	if s.closed.Load() || ctx.Err() != nil {
		return s.fail(ctx, errClosed)
	}
	return catalog.NotFound(what)
}

// nothing answers a list whose key cannot be stored: empty, unless the
// store is closed or the request cancelled.
func (s *Store) nothing(ctx context.Context) error {
	if s.closed.Load() || ctx.Err() != nil {
		return s.fail(ctx, errClosed)
	}
	return nil
}

package sqlite

import (
	"context"
	"database/sql"
	"unicode/utf8"

	"github.com/datenportal/datenportal/catalog"
)

// Helpers shared by the small record types (organisations, users, tokens,
// memberships).

// errMissing is what a nil record gets instead of a panic.
var errMissing = catalog.FieldInvalid("id", "Datensatz fehlt.", "Record missing.")

// checkIDName rejects an empty or non-UTF-8 id or name.
func checkIDName(id, name string) error {
	for _, f := range []struct{ field, v string }{{"id", id}, {"name", name}} {
		if f.v == "" {
			return catalog.FieldInvalid(f.field, "Darf nicht leer sein.", "Must not be empty.")
		}
		if !utf8.ValidString(f.v) {
			return catalog.FieldInvalid(f.field, "Ungültige Zeichenkodierung (kein UTF-8).", "Invalid character encoding (not UTF-8).")
		}
	}
	return nil
}

// uniqueConflict names the field (name or id) that a failed write to
// table collided on. table is one of our own constant table names.
func uniqueConflict(ctx context.Context, tx *sql.Tx, table, id, name string, nameMsg catalog.FieldError) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table+" WHERE name = ? AND id <> ?", name, id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return conflict("name", nameMsg)
	}
	return conflict("id", msgIDTaken)
}

// affected turns "no row matched" into ENOTFOUND for what.
func affected(res sql.Result, err error, what string) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return catalog.NotFound(what)
	}
	return nil
}

// exists reports whether table has a row with id.
func exists(ctx context.Context, tx *sql.Tx, table, id string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table+" WHERE id = ?", id).Scan(&n)
	return n > 0, err
}

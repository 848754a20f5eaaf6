package sqlite

import (
	"context"
	"errors"

	"github.com/datenportal/datenportal/catalog"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// errClosed is the cause recorded when a closed store is used.
var errClosed = errors.New("sqlite: store closed")

// fail turns a driver error into the error callers get: catalog errors
// pass through, a cancelled context is reported as such, a database that
// is closed, locked or failing on disk is "unavailable", and anything else
// is internal. SQL text stays in Err, which is logged but never shown.
func (s *Store) fail(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var ce *catalog.Error
	if errors.As(err, &ce) {
		return ce
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if s.closed.Load() {
		return catalog.Unavailable("database", err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_IOERR,
			sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY,
			sqlite3.SQLITE_NOMEM, sqlite3.SQLITE_PROTOCOL, sqlite3.SQLITE_NOLFS:
			return catalog.Unavailable("database", err)
		}
	}
	return catalog.Internal(err)
}

// isConstraint reports a UNIQUE, PRIMARY KEY or FOREIGN KEY violation; the
// caller then looks up which record collided, because the field named in
// the error must be the user's field, not a column from SQLite's message.
func isConstraint(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_CONSTRAINT
}

// Messages users see for duplicates, in German and English.
var (
	msgURLTaken  = catalog.FieldError{DE: "Diese URL ist bereits vergeben.", EN: "That URL is already in use."}
	msgIDTaken   = catalog.FieldError{DE: "Diese ID ist bereits vergeben.", EN: "That id is already in use."}
	msgUserTaken = catalog.FieldError{DE: "Dieser Benutzername ist nicht verfügbar.", EN: "That login name is not available."}
)

// conflict is an ECONFLICT error about one field.
func conflict(field string, msg catalog.FieldError) *catalog.Error {
	return &catalog.Error{
		Code:      catalog.ECONFLICT,
		Message:   "Validation error",
		MessageDE: "Validierungsfehler",
		Fields:    map[string][]catalog.FieldError{field: {msg}},
	}
}

// errStale is the optimistic-concurrency failure of UpdateDataset.
func errStale() *catalog.Error {
	return &catalog.Error{
		Code:      catalog.ECONFLICT,
		Message:   "The dataset was changed in the meantime; reload it and try again.",
		MessageDE: "Der Datensatz wurde zwischenzeitlich geändert; bitte neu laden und erneut versuchen.",
	}
}

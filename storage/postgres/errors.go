package postgres

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/datenportal/datenportal/catalog"
)

// errClosed is the cause recorded when a closed store is used.
var errClosed = errors.New("postgres: store closed")

// fail turns a driver error into the error callers get: catalog errors
// pass through, a cancelled context is reported as such, a database that
// is closed, unreachable, restarting or overloaded is "unavailable", and
// anything else is internal. SQL text stays in Err, which is logged but
// never shown.
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
	if s.closed.Load() || unavailable(err) {
		return catalog.Unavailable("database", err)
	}
	return catalog.Internal(err)
}

// lostError marks an error after which the connection was found closed:
// whatever the message, the server or the network went away.
type lostError struct{ err error }

func (e *lostError) Error() string { return "connection lost: " + e.err.Error() }
func (e *lostError) Unwrap() error { return e.err }

// connectionLost reports errors that mean the connection is gone, so the
// request may be repeated on another one.
func connectionLost(err error) bool {
	var le *lostError
	var ce *pgconn.ConnectError
	var ne net.Error
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &le), errors.As(err, &ce), errors.As(err, &ne),
		errors.Is(err, pgconn.ErrConnClosed), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, net.ErrClosed), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.EPIPE):
		return true
	case errors.As(err, &pe):
		// Class 08: connection exception; 57P01–57P03: the server is
		// shutting down, crashed or not yet accepting connections (the
		// session was terminated, e.g. by pg_terminate_backend).
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03"
	}
	return pgconn.SafeToRetry(err)
}

// unavailable reports errors that say "the database cannot serve this
// now" rather than "this request is wrong": lost connections, the server
// out of connections, memory or disk, a failover to a read-only standby,
// a statement timeout, and deadlocks or serialization failures, which
// succeed when tried again.
func unavailable(err error) bool {
	if connectionLost(err) || pgconn.Timeout(err) {
		return true
	}
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	switch pe.Code {
	case "40001", "40P01", "55P03", "57014", "25006":
		return true
	}
	return strings.HasPrefix(pe.Code, "53") || strings.HasPrefix(pe.Code, "58")
}

// constraintViolated returns the name of the unique (23505) or foreign-key
// (23503) constraint err violated, or "".
func constraintViolated(err error, code string) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == code {
		return pe.ConstraintName
	}
	return ""
}

const (
	uniqueViolation     = "23505"
	foreignKeyViolation = "23503"
)

// Messages users see for duplicates, in German and English (the same as
// storage/sqlite's, so both stores answer alike).
var (
	msgURLTaken   = catalog.FieldError{DE: "Diese URL ist bereits vergeben.", EN: "That URL is already in use."}
	msgIDTaken    = catalog.FieldError{DE: "Diese ID ist bereits vergeben.", EN: "That id is already in use."}
	msgUserTaken  = catalog.FieldError{DE: "Dieser Benutzername ist nicht verfügbar.", EN: "That login name is not available."}
	msgTokenTaken = catalog.FieldError{DE: "Dieses Token existiert bereits.", EN: "That token already exists."}
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

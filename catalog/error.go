package catalog

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Error codes. Each maps to one HTTP status and one CKAN __type at the edge
// (see catalog/ckanapi and catalog/server); the domain never speaks HTTP.
const (
	EINVALID     = "invalid"     // validation failed; Fields says where (409 Validation Error)
	ENOTFOUND    = "not_found"   // 404 Not Found Error
	EFORBIDDEN   = "forbidden"   // 403 Authorization Error
	ECONFLICT    = "conflict"    // concurrent modification or duplicate (409)
	EQUERY       = "bad_query"   // malformed search query (400 Search Query Error)
	EBADREQUEST  = "bad_request" // malformed request outside validation (400)
	ETOOLARGE    = "too_large"   // body or upload over a limit (413)
	EUNAVAILABLE = "unavailable" // a dependency (database, S3) is down (503)
	EINTERNAL    = "internal"    // a bug or an unexpected failure (500)
)

// FieldError is one message about one field, in German and English.
type FieldError struct {
	DE string `json:"de"`
	EN string `json:"en"`
}

// Error is the one error type of Datenportal. Message is safe to show to
// users (German first where a German text exists); internal errors carry
// their cause in Err, which is logged but never shown.
type Error struct {
	Code      string
	Message   string // English message (CKAN clients parse English)
	MessageDE string // German message, optional
	// Fields maps a field name (CKAN-style, e.g. "name", "owner_org",
	// "resources.0.url") to messages about it.
	Fields map[string][]FieldError
	Err    error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			for _, m := range e.Fields[k] {
				fmt.Fprintf(&b, "; %s: %s", k, m.EN)
			}
		}
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and English message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Internal wraps an unexpected error; its detail is logged, not shown.
func Internal(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: EINTERNAL, Message: "Internal error", Err: err}
}

// Unavailable wraps an error from a dependency that is down.
func Unavailable(what string, err error) *Error {
	return &Error{Code: EUNAVAILABLE, Message: what + " unavailable", MessageDE: what + " nicht erreichbar", Err: err}
}

// ValidationError builds an EINVALID error from field messages.
func ValidationError(fields map[string][]FieldError) *Error {
	return &Error{Code: EINVALID, Message: "Validation error", MessageDE: "Validierungsfehler", Fields: fields}
}

// FieldInvalid is a one-field validation error.
func FieldInvalid(field, de, en string) *Error {
	return ValidationError(map[string][]FieldError{field: {{DE: de, EN: en}}})
}

// NotFound is an ENOTFOUND error for a kind of thing ("Dataset", "Resource").
func NotFound(what string) *Error {
	return &Error{Code: ENOTFOUND, Message: what + " not found", MessageDE: what + " nicht gefunden"}
}

// Forbidden is an EFORBIDDEN error with an English reason.
func Forbidden(format string, args ...any) *Error {
	return &Error{Code: EFORBIDDEN, Message: fmt.Sprintf(format, args...), MessageDE: "Zugriff verweigert"}
}

// ErrorCode returns the code of err, EINTERNAL for foreign errors and ""
// for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	// A cancelled or timed-out request is not a bug: the client left or a
	// dependency was too slow.
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return EUNAVAILABLE
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error"
}

// AsError returns err as *Error, wrapping foreign errors as internal.
func AsError(err error) *Error { return Internal(err) }

// HTTPStatus is the one mapping of error codes to HTTP statuses, for every
// edge that speaks plain HTTP (downloads, pages, JSON read APIs). The CKAN
// API keeps CKAN's own pairs of status and __type.
func HTTPStatus(err error) int {
	switch ErrorCode(err) {
	case "":
		return http.StatusOK
	case EINVALID, ECONFLICT:
		return http.StatusConflict
	case ENOTFOUND:
		return http.StatusNotFound
	case EFORBIDDEN:
		return http.StatusForbidden
	case EQUERY, EBADREQUEST:
		return http.StatusBadRequest
	case ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

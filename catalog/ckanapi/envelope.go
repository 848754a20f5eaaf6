package ckanapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/datenportal/datenportal/catalog"
	"github.com/gin-gonic/gin"
)

// contentTypeJSON is CKAN's exact header value; some clients compare it
// literally.
const contentTypeJSON = "application/json;charset=utf-8"

// envelope is CKAN's response wrapper. Result is always present on
// success (null for actions that return nothing), Error on failure.
type envelope struct {
	Help    string `json:"help"`
	Success bool   `json:"success"`
	Result  any    `json:"result"`
}

type errorEnvelope struct {
	Help    string         `json:"help"`
	Success bool           `json:"success"`
	Error   map[string]any `json:"error"`
	// ErrorDE repeats the error in German where the domain has German
	// texts. CKAN clients read only help, success, result and error.
	ErrorDE map[string]any `json:"error_de,omitempty"`
}

func (a *API) help(name string) string {
	return a.opt.SiteURL + "/api/3/action/help_show?name=" + name
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

func (a *API) writeResult(c *gin.Context, name string, res any) {
	if raw, ok := res.(json.RawMessage); ok {
		// Already-rendered results (cached package dicts) are spliced in
		// as they are: re-encoding would validate and copy them again.
		help, _ := json.Marshal(a.help(name))
		body := make([]byte, 0, len(raw)+len(help)+40)
		body = append(append(append(body, `{"help":`...), help...), `,"success":true,"result":`...)
		body = append(append(body, raw...), '}')
		c.Data(http.StatusOK, contentTypeJSON, body)
		return
	}
	body, err := marshal(envelope{Help: a.help(name), Success: true, Result: res})
	if err != nil {
		a.writeError(c, name, catalog.Internal(err))
		return
	}
	c.Data(http.StatusOK, contentTypeJSON, body)
}

// writeBadRequest writes CKAN's non-envelope 400: a bare JSON string.
func writeBadRequest(c *gin.Context, msg string) {
	b, _ := json.Marshal(msg)
	c.Data(http.StatusBadRequest, contentTypeJSON, b)
}

// badRequest is an error answered with a bare JSON string, as CKAN does for
// requests it cannot even parse.
type badRequest struct{ msg string }

func (e *badRequest) Error() string { return e.msg }

func badRequestf(msg string) error { return &badRequest{msg: msg} }

// writeError maps an error onto CKAN's status codes and __type values.
func (a *API) writeError(c *gin.Context, name string, err error) {
	var br *badRequest
	if errors.As(err, &br) {
		writeBadRequest(c, br.msg)
		return
	}
	focus := -1
	if v, ok := c.Get(focusKey); ok {
		focus, _ = v.(int)
	}
	status, body, de := a.errorBody(c.Request.Context(), name, err, focus)
	env := errorEnvelope{Help: a.help(name), Error: body, ErrorDE: de}
	b, merr := marshal(env)
	if merr != nil {
		status, b = http.StatusInternalServerError, []byte(`{"success": false, "error": {"__type": "Internal Server Error", "message": "Internal Server Error"}}`)
	}
	c.Data(status, contentTypeJSON, b)
}

func (a *API) errorBody(ctx context.Context, name string, err error, focus int) (int, map[string]any, map[string]any) {
	var fe *fieldErrors
	if errors.As(err, &fe) {
		en, de := fe.nested()
		return http.StatusConflict, typed("Validation Error", en), typed("Validation Error", de)
	}
	var sq *searchQueryError
	if errors.As(err, &sq) {
		return http.StatusBadRequest, map[string]any{"__type": "Search Query Error",
			"message": "Search Query is invalid: (" + pyRepr(sq.msg) + ",)"}, nil
	}
	e := catalog.AsError(err)
	switch e.Code {
	case catalog.EINVALID, catalog.ECONFLICT:
		if len(e.Fields) == 0 {
			return http.StatusConflict, map[string]any{"__type": "Validation Error", "message": e.Message},
				deMessage("Validation Error", e.MessageDE)
		}
		fe := translateFields(e.Fields, focus)
		en, de := fe.nested()
		return http.StatusConflict, typed("Validation Error", en), typed("Validation Error", de)
	case catalog.ENOTFOUND:
		return http.StatusNotFound, map[string]any{"__type": "Not Found Error", "message": "Not found: " + e.Message},
			deMessage("Not Found Error", e.MessageDE)
	case catalog.EFORBIDDEN:
		return http.StatusForbidden, map[string]any{"__type": "Authorization Error", "message": "Access denied: " + e.Message},
			deMessage("Authorization Error", e.MessageDE)
	case catalog.EQUERY:
		return http.StatusBadRequest, map[string]any{"__type": "Search Query Error",
			"message": "Search Query is invalid: (" + pyRepr(e.Message) + ",)"}, deMessage("Search Query Error", e.MessageDE)
	case catalog.EBADREQUEST:
		return http.StatusBadRequest, map[string]any{"__type": "Bad Request", "message": "Bad request: " + e.Message},
			deMessage("Bad Request", e.MessageDE)
	case catalog.ETOOLARGE:
		if _, ok := e.Fields["upload"]; ok {
			// CKAN reports oversized uploads as a validation error (§A.6 item 11).
			fe := translateFields(e.Fields, -1)
			en, de := fe.nested()
			return http.StatusConflict, typed("Validation Error", en), typed("Validation Error", de)
		}
		return http.StatusRequestEntityTooLarge, map[string]any{"__type": "Request Entity Too Large", "message": e.Message},
			deMessage("Request Entity Too Large", e.MessageDE)
	case catalog.EUNAVAILABLE:
		a.log.WarnContext(ctx, "ckanapi: dependency unavailable", "action", name, "err", err)
		return http.StatusServiceUnavailable, map[string]any{"__type": "Service Unavailable", "message": e.Message},
			deMessage("Service Unavailable", e.MessageDE)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		a.log.InfoContext(ctx, "ckanapi: request cancelled", "action", name, "err", err)
	} else {
		a.log.ErrorContext(ctx, "ckanapi: internal error", "action", name, "err", err)
	}
	return http.StatusInternalServerError, map[string]any{"__type": "Internal Server Error", "message": "Internal Server Error"}, nil
}

func typed(t string, m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	m["__type"] = t
	return m
}

func deMessage(t, msg string) map[string]any {
	if msg == "" {
		return nil
	}
	return map[string]any{"__type": t, "message": msg}
}

// searchQueryError is a package_search parameter problem that CKAN reports
// as a 400 Search Query Error.
type searchQueryError struct{ msg string }

func (e *searchQueryError) Error() string { return e.msg }

// pyRepr quotes s as Python's repr() does for str, because CKAN's Search
// Query Error message embeds the repr of the exception's arguments.
func pyRepr(s string) string {
	q := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20:
			b.WriteString(`\x`)
			if r < 0x10 {
				b.WriteByte('0')
			}
			b.WriteString(strconv.FormatInt(int64(r), 16))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

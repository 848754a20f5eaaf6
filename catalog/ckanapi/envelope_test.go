package ckanapi

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/gin-gonic/gin"
)

// failStore fails every dataset read with the given error.
type failStore struct {
	catalog.Store
	err error
}

func (s failStore) Dataset(context.Context, string) (*catalog.Dataset, error) { return nil, s.err }

func (s failStore) DatasetVersion(context.Context, string) (string, time.Time, error) {
	return "", time.Time{}, s.err
}

// Internal failures are logged with their detail and shown without it.
func TestErrorStatuses(t *testing.T) {
	cases := []struct {
		name     string
		err      error
		status   int
		typ      string
		logLevel string
	}{
		{"internal", errors.New("disk exploded at /var/lib/secret"), 500, "Internal Server Error", "ERROR"},
		{"wrapped internal", catalog.Internal(errors.New("sql: secret column")), 500, "Internal Server Error", "ERROR"},
		{"unavailable", catalog.Unavailable("database", errors.New("secret socket")), 503, "Service Unavailable", "WARN"},
		{"conflict without fields", &catalog.Error{Code: catalog.ECONFLICT, Message: "changed meanwhile"}, 409, "Validation Error", ""},
		{"bad request", catalog.Errorf(catalog.EBADREQUEST, "nope"), 400, "Bad Request", ""},
	}
	gin.SetMode(gin.TestMode)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			a := New(&catalog.Service{Store: failStore{err: tc.err}}, Options{SiteURL: "https://p",
				Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			r := gin.New()
			r.GET("/api/3/action/:name", a.Action)
			w := httptest.NewRecorder()
			r.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/api/3/action/package_show?id=x", nil))
			body := w.Body.String()
			if w.Code != tc.status || !strings.Contains(body, `"__type":"`+tc.typ+`"`) {
				t.Fatalf("%d %s", w.Code, body)
			}
			if strings.Contains(body, "secret") {
				t.Errorf("detail leaked: %s", body)
			}
			if tc.logLevel != "" && (!strings.Contains(logs.String(), "level="+tc.logLevel) || !strings.Contains(logs.String(), "secret")) {
				t.Errorf("log = %q", logs.String())
			}
		})
	}
}

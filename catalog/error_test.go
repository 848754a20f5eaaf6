package catalog_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

func TestHTTPStatus(t *testing.T) {
	cases := []struct {
		err  error
		want int
	}{
		{nil, http.StatusOK},
		{catalog.FieldInvalid("name", "x", "x"), http.StatusConflict},
		{catalog.Errorf(catalog.ECONFLICT, "stale"), http.StatusConflict},
		{catalog.NotFound("Dataset"), http.StatusNotFound},
		{catalog.Forbidden("no"), http.StatusForbidden},
		{catalog.Errorf(catalog.EQUERY, "bad"), http.StatusBadRequest},
		{catalog.Errorf(catalog.EBADREQUEST, "bad"), http.StatusBadRequest},
		{catalog.Errorf(catalog.ETOOLARGE, "big"), http.StatusRequestEntityTooLarge},
		{catalog.Unavailable("database", nil), http.StatusServiceUnavailable},
		{fmt.Errorf("wrapped: %w", catalog.NotFound("Resource")), http.StatusNotFound},
		{context.DeadlineExceeded, http.StatusServiceUnavailable},
		{errors.New("bug"), http.StatusInternalServerError},
	}
	for _, c := range cases {
		if got := catalog.HTTPStatus(c.err); got != c.want {
			t.Errorf("HTTPStatus(%v) = %d, want %d", c.err, got, c.want)
		}
	}
}

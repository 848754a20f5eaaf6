package ckanapi

import (
	"net/http"
	"strings"

	"github.com/datenportal/datenportal/catalog"
	"github.com/gin-gonic/gin"
)

// AuthMiddleware resolves the API token of a request to its actor and puts
// it into the request context (catalog.ActorFrom). Tokens are read from
// "Authorization: <token>" (CKAN), "Authorization: Bearer <token>" and
// "X-CKAN-API-Key: <token>" (ckanapi sends both). An unknown token makes
// the request anonymous, as in CKAN (403 on protected actions, never 401).
// If the token store cannot be reached the request fails with 503 rather
// than silently running as anonymous.
func AuthMiddleware(svc *catalog.Service) gin.HandlerFunc {
	return func(c *gin.Context) {
		tok := tokenFrom(c.Request)
		if tok == "" {
			c.Next()
			return
		}
		a, err := svc.Authenticate(c.Request.Context(), tok)
		if err != nil {
			status := http.StatusInternalServerError
			if catalog.ErrorCode(err) == catalog.EUNAVAILABLE {
				status = http.StatusServiceUnavailable
			}
			c.AbortWithStatusJSON(status, gin.H{"success": false,
				"error": gin.H{"__type": "Internal Server Error", "message": "Authentication unavailable"}})
			return
		}
		c.Request = c.Request.WithContext(catalog.WithActor(c.Request.Context(), a))
		c.Next()
	}
}

func tokenFrom(r *http.Request) string {
	if h := strings.TrimSpace(r.Header.Get("Authorization")); h != "" {
		if t, ok := strings.CutPrefix(h, "Bearer "); ok {
			return strings.TrimSpace(t)
		}
		return h
	}
	return strings.TrimSpace(r.Header.Get("X-CKAN-API-Key"))
}

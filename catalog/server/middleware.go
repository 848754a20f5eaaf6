package server

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// requestID tags each request so a user's error report can be matched to
// the log line.
func requestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader("X-Request-Id")
		if id == "" || len(id) > 64 || strings.ContainsAny(id, "\r\n\"") {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		c.Set("request_id", id)
		c.Header("X-Request-Id", id)
		c.Next()
	}
}

// recovery turns a panic into a logged 500; API clients get CKAN's error
// envelope, browsers a plain page. Parsers are tested not to reach it.
func recovery(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			rec := recover()
			if rec == nil {
				return
			}
			if rec == http.ErrAbortHandler {
				panic(rec) // the client went away; net/http handles it
			}
			log.Error("panic", "err", fmt.Sprint(rec), "path", c.Request.URL.Path,
				"request_id", c.GetString("request_id"), "stack", string(debug.Stack()))
			if c.Writer.Written() {
				c.Abort()
				return
			}
			if strings.HasPrefix(c.Request.URL.Path, "/api/") {
				c.AbortWithStatusJSON(http.StatusInternalServerError, gin.H{
					"help": "", "success": false,
					"error": gin.H{"__type": "Internal Server Error", "message": "Internal Server Error"},
				})
				return
			}
			c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("Interner Fehler / Internal error\n"))
			c.Abort()
		}()
		c.Next()
	}
}

// bodyBytesKey holds the body size a handler counted itself: gin's writer
// does not see the bytes the kernel copies for a download.
const bodyBytesKey = "body_bytes"

// accessLog writes one structured line per request.
func accessLog(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		if c.Request.URL.Path == "/healthz" || c.Request.URL.Path == "/metrics" {
			return
		}
		size := int64(max(c.Writer.Size(), 0))
		if n, ok := c.Get(bodyBytesKey); ok {
			size = n.(int64)
		}
		log.Info("http",
			"method", c.Request.Method, "path", c.Request.URL.Path,
			"status", c.Writer.Status(), "bytes", size,
			"ms", float64(time.Since(start).Microseconds())/1000,
			"request_id", c.GetString("request_id"))
	}
}

// securityHeaders sets headers that are right for every response. Pages
// set their own Content-Security-Policy.
func securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "SAMEORIGIN")
		c.Next()
	}
}

// cors allows read access from any origin: open data is meant to be used
// from other sites' scripts. Credentials are never allowed cross-origin.
func cors() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.GetHeader("Origin") == "" {
			c.Next()
			return
		}
		h := c.Writer.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Allow-Methods", "GET, POST, HEAD, PATCH, DELETE, OPTIONS")
		h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-CKAN-API-Key, "+
			"Tus-Resumable, Upload-Length, Upload-Offset, Upload-Metadata, Upload-Checksum")
		h.Set("Access-Control-Expose-Headers", "Location, Upload-Offset, Upload-Length, Tus-Resumable, "+
			"Datenportal-Resource-Id, Datenportal-Dataset-Id, Datenportal-Resource-Url")
		if c.Request.Method == http.MethodOptions {
			c.AbortWithStatus(http.StatusNoContent)
			return
		}
		c.Next()
	}
}

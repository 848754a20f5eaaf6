package server

import (
	"context"
	"net/http"
	"time"

	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/download"
)

// download serves an uploaded file with Range/ETag support, or redirects
// to the external URL of a linked distribution (as CKAN does).
func (s *Server) download(c *gin.Context) {
	if s.presigned(c) {
		return
	}
	_, r, f, err := s.svc.OpenFile(c.Request.Context(), c.Param("id"), c.Param("rid"))
	if err != nil {
		s.plainError(c, err)
		return
	}
	if f == nil {
		target := r.DownloadURL
		if target == "" {
			target = r.AccessURL
		}
		if u, perr := url.Parse(target); perr != nil || (u.Scheme != "http" && u.Scheme != "https") {
			// Never redirect to javascript: or data: URLs someone stored.
			s.plainError(c, catalog.NotFound("Resource file"))
			return
		}
		c.Redirect(http.StatusFound, target)
		return
	}
	defer f.Close()
	sent := download.Serve(c.Writer, c.Request, f, download.Options{
		Filename:    r.FileName,
		ContentType: r.MediaType,
		SHA256:      r.Checksum,
		ModTime:     r.ModifiedAt,
	})
	c.Set(bodyBytesKey, sent)
	if c.Request.Method == http.MethodGet && s.svc.Downloads != nil {
		if st := c.Writer.Status(); st == http.StatusOK || (st == http.StatusPartialContent && strings.HasPrefix(c.GetHeader("Range"), "bytes=0-")) {
			s.svc.Downloads.Add(r.ID)
		}
	}
}

// presigner is implemented by file stores that hand out short-lived
// direct download URLs (S3).
type presigner interface {
	PresignGet(ctx context.Context, key, filename string, ttl time.Duration) (string, error)
}

// presigned redirects downloads of public files to a short-lived S3 URL
// when the operator enabled it, so large downloads bypass the portal.
// Private datasets' files are always proxied: a URL that works without
// credentials must not be handed out for them. Range requests from resuming
// clients follow the redirect and are served by S3 itself.
func (s *Server) presigned(c *gin.Context) bool {
	p, ok := s.svc.Files.(presigner)
	if !ok || !s.cfg.PresignDownloads || c.Request.Method != http.MethodGet {
		return false
	}
	ctx := c.Request.Context()
	d, r, err := s.svc.Distribution(ctx, c.Param("rid"))
	if err != nil || !r.IsUpload() || d.Private || d.State != catalog.StateActive || (c.Param("id") != d.ID && c.Param("id") != d.Name) {
		return false // the proxy path answers, including errors
	}
	u, err := p.PresignGet(ctx, r.StorageKey, r.FileName, 5*time.Minute)
	if err != nil {
		return false
	}
	if s.svc.Downloads != nil {
		s.svc.Downloads.Add(r.ID)
	}
	c.Header("Cache-Control", "no-store")
	c.Redirect(http.StatusFound, u)
	return true
}

// plainError answers non-API requests with a short bilingual text.
func (s *Server) plainError(c *gin.Context, err error) {
	status := catalog.HTTPStatus(err)
	if status == http.StatusInternalServerError {
		s.cfg.Logger.Error("request failed", "path", c.Request.URL.Path, "err", err, "request_id", c.GetString("request_id"))
	}
	msg := catalog.ErrorMessage(err)
	var de string
	if e, ok := err.(*catalog.Error); ok && e.MessageDE != "" {
		de = e.MessageDE + " / "
	}
	c.Data(status, "text/plain; charset=utf-8", []byte(de+msg+"\n"))
	c.Abort()
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

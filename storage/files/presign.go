package files

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/datenportal/datenportal/catalog/download"
)

// Presigner is implemented by stores that can hand out a short-lived URL
// from which the client downloads directly, sparing the portal the
// traffic. The handler type-asserts the store:
//
//	if p, ok := store.(files.Presigner); ok && cfg.PresignDownloads {
//		u, err := p.PresignGet(ctx, key, filename, 5*time.Minute)
//		… http.Redirect(w, r, u, http.StatusFound)
//	}
//
// The storage server, not Datenportal, then answers the download, so the
// URL always asks for an attachment: X-Content-Type-Options and the
// sandbox CSP that download.Serve sets cannot be added there.
type Presigner interface {
	PresignGet(ctx context.Context, key, filename string, ttl time.Duration) (string, error)
}

// maxPresignTTL is the longest validity S3 signatures allow.
const maxPresignTTL = 7 * 24 * time.Hour

func (s *s3Store) PresignGet(ctx context.Context, key, filename string, ttl time.Duration) (string, error) {
	if err := ValidateKey(key); err != nil {
		return "", err
	}
	if ttl < time.Second || ttl > maxPresignTTL {
		return "", fmt.Errorf("files: presign: ttl %v not in 1s..%v", ttl, maxPresignTTL)
	}
	q := url.Values{"response-content-disposition": {download.ContentDisposition(filename, true)}}
	u, err := s.client.PresignedGetObject(ctx, s.bucket, s.prefix+key, ttl, q)
	if err != nil {
		return "", s3Err(err)
	}
	return u.String(), nil
}

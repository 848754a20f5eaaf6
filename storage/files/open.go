package files

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// Options configure Open. The caller fills them from the environment
// (DATENPORTAL_S3_ACCESS_KEY, DATENPORTAL_S3_SECRET_KEY) so that secrets
// never appear in the storage URL, logs or the process list. Zero values
// mean the defaults named on each field; the local store ignores them.
type Options struct {
	AccessKey string
	SecretKey string

	// PartSize is the multipart part size in bytes (default 8 MiB, at
	// least 5 MiB; PartSizeFor picks one for a size limit). minio-go
	// buffers one part per upload in memory, and without an explicit size
	// it picks ~528 MiB for unknown lengths.
	PartSize int64
	// DialTimeout bounds connecting to S3 (default 5 s), so that a down
	// server yields EUNAVAILABLE quickly instead of hanging a request.
	DialTimeout time.Duration
	// ResponseTimeout bounds the wait for response headers after a request
	// was sent (default 2 min: completing a large multipart upload takes
	// the server a while).
	ResponseTimeout time.Duration
	// MaxRetries is how often idempotent requests are tried (default 3).
	// Streamed uploads cannot be retried whatever this says.
	MaxRetries int
}

const (
	defaultPartSize = 8 << 20
	minPartSize     = 5 << 20
	maxPartSize     = 5 << 30
)

// Open returns the file store named by storageURL: empty means the local
// directory <dataDir>/files; "s3://BUCKET[/PREFIX]?endpoint=HOST:PORT&
// secure=false&region=…&lookup=path|dns|auto" means S3, where the bucket is
// created if missing. Errors name the part of the URL that is wrong; an
// unreachable S3 server is EUNAVAILABLE.
func Open(ctx context.Context, storageURL, dataDir string, opts Options) (catalog.FileStore, error) {
	storageURL = strings.TrimSpace(storageURL)
	if storageURL == "" {
		if dataDir == "" {
			return nil, errors.New("files: data directory is empty")
		}
		return openLocal(filepath.Join(dataDir, "files"))
	}
	cfg, err := parseS3URL(storageURL)
	if err != nil {
		return nil, err
	}
	return openS3(ctx, cfg, opts)
}

// maxParts is S3's limit of parts per multipart upload.
const maxParts = 10000

// PartSizeFor returns the smallest part size (whole MiB, at least the
// default 8 MiB) with which an upload of maxUpload bytes of unknown length
// fits into S3's 10,000 parts. Every running upload holds one part in
// memory, so the part size is the server's memory per upload: 8 MiB covers
// uploads up to 78 GiB.
func PartSizeFor(maxUpload int64) int64 {
	const mib = 1 << 20
	p := (maxUpload + maxParts - 1) / maxParts
	p = (p + mib - 1) / mib * mib
	return min(max(p, defaultPartSize), maxPartSize)
}

package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// s3Store keeps objects in one bucket, optionally under a prefix so that
// several portals can share a bucket.
type s3Store struct {
	client   *minio.Client
	core     minio.Core
	bucket   string
	prefix   string
	partSize uint64

	// For the relay connections of s3relay.go, which bypass minio-go.
	secure          bool
	dialTimeout     time.Duration
	responseTimeout time.Duration
}

func newS3(cfg s3Config, opts Options) (*s3Store, error) {
	if opts.AccessKey == "" || opts.SecretKey == "" {
		return nil, errors.New("files: S3 storage needs DATENPORTAL_S3_ACCESS_KEY and DATENPORTAL_S3_SECRET_KEY")
	}
	part := opts.PartSize
	if part == 0 {
		part = defaultPartSize
	}
	if part < minPartSize || part > maxPartSize {
		return nil, fmt.Errorf("files: S3 part size %d not in %d..%d", part, minPartSize, int64(maxPartSize))
	}
	tr, err := minio.DefaultTransport(cfg.Secure)
	if err != nil {
		return nil, err
	}
	dial := opts.DialTimeout
	if dial <= 0 {
		dial = 5 * time.Second
	}
	tr.DialContext = (&net.Dialer{Timeout: dial, KeepAlive: 30 * time.Second}).DialContext
	tr.ResponseHeaderTimeout = opts.ResponseTimeout
	if tr.ResponseHeaderTimeout <= 0 {
		tr.ResponseHeaderTimeout = 2 * time.Minute
	}
	retries := opts.MaxRetries
	if retries <= 0 {
		retries = 3
	}
	c, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:        credentials.NewStaticV4(opts.AccessKey, opts.SecretKey, ""),
		Secure:       cfg.Secure,
		Region:       cfg.Region,
		BucketLookup: cfg.Lookup,
		Transport:    tr,
		MaxRetries:   retries,
	})
	if err != nil {
		return nil, fmt.Errorf("files: S3 client: %w", err)
	}
	return &s3Store{client: c, core: minio.Core{Client: c}, bucket: cfg.Bucket, prefix: cfg.Prefix, partSize: uint64(part),
		secure: cfg.Secure, dialTimeout: dial, responseTimeout: tr.ResponseHeaderTimeout}, nil
}

func openS3(ctx context.Context, cfg s3Config, opts Options) (*s3Store, error) {
	s, err := newS3(cfg, opts)
	if err != nil {
		return nil, err
	}
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return nil, s3Err(err)
	}
	if !ok {
		err := s.client.MakeBucket(ctx, s.bucket, minio.MakeBucketOptions{Region: cfg.Region})
		if code := errorResponse(err).Code; err != nil && code != "BucketAlreadyOwnedByYou" && code != "BucketAlreadyExists" {
			return nil, s3Err(err)
		}
	}
	return s, nil
}

func (s *s3Store) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) (catalog.FileInfo, error) {
	if err := ValidateKey(key); err != nil {
		return catalog.FileInfo{}, err
	}
	if err := ctx.Err(); err != nil {
		return catalog.FileInfo{}, err
	}
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	d := newDigestReader(ctx, r, size)
	defer d.close()
	if size == 0 {
		// minio-go would not read the body at all; an over-long one must
		// fail before anything is stored.
		if err := d.verifyEnd(); err != nil {
			return catalog.FileInfo{}, err
		}
	}
	up, err := s.client.PutObject(ctx, s.bucket, s.prefix+key, d, size, minio.PutObjectOptions{
		ContentType: contentType,
		PartSize:    s.partSize,
	})
	if err != nil {
		// minio-go aborts a failed multipart upload itself; a failed single
		// PUT never becomes an object.
		if cause := d.cause(); cause != nil {
			return catalog.FileInfo{}, cause
		}
		return catalog.FileInfo{}, s3Err(err)
	}
	if err := d.verifyEnd(); err != nil {
		// Cannot happen with today's minio-go, which stops at the declared
		// size only after the digest reader checked the end; kept so that a
		// client change cannot leave a truncated object behind.
		s.Delete(context.WithoutCancel(ctx), key)
		return catalog.FileInfo{}, err
	}
	mod := up.LastModified
	if mod.IsZero() {
		mod = time.Now()
	}
	n, sum := d.result()
	return catalog.FileInfo{Key: key, Size: n, SHA256: sum, ContentType: contentType, ModTime: mod}, nil
}

func (s *s3Store) Stat(ctx context.Context, key string) (catalog.FileInfo, error) {
	if err := ValidateKey(key); err != nil {
		return catalog.FileInfo{}, err
	}
	oi, err := s.client.StatObject(ctx, s.bucket, s.prefix+key, minio.StatObjectOptions{})
	if err != nil {
		return catalog.FileInfo{}, s3Err(err)
	}
	return catalog.FileInfo{Key: key, Size: oi.Size, ContentType: oi.ContentType, ModTime: oi.LastModified}, nil
}

func (s *s3Store) Delete(ctx context.Context, key string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	if err := s.client.RemoveObject(ctx, s.bucket, s.prefix+key, minio.RemoveObjectOptions{}); err != nil {
		if errorResponse(err).Code == minio.NoSuchKey {
			return nil
		}
		return s3Err(err)
	}
	return nil
}

func (s *s3Store) Walk(ctx context.Context, fn func(catalog.FileInfo) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops minio-go's listing goroutine when fn fails
	for oi := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.prefix, Recursive: true}) {
		if oi.Err != nil {
			return s3Err(oi.Err)
		}
		key, ok := strings.CutPrefix(oi.Key, s.prefix)
		if !ok || ValidateKey(key) != nil {
			continue // not ours
		}
		if err := fn(catalog.FileInfo{Key: key, Size: oi.Size, ModTime: oi.LastModified}); err != nil {
			return err
		}
	}
	return ctx.Err()
}

func (s *s3Store) Ping(ctx context.Context) error {
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return s3Err(err)
	}
	if !ok {
		return catalog.Unavailable("file storage", fmt.Errorf("bucket %s does not exist", s.bucket))
	}
	return nil
}

// RemoveStale aborts multipart uploads that a crash of this or another
// process left behind: their parts use space but are invisible to Walk.
func (s *s3Store) RemoveStale(ctx context.Context, olderThan time.Duration) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cutoff := time.Now().Add(-olderThan)
	n := 0
	for u := range s.client.ListIncompleteUploads(ctx, s.bucket, s.prefix, true) {
		if u.Err != nil {
			return n, s3Err(u.Err)
		}
		if !u.Initiated.Before(cutoff) {
			continue
		}
		if err := s.core.AbortMultipartUpload(ctx, s.bucket, u.Key, u.UploadID); err != nil && errorResponse(err).Code != "NoSuchUpload" {
			return n, s3Err(err)
		}
		n++
	}
	return n, ctx.Err()
}

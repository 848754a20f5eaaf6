package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"syscall"

	"github.com/datenportal/datenportal/catalog"
	"github.com/minio/minio-go/v7"
)

func errorResponse(err error) minio.ErrorResponse {
	var r minio.ErrorResponse
	if errors.As(err, &r) {
		return r
	}
	return minio.ErrorResponse{}
}

// s3Err maps S3 and network errors to catalog errors. Everything that means
// "the storage cannot serve us now" — refused or timed-out connections,
// 5xx answers, a missing bucket, rejected credentials — is EUNAVAILABLE, so
// that /readyz and the upload handler answer 503 with a clear cause.
func s3Err(err error) error {
	if err == nil {
		return nil
	}
	var ce *catalog.Error
	if errors.As(err, &ce) || errors.Is(err, context.Canceled) {
		return err
	}
	r := errorResponse(err)
	switch {
	case r.Code == minio.NoSuchKey || r.Code == "NotFound" && r.StatusCode == http.StatusNotFound:
		return catalog.NotFound("File")
	case r.Code == minio.NoSuchBucket:
		return catalog.Unavailable("file storage", fmt.Errorf("bucket %s does not exist", r.BucketName))
	case r.Code == "AccessDenied" || r.Code == "InvalidAccessKeyId" || r.Code == "SignatureDoesNotMatch":
		return catalog.Unavailable("file storage", fmt.Errorf("S3 rejected the credentials: %w", err))
	case r.StatusCode >= 500:
		return catalog.Unavailable("file storage", err)
	case r.StatusCode == http.StatusNotFound:
		return catalog.NotFound("File")
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, context.DeadlineExceeded) {
		return catalog.Unavailable("file storage", err)
	}
	return catalog.Internal(fmt.Errorf("files: S3: %w", err))
}

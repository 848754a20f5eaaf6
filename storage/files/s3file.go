package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"

	"github.com/datenportal/datenportal/catalog"
	"github.com/minio/minio-go/v7"
)

// Open issues one GET for the whole object and takes size, type and time
// from its response headers, so Info costs no extra round trip. Seek only
// records the position; the next Read that finds the stream elsewhere
// replaces it with a ranged GET. http.ServeContent seeks to the end and
// back to learn the size, which would otherwise cost a request each.
func (s *s3Store) Open(ctx context.Context, key string) (catalog.File, error) {
	if err := ValidateKey(key); err != nil {
		return nil, err
	}
	body, oi, _, err := s.core.GetObject(ctx, s.bucket, s.prefix+key, minio.GetObjectOptions{})
	if err != nil {
		return nil, s3Err(err)
	}
	return &s3File{
		ctx: ctx, s: s, key: key, body: body, etag: oi.ETag,
		info: catalog.FileInfo{Key: key, Size: oi.Size, ContentType: oi.ContentType, ModTime: oi.LastModified},
	}, nil
}

type s3File struct {
	ctx    context.Context
	s      *s3Store
	key    string
	etag   string
	info   catalog.FileInfo
	body   io.ReadCloser // nil when no stream is open
	bodyAt int64         // offset the body will deliver next
	pos    int64
	closed bool

	relay     *net.TCPConn // set once KernelReader handed the rest out
	stopRelay func() bool
}

func (f *s3File) Info() catalog.FileInfo { return f.info }

func (f *s3File) Read(p []byte) (int, error) {
	if f.closed {
		return 0, errors.New("files: read from closed file")
	}
	if f.relay != nil {
		return 0, errors.New("files: read after KernelReader")
	}
	if f.pos >= f.info.Size {
		return 0, io.EOF
	}
	if f.body != nil && f.bodyAt != f.pos {
		f.body.Close()
		f.body = nil
	}
	if f.body == nil {
		opts := minio.GetObjectOptions{}
		if f.pos > 0 { // SetRange(0, 0) would ask for one byte
			if err := opts.SetRange(f.pos, 0); err != nil {
				return 0, err
			}
		}
		// If-Match keeps an overwritten object from being spliced into
		// what was already read.
		if f.etag != "" {
			if err := opts.SetMatchETag(f.etag); err != nil {
				return 0, err
			}
		}
		body, oi, _, err := f.s.core.GetObject(f.ctx, f.s.bucket, f.s.prefix+f.key, opts)
		if err != nil {
			return 0, s3Err(err)
		}
		if oi.Size != f.info.Size-f.pos {
			body.Close()
			return 0, catalog.Unavailable("file storage", fmt.Errorf("ranged GET at %d returned %d bytes, want %d", f.pos, oi.Size, f.info.Size-f.pos))
		}
		f.body, f.bodyAt = body, f.pos
	}
	if rem := f.info.Size - f.pos; int64(len(p)) > rem {
		p = p[:rem]
	}
	n, err := f.body.Read(p)
	f.pos += int64(n)
	f.bodyAt += int64(n)
	if err == io.EOF && f.pos < f.info.Size {
		err = io.ErrUnexpectedEOF
	}
	if err != nil && err != io.EOF {
		f.body.Close()
		f.body = nil
		if !errors.Is(err, context.Canceled) {
			err = s3Err(err)
		}
	}
	return n, err
}

func (f *s3File) Seek(offset int64, whence int) (int64, error) {
	var abs int64
	switch whence {
	case io.SeekStart:
		abs = offset
	case io.SeekCurrent:
		abs = f.pos + offset
	case io.SeekEnd:
		abs = f.info.Size + offset
	default:
		return 0, errors.New("files: seek: invalid whence")
	}
	if abs < 0 {
		return 0, errors.New("files: seek: negative position")
	}
	f.pos = abs
	return abs, nil
}

func (f *s3File) Close() error {
	if f.closed {
		return nil
	}
	f.closed = true
	if f.relay != nil {
		f.stopRelay()
		f.relay.Close()
	}
	if f.body != nil {
		return f.body.Close()
	}
	return nil
}

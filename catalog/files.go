package catalog

import (
	"context"
	"io"
	"time"
)

// FileInfo describes a stored object.
type FileInfo struct {
	Key         string
	Size        int64
	SHA256      string // lower-case hex; empty when the store does not know it
	ContentType string
	ModTime     time.Time
}

// File is an open stored object. Seek allows Range requests.
type File interface {
	io.ReadSeekCloser
	Info() FileInfo
}

// FileStore keeps the bytes of uploaded distributions. Keys are generated
// by Datenportal, never taken from user input. Implementations live in
// storage/files (local directory, S3) and pass its conformance suite.
type FileStore interface {
	// Put streams r to key (size -1 if unknown), computing size and
	// SHA-256 on the way. On any error nothing is left under key.
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) (FileInfo, error)
	Open(ctx context.Context, key string) (File, error) // ENOTFOUND if absent
	Stat(ctx context.Context, key string) (FileInfo, error)
	Delete(ctx context.Context, key string) error // absent key is no error
	// Walk calls fn for every stored object (for garbage collection).
	Walk(ctx context.Context, fn func(FileInfo) error) error
	Ping(ctx context.Context) error
}

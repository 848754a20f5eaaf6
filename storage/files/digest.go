package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/datenportal/datenportal/catalog"
)

// digestReader sits between the upload body and the store. It hashes and
// counts what passes, stops at a cancelled context, and enforces a declared
// size in both directions. It remembers the first error it saw so that Put
// can report the caller's own error (for example ETOOLARGE from a limiting
// reader) instead of whatever the storage client wrapped it into.
//
// net/http may go on reading a request body after RoundTrip returned, so
// Read can run concurrently with, and after, Put's own use of the reader.
// The mutex guards the state but is never held while reading the body, and
// after close Read fails without touching the caller's reader.
type digestReader struct {
	ctx  context.Context
	r    io.Reader
	want int64 // declared size, -1 if unknown

	mu     sync.Mutex
	h      *asyncHash
	n      int64
	err    error
	eof    bool // the body was seen to end
	closed bool
}

var errReaderClosed = errors.New("files: upload body read after Put returned")

func newDigestReader(ctx context.Context, r io.Reader, size int64) *digestReader {
	if size < 0 {
		size = -1
	}
	return &digestReader{ctx: ctx, r: r, h: newAsyncHash(), want: size}
}

func (d *digestReader) Read(p []byte) (int, error) {
	d.mu.Lock()
	err := d.err
	switch {
	case d.closed:
		err = errReaderClosed
	case err == nil && d.ctx.Err() != nil:
		err = d.ctx.Err()
		d.err = err
	}
	atEnd := false
	if d.want >= 0 {
		rem := d.want - d.n
		atEnd = rem == 0
		if int64(len(p)) > rem {
			p = p[:rem]
		}
	}
	reached := d.n
	d.mu.Unlock()
	if err != nil {
		return 0, err
	}
	if atEnd {
		return d.commit(nil, d.probeEnd())
	}
	n, err := d.r.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("files: reading upload: %w", err)
	}
	if d.want >= 0 && err == nil && reached+int64(n) == d.want {
		// The declared size is reached. Check that the body really ends
		// here before handing on the last bytes: clients that read exactly
		// the declared size (minio-go does) would otherwise commit a
		// silently truncated object.
		if err = d.probeEnd(); err != io.EOF {
			n = 0
		}
	}
	return d.commit(p[:n], err)
}

// probeEnd reads one more byte: io.EOF if there is none.
func (d *digestReader) probeEnd() error {
	var b [1]byte
	n, err := io.ReadFull(d.r, b[:])
	switch {
	case n > 0:
		return catalog.Errorf(catalog.EBADREQUEST, "upload is longer than the declared %d bytes", d.want)
	case err == io.EOF:
		return io.EOF
	default:
		return fmt.Errorf("files: reading upload: %w", err)
	}
}

// commit accounts for b, which the body just delivered, and err.
func (d *digestReader) commit(b []byte, err error) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return 0, errReaderClosed
	}
	d.h.Write(b)
	d.n += int64(len(b))
	switch {
	case err == io.EOF && d.want >= 0 && d.n < d.want:
		err = catalog.Errorf(catalog.EBADREQUEST, "upload ended after %d of %d declared bytes", d.n, d.want)
	case err == io.EOF:
		d.eof = true
		return len(b), io.EOF
	}
	if err != nil && d.err == nil {
		d.err = err
	}
	return len(b), err
}

// verifyEnd makes sure the whole body was consumed. Storage clients that
// are told the size may stop reading at it (minio-go does not even read a
// body declared empty), leaving an over-long body unnoticed.
func (d *digestReader) verifyEnd() error {
	d.mu.Lock()
	done, err := d.eof, d.err
	d.mu.Unlock()
	if done || err != nil {
		return err
	}
	n, err := d.Read(make([]byte, 1))
	switch {
	case err == io.EOF:
		return nil
	case err == nil && n > 0: // only possible when the size was unknown
		err = catalog.Errorf(catalog.EBADREQUEST, "upload was not read to its end")
		d.mu.Lock()
		d.err = err
		d.mu.Unlock()
	}
	return err
}

// result returns size and SHA-256 of what was read; call it once, at the end.
func (d *digestReader) result() (int64, string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.n, d.h.Sum()
}

// close releases the hashing goroutine and cuts the reader off from the
// body; Put defers it on every path.
func (d *digestReader) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed = true
	d.h.Close()
}

// cause picks the error Put reports: the body's own failure or the
// caller's cancellation come before the storage error they provoked.
func (d *digestReader) cause() error {
	d.mu.Lock()
	err := d.err
	d.mu.Unlock()
	if err != nil {
		return err
	}
	return d.ctx.Err()
}

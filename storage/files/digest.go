package files

import (
	"context"
	"fmt"
	"io"

	"github.com/datenportal/datenportal/catalog"
)

// digestReader sits between the upload body and the store. It hashes and
// counts what passes, stops at a cancelled context, and enforces a declared
// size in both directions. It remembers the first error it saw so that Put
// can report the caller's own error (for example ETOOLARGE from a limiting
// reader) instead of whatever the storage client wrapped it into.
type digestReader struct {
	ctx  context.Context
	r    io.Reader
	h    *asyncHash
	n    int64
	want int64 // declared size, -1 if unknown
	err  error
	eof  bool // the body was seen to end
}

func newDigestReader(ctx context.Context, r io.Reader, size int64) *digestReader {
	if size < 0 {
		size = -1
	}
	return &digestReader{ctx: ctx, r: r, h: newAsyncHash(), want: size}
}

func (d *digestReader) Read(p []byte) (int, error) {
	if d.err != nil {
		return 0, d.err
	}
	if err := d.ctx.Err(); err != nil {
		return 0, d.fail(err)
	}
	if d.want >= 0 {
		rem := d.want - d.n
		if rem == 0 {
			return 0, d.probeEnd()
		}
		if int64(len(p)) > rem {
			p = p[:rem]
		}
	}
	n, err := d.r.Read(p)
	if d.want >= 0 && err == nil && d.n+int64(n) == d.want {
		// The declared size is reached. Check that the body really ends
		// here before handing on the last bytes: clients that read exactly
		// the declared size (minio-go does) would otherwise commit a
		// silently truncated object.
		if perr := d.probeEnd(); perr != io.EOF {
			return 0, perr
		}
		err = io.EOF
	}
	d.h.Write(p[:n])
	d.n += int64(n)
	switch {
	case err == io.EOF:
		if d.want >= 0 && d.n < d.want {
			return n, d.fail(catalog.Errorf(catalog.EBADREQUEST, "upload ended after %d of %d declared bytes", d.n, d.want))
		}
		d.eof = true
		return n, io.EOF
	case err != nil:
		return n, d.fail(fmt.Errorf("files: reading upload: %w", err))
	}
	return n, nil
}

// probeEnd reads one more byte and returns io.EOF if there is none.
func (d *digestReader) probeEnd() error {
	var b [1]byte
	n, err := io.ReadFull(d.r, b[:])
	switch {
	case n > 0:
		return d.fail(catalog.Errorf(catalog.EBADREQUEST, "upload is longer than the declared %d bytes", d.want))
	case err == io.EOF:
		d.eof = true
		return io.EOF
	default:
		return d.fail(fmt.Errorf("files: reading upload: %w", err))
	}
}

// verifyEnd makes sure the whole body was consumed. Storage clients that
// are told the size may stop reading at it (minio-go does not even read a
// body declared empty), leaving an over-long body unnoticed.
func (d *digestReader) verifyEnd() error {
	if d.eof || d.err != nil {
		return d.err
	}
	_, err := d.Read(make([]byte, 1))
	if err == io.EOF {
		return nil
	}
	if err == nil { // more than declared when the size was unknown: impossible
		err = d.fail(catalog.Errorf(catalog.EBADREQUEST, "upload was not read to its end"))
	}
	return err
}

func (d *digestReader) fail(err error) error {
	d.err = err
	return err
}

// sum returns the SHA-256 of what was read; call it once, at the end.
func (d *digestReader) sum() string { return d.h.Sum() }

// close releases the hashing goroutine; Put defers it for every path.
func (d *digestReader) close() { d.h.Close() }

// cause picks the error Put reports: the body's own failure or the
// caller's cancellation come before the storage error they provoked.
func (d *digestReader) cause() error {
	if d.err != nil {
		return d.err
	}
	return d.ctx.Err()
}

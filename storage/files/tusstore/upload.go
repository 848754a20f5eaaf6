package tusstore

import (
	"context"
	"crypto/subtle"
	"encoding/hex"
	"hash"
	"io"
	"time"

	"github.com/tus/tusd/v2/pkg/handler"
)

// opTimeout bounds the storage work of one request after its client went
// away: what arrived before the connection broke is still saved, so that
// the client can resume from there.
const opTimeout = 5 * time.Minute

// upload is one upload as tusd sees it. tusd's locker serialises requests
// per upload, so in is this request's own copy of the info.
type upload struct {
	s  *Store
	in *Info
}

func (u *upload) GetInfo(ctx context.Context) (handler.FileInfo, error) {
	in := u.in
	offset := in.Offset
	if in.State != StateReceiving {
		offset = in.Size
	}
	return handler.FileInfo{ID: in.ID, Size: in.Size, Offset: offset, MetaData: in.MetaData,
		Storage: map[string]string{OwnerKey: in.Owner}}, nil
}

// GetReader is not offered: downloads go through the catalogue.
func (u *upload) GetReader(ctx context.Context) (io.ReadCloser, error) {
	return nil, handler.ErrNotImplemented
}

// ErrChecksumMismatch is the tus checksum extension's answer to a chunk
// whose Upload-Checksum does not match; none of its bytes count.
var ErrChecksumMismatch = handler.NewError("ERR_CHECKSUM_MISMATCH", "checksum mismatch", 460)

// WriteChunk appends src at offset. Bytes received before the body broke
// off are kept (tusd hands the store an early EOF then), except for chunks
// with a checksum, which count whole or not at all.
func (u *upload) WriteChunk(ctx context.Context, offset int64, src io.Reader) (int64, error) {
	in := u.in
	if in.State != StateReceiving || offset != in.Offset {
		return 0, handler.ErrMismatchOffset
	}
	h, err := restoreHash(in.HashState)
	if err != nil {
		return 0, err
	}
	c := &chunk{s: u.s, in: in, src: src, h: h, start: in.Offset}
	if sum, ok := checksumFrom(ctx); ok {
		c.check, c.want = sum.Alg.New(), sum.Sum
	}
	// The request's context ends when the client goes away; what arrived
	// must still be saved.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), opTimeout)
	defer cancel()
	err = u.s.be.write(wctx, in, c)
	return in.Offset - c.start, err
}

// FinishUpload publishes a complete upload as its file-store object.
func (u *upload) FinishUpload(ctx context.Context) error {
	in := u.in
	if in.State != StateReceiving {
		return nil
	}
	if in.Offset != in.Size {
		return handler.ErrUploadNotFinished
	}
	h, err := restoreHash(in.HashState)
	if err != nil {
		return err
	}
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), opTimeout)
	defer cancel()
	if err := u.s.be.publish(pctx, in); err != nil {
		return err
	}
	in.State, in.SHA256 = StatePublished, hex.EncodeToString(h.Sum(nil))
	in.Touched = u.s.cfg.Now().UTC()
	return u.s.be.save(pctx, in)
}

// Terminate removes the upload (DELETE). Partial data goes; a published
// object stays for the caller's record or the file sweep.
func (u *upload) Terminate(ctx context.Context) error {
	tctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), opTimeout)
	defer cancel()
	return u.s.remove(tctx, u.in.ID, u.in)
}

// chunk is the body of one PATCH (or POST with data) on its way to a
// backend. Reading it feeds the upload's running SHA-256, the chunk's
// checksum and the sniffing head. A backend calls commit whenever all
// bytes read so far are durable, but never while deferred (a checksum
// must be verified first); at the end it calls verify, then makes the
// rest durable and commits.
type chunk struct {
	s     *Store
	in    *Info
	src   io.Reader
	h     hash.Hash
	check hash.Hash
	want  []byte
	start int64
	read  int64
}

func (c *chunk) Read(p []byte) (int, error) {
	n, err := c.src.Read(p)
	if n > 0 {
		b := p[:n]
		c.h.Write(b)
		if c.check != nil {
			c.check.Write(b)
		}
		if pos := c.start + c.read; pos < headBytes {
			c.in.Head = append(c.in.Head, b[:min(int64(n), headBytes-pos)]...)
		}
		c.read += int64(n)
	}
	return n, err
}

// end is the upload offset after everything read so far.
func (c *chunk) end() int64 { return c.start + c.read }

func (c *chunk) deferred() bool { return c.check != nil }

func (c *chunk) verify() error {
	if c.check == nil {
		return nil
	}
	if subtle.ConstantTimeCompare(c.check.Sum(nil), c.want) != 1 {
		return ErrChecksumMismatch
	}
	return nil
}

// commit saves the info counting every byte read so far.
func (c *chunk) commit(ctx context.Context) error {
	return c.commitAt(ctx, c.end(), hashState(c.h))
}

// commitAt saves the info counting the bytes up to end, whose SHA-256
// state is hash (taken when end was read; more may have been read since).
func (c *chunk) commitAt(ctx context.Context, end int64, hash []byte) error {
	in := c.in
	in.Offset = end
	in.HashState = hash
	in.Touched = c.s.cfg.Now().UTC()
	in.Expires = c.s.ExpiresAt(in.Created, in.Touched)
	return c.s.be.save(ctx, in)
}

// rollback forgets the head bytes of a rejected chunk.
func (c *chunk) rollback() {
	if c.start < headBytes && int64(len(c.in.Head)) > c.start {
		c.in.Head = c.in.Head[:c.start]
	}
}

package tusstore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/storage/files"
)

const (
	s3Dir           = ".tus/" // under the store's prefix; the file store's Walk skips dot segments
	tailSuffix      = ".tail"
	minPartSize     = 5 << 20
	defaultPartSize = 8 << 20
)

// s3Backend keeps uploads as multipart uploads at their final key, with
// infos and tails as small objects under <prefix>.tus/.
type s3Backend struct {
	client   *minio.Client
	core     minio.Core
	t        s3Target
	partSize int64
	spoolDir string
	files    catalog.FileStore
}

func openS3(ctx context.Context, storageURL string, opts files.Options, fs catalog.FileStore, cfg Config) (*s3Backend, error) {
	t, err := parseTarget(storageURL)
	if err != nil {
		return nil, err
	}
	part := cfg.PartSize
	if part == 0 {
		part = opts.PartSize
	}
	if part == 0 {
		part = defaultPartSize
	}
	if part < minPartSize {
		return nil, fmt.Errorf("tusstore: S3 part size %d below %d", part, minPartSize)
	}
	tr, err := minio.DefaultTransport(t.secure)
	if err != nil {
		return nil, err
	}
	tr.ResponseHeaderTimeout = 2 * time.Minute
	c, err := minio.New(t.endpoint, &minio.Options{
		Creds:        credentials.NewStaticV4(opts.AccessKey, opts.SecretKey, ""),
		Secure:       t.secure,
		Region:       t.region,
		BucketLookup: t.lookup,
		Transport:    tr,
		MaxRetries:   3,
	})
	if err != nil {
		return nil, fmt.Errorf("tusstore: S3 client: %w", err)
	}
	spool := cfg.SpoolDir
	if spool == "" {
		spool = os.TempDir()
	}
	if err := os.MkdirAll(spool, dirPerm); err != nil {
		return nil, fmt.Errorf("tusstore: create %s: %w", spool, err)
	}
	return &s3Backend{client: c, core: minio.Core{Client: c}, t: t, partSize: part, spoolDir: spool, files: fs}, nil
}

func (b *s3Backend) infoKey(id string) string    { return b.t.prefix + s3Dir + id + infoSuffix }
func (b *s3Backend) tailKey(id string) string    { return b.t.prefix + s3Dir + id + tailSuffix }
func (b *s3Backend) objectKey(key string) string { return b.t.prefix + key }

func (b *s3Backend) load(ctx context.Context, id string) (*Info, error) {
	obj, err := b.client.GetObject(ctx, b.t.bucket, b.infoKey(id), minio.GetObjectOptions{})
	if err != nil {
		return nil, s3Err(err)
	}
	defer obj.Close()
	raw, err := io.ReadAll(io.LimitReader(obj, maxInfoBytes))
	if err != nil {
		return nil, s3Err(err)
	}
	return decodeInfo(id, raw)
}

func (b *s3Backend) save(ctx context.Context, in *Info) error {
	raw, err := json.Marshal(in)
	if err != nil {
		return err
	}
	_, err = b.client.PutObject(ctx, b.t.bucket, b.infoKey(in.ID), bytes.NewReader(raw), int64(len(raw)),
		minio.PutObjectOptions{ContentType: "application/json"})
	return s3Err(err)
}

func (b *s3Backend) list(ctx context.Context, fn func(id string) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for oi := range b.client.ListObjects(ctx, b.t.bucket, minio.ListObjectsOptions{Prefix: b.t.prefix + s3Dir, Recursive: true}) {
		if oi.Err != nil {
			return s3Err(oi.Err)
		}
		name := strings.TrimPrefix(oi.Key, b.t.prefix+s3Dir)
		if id, ok := strings.CutSuffix(name, infoSuffix); ok && ValidID(id) {
			if err := fn(id); err != nil {
				return err
			}
		}
	}
	return ctx.Err()
}

// write streams c through two spool files of at most one part each: the
// tail of earlier chunks first, then the body. A full spool is sent as a
// part while the other fills, so receiving and sending overlap; each part
// counts (is committed) once S3 has it, with the SHA-256 state taken at
// its last byte. What is left at the end becomes the last part, a part of
// its own if it is large enough, or the new tail object.
func (b *s3Backend) write(ctx context.Context, in *Info, c *chunk) error {
	var spools [2]*os.File
	for i := range spools {
		f, err := os.CreateTemp(b.spoolDir, "tus-spool-*")
		if err != nil {
			return catalog.Unavailable("upload storage", err)
		}
		spools[i] = f
		defer func() {
			f.Close()
			os.Remove(f.Name())
		}()
	}
	cur, n := 0, int64(0) // the spool being filled and its bytes
	hadTail := in.Tail > 0
	if hadTail {
		var err error
		if n, err = b.fetchTail(ctx, in, spools[0]); err != nil {
			return err
		}
	}
	parts := append([]Part(nil), in.Parts...)
	var sending *sendingPart
	defer func() {
		if sending != nil {
			<-sending.done // the spool must outlive its upload
		}
	}()
	// settle waits for the part in flight and commits it.
	settle := func() error {
		if sending == nil {
			return nil
		}
		r := <-sending.done
		at := sending
		sending = nil
		if r.err != nil {
			return r.err
		}
		parts = append(parts, r.part)
		if c.deferred() {
			return nil
		}
		in.Parts, in.Tail = append([]Part(nil), parts...), 0
		return c.commitAt(ctx, at.end, at.hash)
	}
	// send starts uploading the full spool and switches to the other one.
	send := func() error {
		if err := settle(); err != nil {
			return err
		}
		if err := b.ensureUpload(ctx, in); err != nil {
			return err
		}
		sending = &sendingPart{done: make(chan sentPart, 1), end: c.end(), hash: hashState(c.h)}
		go func(done chan<- sentPart, f *os.File, num int, size int64, key, uploadID string) {
			p, err := b.putPart(ctx, key, uploadID, num, f, size)
			done <- sentPart{p, err}
		}(sending.done, spools[cur], len(parts)+1, n, in.Key, in.UploadID)
		cur, n = 1-cur, 0
		return spools[cur].Truncate(0)
	}
	buf := copyBufs.Get().(*[]byte)
	defer copyBufs.Put(buf)
	for {
		m, rerr := c.Read((*buf)[:min(int64(len(*buf)), b.partSize-n)])
		if m > 0 {
			if _, err := spools[cur].WriteAt((*buf)[:m], n); err != nil {
				return catalog.Unavailable("upload storage", err)
			}
			n += int64(m)
		}
		if n == b.partSize {
			if err := send(); err != nil {
				return err
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return rerr
		}
	}
	if err := settle(); err != nil {
		return err
	}
	if err := c.verify(); err != nil {
		c.rollback()
		return err
	}
	rest := io.NewSectionReader(spools[cur], 0, n)
	switch final := c.end() == in.Size; {
	case final && len(parts) == 0:
		if _, err := b.client.PutObject(ctx, b.t.bucket, b.objectKey(in.Key), rest, n,
			minio.PutObjectOptions{PartSize: uint64(b.partSize)}); err != nil {
			return s3Err(err)
		}
		in.SinglePut, n = true, 0
	case n > 0 && (final || n >= minPartSize):
		if err := b.ensureUpload(ctx, in); err != nil {
			return err
		}
		p, err := b.putPart(ctx, in.Key, in.UploadID, len(parts)+1, spools[cur], n)
		if err != nil {
			return err
		}
		parts, n = append(parts, p), 0
	}
	if n > 0 {
		if _, err := b.client.PutObject(ctx, b.t.bucket, b.tailKey(in.ID), io.NewSectionReader(spools[cur], 0, n), n,
			minio.PutObjectOptions{}); err != nil {
			return s3Err(err)
		}
	}
	in.Parts, in.Tail = parts, n
	if err := c.commit(ctx); err != nil {
		return err
	}
	if hadTail && n == 0 {
		_ = b.client.RemoveObject(ctx, b.t.bucket, b.tailKey(in.ID), minio.RemoveObjectOptions{})
	}
	return nil
}

// sendingPart is a part on its way to S3: the upload offset and SHA-256
// state at its last byte, to commit once it arrived.
type sendingPart struct {
	done chan sentPart
	end  int64
	hash []byte
}

type sentPart struct {
	part Part
	err  error
}

func (b *s3Backend) fetchTail(ctx context.Context, in *Info, spool *os.File) (int64, error) {
	obj, err := b.client.GetObject(ctx, b.t.bucket, b.tailKey(in.ID), minio.GetObjectOptions{})
	if err != nil {
		return 0, s3Err(err)
	}
	defer obj.Close()
	n, err := io.Copy(spool, io.LimitReader(obj, in.Tail+1))
	if err != nil {
		return 0, s3Err(err)
	}
	if n != in.Tail {
		return 0, fmt.Errorf("tusstore: tail of upload %s holds %d bytes, want %d", in.ID, n, in.Tail)
	}
	return n, nil
}

// ensureUpload starts the multipart upload if there is none yet. Its id
// is saved at once, so that a failure later cannot leave a multipart
// upload nobody knows of.
func (b *s3Backend) ensureUpload(ctx context.Context, in *Info) error {
	if in.UploadID != "" {
		return nil
	}
	id, err := b.core.NewMultipartUpload(ctx, b.t.bucket, b.objectKey(in.Key), minio.PutObjectOptions{})
	if err != nil {
		return s3Err(err)
	}
	in.UploadID = id
	if err := b.save(ctx, in); err != nil {
		_ = b.core.AbortMultipartUpload(ctx, b.t.bucket, b.objectKey(in.Key), id)
		in.UploadID = ""
		return err
	}
	return nil
}

// putPart uploads the first n bytes of spool as part number num.
func (b *s3Backend) putPart(ctx context.Context, key, uploadID string, num int, spool *os.File, n int64) (Part, error) {
	p, err := b.core.PutObjectPart(ctx, b.t.bucket, b.objectKey(key), uploadID, num,
		io.NewSectionReader(spool, 0, n), n, minio.PutObjectPartOptions{})
	if err != nil {
		return Part{}, s3Err(err)
	}
	return Part{Number: num, ETag: p.ETag, Size: n}, nil
}

// publish completes the multipart upload (or finds the single PUT's
// object) and confirms the object through the file store.
func (b *s3Backend) publish(ctx context.Context, in *Info) error {
	if err := files.ValidateKey(in.Key); err != nil {
		return err
	}
	switch {
	case in.SinglePut:
	case len(in.Parts) > 0:
		cp := make([]minio.CompletePart, len(in.Parts))
		for i, p := range in.Parts {
			cp[i] = minio.CompletePart{PartNumber: p.Number, ETag: p.ETag}
		}
		if _, err := b.core.CompleteMultipartUpload(ctx, b.t.bucket, b.objectKey(in.Key), in.UploadID, cp, minio.PutObjectOptions{}); err != nil {
			return s3Err(err)
		}
	default: // an empty upload
		if _, err := b.client.PutObject(ctx, b.t.bucket, b.objectKey(in.Key), bytes.NewReader(nil), 0, minio.PutObjectOptions{}); err != nil {
			return s3Err(err)
		}
	}
	fi, err := b.files.Stat(ctx, in.Key)
	if err != nil || fi.Size != in.Size {
		_ = b.client.RemoveObject(ctx, b.t.bucket, b.objectKey(in.Key), minio.RemoveObjectOptions{})
		return fmt.Errorf("tusstore: the file store does not see upload %s as %s (%d bytes): %v", in.ID, in.Key, fi.Size, err)
	}
	_ = b.client.RemoveObject(ctx, b.t.bucket, b.tailKey(in.ID), minio.RemoveObjectOptions{})
	return nil
}

// discard aborts the multipart upload and removes the tail. An upload
// whose object was completed already has no multipart upload any more.
func (b *s3Backend) discard(ctx context.Context, in *Info) error {
	if in.UploadID != "" {
		err := b.core.AbortMultipartUpload(ctx, b.t.bucket, b.objectKey(in.Key), in.UploadID)
		if err != nil && minio.ToErrorResponse(err).Code != "NoSuchUpload" {
			return s3Err(err)
		}
	}
	err := b.client.RemoveObject(ctx, b.t.bucket, b.tailKey(in.ID), minio.RemoveObjectOptions{})
	if err != nil && minio.ToErrorResponse(err).Code != minio.NoSuchKey {
		return s3Err(err)
	}
	return nil
}

func (b *s3Backend) removeInfo(ctx context.Context, id string) error {
	err := b.client.RemoveObject(ctx, b.t.bucket, b.infoKey(id), minio.RemoveObjectOptions{})
	if err != nil && minio.ToErrorResponse(err).Code != minio.NoSuchKey {
		return s3Err(err)
	}
	return nil
}

// removeStale deletes spool files a crash left behind, and tails whose
// info is gone.
func (b *s3Backend) removeStale(ctx context.Context, olderThan time.Duration) (int, error) {
	n := 0
	cutoff := time.Now().Add(-olderThan)
	if entries, err := os.ReadDir(b.spoolDir); err == nil {
		for _, e := range entries {
			if st, err := e.Info(); err == nil && strings.HasPrefix(e.Name(), "tus-spool-") && st.ModTime().Before(cutoff) {
				if os.Remove(b.spoolDir+string(os.PathSeparator)+e.Name()) == nil {
					n++
				}
			}
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for oi := range b.client.ListObjects(ctx, b.t.bucket, minio.ListObjectsOptions{Prefix: b.t.prefix + s3Dir, Recursive: true}) {
		if oi.Err != nil {
			return n, s3Err(oi.Err)
		}
		id, ok := strings.CutSuffix(strings.TrimPrefix(oi.Key, b.t.prefix+s3Dir), tailSuffix)
		if !ok || !ValidID(id) || !oi.LastModified.Before(cutoff) {
			continue
		}
		if _, err := b.client.StatObject(ctx, b.t.bucket, b.infoKey(id), minio.StatObjectOptions{}); minio.ToErrorResponse(err).Code != minio.NoSuchKey {
			continue
		}
		if b.client.RemoveObject(ctx, b.t.bucket, oi.Key, minio.RemoveObjectOptions{}) == nil {
			n++
		}
	}
	return n, nil
}

// s3Err maps a missing info to errNotFound and everything else that means
// "storage cannot serve us" to EUNAVAILABLE.
func s3Err(err error) error {
	if err == nil {
		return nil
	}
	var ce *catalog.Error
	if errors.As(err, &ce) || errors.Is(err, context.Canceled) {
		return err
	}
	switch r := minio.ToErrorResponse(err); {
	case r.Code == minio.NoSuchKey:
		return errNotFound
	case r.Code == "NoSuchUpload":
		return catalog.NotFound("Upload")
	}
	return catalog.Unavailable("upload storage", err)
}

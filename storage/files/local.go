package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

const (
	tmpDir  = ".tmp"  // half-written uploads; same filesystem, so rename is atomic
	metaDir = ".meta" // sidecars with hash and content type, see localMeta
	dirPerm = 0o750
)

// copyBufs holds 1 MiB copy buffers: fewer syscalls than io.Copy's 32 KiB,
// reused so that concurrent uploads do not churn the heap.
var copyBufs = sync.Pool{New: func() any { b := make([]byte, 1<<20); return &b }}

// localStore keeps objects as plain files under root, one file per key, so
// that an operator can back them up with any tool.
type localStore struct {
	root string
}

func openLocal(dir string) (*localStore, error) {
	for _, d := range []string{dir, filepath.Join(dir, tmpDir), filepath.Join(dir, metaDir)} {
		if err := os.MkdirAll(d, dirPerm); err != nil {
			return nil, fmt.Errorf("files: create %s: %w", d, err)
		}
	}
	return &localStore{root: dir}, nil
}

func (l *localStore) path(key string) string { return filepath.Join(l.root, filepath.FromSlash(key)) }

func (l *localStore) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) (catalog.FileInfo, error) {
	if err := ValidateKey(key); err != nil {
		return catalog.FileInfo{}, err
	}
	if err := ctx.Err(); err != nil {
		return catalog.FileInfo{}, err
	}
	tmp, err := os.CreateTemp(filepath.Join(l.root, tmpDir), "put-*")
	if err != nil {
		return catalog.FileInfo{}, catalog.Unavailable("file storage", err)
	}
	committed := false
	defer func() {
		if !committed {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()

	d := newDigestReader(ctx, r, size)
	defer d.close()
	buf := copyBufs.Get().(*[]byte)
	_, err = io.CopyBuffer(NewWritebackWriter(tmp, 0), d, (*buf)[:cap(*buf)])
	copyBufs.Put(buf)
	if err != nil {
		if cause := d.cause(); cause != nil {
			return catalog.FileInfo{}, cause
		}
		return catalog.FileInfo{}, catalog.Unavailable("file storage", err)
	}
	if err := tmp.Sync(); err != nil {
		return catalog.FileInfo{}, catalog.Unavailable("file storage", err)
	}
	st, err := tmp.Stat()
	if err != nil {
		return catalog.FileInfo{}, catalog.Unavailable("file storage", err)
	}
	if err := tmp.Close(); err != nil {
		return catalog.FileInfo{}, catalog.Unavailable("file storage", err)
	}
	final := l.path(key)
	if err := os.MkdirAll(filepath.Dir(final), dirPerm); err != nil {
		return catalog.FileInfo{}, placeErr(key, err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return catalog.FileInfo{}, placeErr(key, err)
	}
	committed = true
	// From here the object exists. A lost directory entry after a crash
	// would break the promise made to the caller, so failing to sync the
	// directory is an error; the object is removed so that the error keeps
	// its meaning "nothing stored".
	if err := syncDir(filepath.Dir(final)); err != nil {
		os.Remove(final)
		return catalog.FileInfo{}, catalog.Unavailable("file storage", err)
	}
	n, sum := d.result()
	info := catalog.FileInfo{Key: key, Size: n, SHA256: sum, ContentType: contentType, ModTime: st.ModTime()}
	l.writeMeta(key, info)
	return info, nil
}

func (l *localStore) Open(ctx context.Context, key string) (catalog.File, error) {
	if err := ValidateKey(key); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := os.Open(l.path(key))
	if err != nil {
		return nil, localErr(err)
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		f.Close()
		if err == nil {
			return nil, catalog.NotFound("File")
		}
		return nil, localErr(err)
	}
	return &localFile{File: f, info: l.info(key, st)}, nil
}

func (l *localStore) Stat(ctx context.Context, key string) (catalog.FileInfo, error) {
	if err := ValidateKey(key); err != nil {
		return catalog.FileInfo{}, err
	}
	if err := ctx.Err(); err != nil {
		return catalog.FileInfo{}, err
	}
	st, err := os.Stat(l.path(key))
	if err != nil {
		return catalog.FileInfo{}, localErr(err)
	}
	if !st.Mode().IsRegular() {
		return catalog.FileInfo{}, catalog.NotFound("File")
	}
	return l.info(key, st), nil
}

func (l *localStore) Delete(ctx context.Context, key string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.Remove(l.path(key)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return localErr(err)
	}
	if err := os.Remove(l.metaPath(key)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return localErr(err)
	}
	return nil
}

func (l *localStore) Walk(ctx context.Context, fn func(catalog.FileInfo) error) error {
	err := filepath.WalkDir(l.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			if p != l.root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(l.root, p)
		if err != nil {
			return err
		}
		key := filepath.ToSlash(rel)
		if ValidateKey(key) != nil {
			return nil // not ours: leave foreign files alone
		}
		st, err := d.Info()
		if errors.Is(err, fs.ErrNotExist) {
			return nil // deleted while we walked
		} else if err != nil {
			return err
		}
		return fn(catalog.FileInfo{Key: key, Size: st.Size(), ModTime: st.ModTime()})
	})
	var ce *catalog.Error
	if err != nil && !errors.As(err, &ce) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		return catalog.Unavailable("file storage", err)
	}
	return err
}

func (l *localStore) Ping(ctx context.Context) error {
	st, err := os.Stat(filepath.Join(l.root, tmpDir))
	if err != nil {
		return catalog.Unavailable("file storage", err)
	}
	if !st.IsDir() {
		return catalog.Unavailable("file storage", fmt.Errorf("%s is not a directory", l.root))
	}
	return nil
}

// RemoveStale deletes temporary files of uploads that a crash interrupted.
// Sweep calls it; only files older than olderThan go, because another
// process (an admin command next to serve) may be uploading right now.
func (l *localStore) RemoveStale(ctx context.Context, olderThan time.Duration) (int, error) {
	dir := filepath.Join(l.root, tmpDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, catalog.Unavailable("file storage", err)
	}
	cutoff := time.Now().Add(-olderThan)
	n := 0
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		st, err := e.Info()
		if err != nil || !st.ModTime().Before(cutoff) {
			continue
		}
		if os.Remove(filepath.Join(dir, e.Name())) == nil {
			n++
		}
	}
	return n, nil
}

// localErr maps filesystem errors: a missing file (or a key whose parent
// is a file) is not found, anything else means the disk is in trouble.
func localErr(err error) error {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return catalog.NotFound("File")
	}
	return catalog.Unavailable("file storage", err)
}

// placeErr reports a key that cannot become a file because a file stands
// where a directory must be, or the reverse ("a" vs "a/b"). S3 allows both;
// keys from NewKey never collide like this.
func placeErr(key string, err error) error {
	if errors.Is(err, syscall.ENOTDIR) || errors.Is(err, syscall.EISDIR) || errors.Is(err, syscall.EEXIST) {
		return catalog.Errorf(catalog.ECONFLICT, "storage key %s collides with another key's directory", key)
	}
	return catalog.Unavailable("file storage", err)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// localFile is an open object; os.File already seeks.
type localFile struct {
	*os.File
	info catalog.FileInfo
}

func (f *localFile) Info() catalog.FileInfo { return f.info }

// KernelReader hands the open file itself to the response, which then
// sends it with sendfile (download.KernelCopier) from the current offset.
func (f *localFile) KernelReader(n int64) (io.Reader, *io.LimitedReader, error) {
	return strings.NewReader(""), &io.LimitedReader{R: f.File, N: n}, nil
}

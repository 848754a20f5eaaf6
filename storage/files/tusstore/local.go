package tusstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/storage/files"
)

const (
	localDir      = ".tus" // under the file store's root: same filesystem, so publishing is a rename
	infoSuffix    = ".info"
	dirPerm       = 0o750
	filePerm      = 0o640
	maxInfoBytes  = 1 << 20
	localSyncStep = 64 << 20 // fsync and count progress every 64 MiB of a long chunk
)

// copyBufs holds 1 MiB copy buffers shared by concurrent uploads.
var copyBufs = sync.Pool{New: func() any { b := make([]byte, 1<<20); return &b }}

// localBackend keeps each upload as <root>/.tus/<id> with its info in
// <id>.info. The file store's Walk skips dot-directories, so partial
// uploads are never mistaken for objects.
type localBackend struct {
	root  string // the file store's root, <data-dir>/files
	dir   string
	files catalog.FileStore
}

func openLocal(root string, fs catalog.FileStore) (*localBackend, error) {
	dir := filepath.Join(root, localDir)
	if err := os.MkdirAll(dir, dirPerm); err != nil {
		return nil, fmt.Errorf("tusstore: create %s: %w", dir, err)
	}
	return &localBackend{root: root, dir: dir, files: fs}, nil
}

func (b *localBackend) dataPath(id string) string { return filepath.Join(b.dir, id) }
func (b *localBackend) infoPath(id string) string { return filepath.Join(b.dir, id+infoSuffix) }

func (b *localBackend) load(ctx context.Context, id string) (*Info, error) {
	f, err := os.Open(b.infoPath(id))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, catalog.Unavailable("upload storage", err)
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, maxInfoBytes))
	if err != nil {
		return nil, catalog.Unavailable("upload storage", err)
	}
	return decodeInfo(id, raw)
}

func decodeInfo(id string, raw []byte) (*Info, error) {
	var in Info
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, errCorruptInfo
	}
	if err := in.check(id); err != nil {
		return nil, err
	}
	return &in, nil
}

// save replaces the info atomically and durably: temp file, fsync,
// rename, fsync of the directory.
func (b *localBackend) save(ctx context.Context, in *Info) error {
	raw, err := json.Marshal(in)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(b.dir, "tmp-*")
	if err != nil {
		return catalog.Unavailable("upload storage", err)
	}
	_, werr := tmp.Write(raw)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp.Name())
		return catalog.Unavailable("upload storage", err)
	}
	if err := os.Rename(tmp.Name(), b.infoPath(in.ID)); err != nil {
		os.Remove(tmp.Name())
		return catalog.Unavailable("upload storage", err)
	}
	return syncDir(b.dir)
}

func (b *localBackend) list(ctx context.Context, fn func(id string) error) error {
	entries, err := os.ReadDir(b.dir)
	if err != nil {
		return catalog.Unavailable("upload storage", err)
	}
	for _, e := range entries {
		if id, ok := strings.CutSuffix(e.Name(), infoSuffix); ok && ValidID(id) {
			if err := fn(id); err != nil {
				return err
			}
		}
	}
	return nil
}

func (b *localBackend) write(ctx context.Context, in *Info, c *chunk) error {
	f, err := os.OpenFile(b.dataPath(in.ID), os.O_RDWR|os.O_CREATE, filePerm)
	if err != nil {
		return catalog.Unavailable("upload storage", err)
	}
	defer f.Close()
	// Bytes past the saved offset were written but never counted (a crash
	// between write and save): they go.
	if err := f.Truncate(in.Offset); err != nil {
		return catalog.Unavailable("upload storage", err)
	}
	if _, err := f.Seek(in.Offset, io.SeekStart); err != nil {
		return catalog.Unavailable("upload storage", err)
	}
	buf := copyBufs.Get().(*[]byte)
	defer copyBufs.Put(buf)
	w := files.NewWritebackWriter(f, in.Offset)
	var unsynced int64
	for {
		n, rerr := c.Read(*buf)
		if n > 0 {
			if _, err := w.Write((*buf)[:n]); err != nil {
				return catalog.Unavailable("upload storage", err)
			}
			unsynced += int64(n)
		}
		if unsynced >= localSyncStep && !c.deferred() {
			if err := f.Sync(); err != nil {
				return catalog.Unavailable("upload storage", err)
			}
			if err := c.commit(ctx); err != nil {
				return err
			}
			unsynced = 0
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return rerr
		}
	}
	if err := c.verify(); err != nil {
		c.rollback()
		if terr := f.Truncate(c.start); terr != nil {
			return errors.Join(err, terr)
		}
		return err
	}
	if err := f.Sync(); err != nil {
		return catalog.Unavailable("upload storage", err)
	}
	return c.commit(ctx)
}

// publish renames the data file to the file store's path of in.Key and
// confirms through the file store that the object is there. If the store
// does not see it (it is not the local store at root), the file goes back
// and is copied with Put instead.
func (b *localBackend) publish(ctx context.Context, in *Info) error {
	if err := files.ValidateKey(in.Key); err != nil {
		return err
	}
	src := b.dataPath(in.ID)
	if in.Size == 0 {
		if err := os.WriteFile(src, nil, filePerm); err != nil {
			return catalog.Unavailable("upload storage", err)
		}
	}
	st, err := os.Stat(src)
	if err != nil {
		return catalog.Unavailable("upload storage", err)
	}
	if st.Size() != in.Size {
		return fmt.Errorf("tusstore: upload %s holds %d bytes, want %d", in.ID, st.Size(), in.Size)
	}
	dst := filepath.Join(b.root, filepath.FromSlash(in.Key))
	if err := os.MkdirAll(filepath.Dir(dst), dirPerm); err != nil {
		return catalog.Unavailable("file storage", err)
	}
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("tusstore: object %s exists already", in.Key)
	}
	if err := os.Rename(src, dst); err != nil {
		return catalog.Unavailable("file storage", err)
	}
	if err := errors.Join(syncDir(filepath.Dir(dst)), syncDir(b.dir)); err != nil {
		os.Rename(dst, src)
		return catalog.Unavailable("file storage", err)
	}
	if fi, err := b.files.Stat(ctx, in.Key); err == nil && fi.Size == in.Size {
		return nil
	}
	if err := os.Rename(dst, src); err != nil {
		return catalog.Unavailable("file storage", err)
	}
	return b.copyIn(ctx, in, src)
}

// copyIn stores the data file with Put, for a file store that is not the
// local directory at root.
func (b *localBackend) copyIn(ctx context.Context, in *Info, src string) error {
	f, err := os.Open(src)
	if err != nil {
		return catalog.Unavailable("upload storage", err)
	}
	defer f.Close()
	if _, err := b.files.Put(ctx, in.Key, f, in.Size, ""); err != nil {
		return err
	}
	f.Close()
	os.Remove(src)
	return nil
}

func (b *localBackend) discard(ctx context.Context, in *Info) error {
	if err := os.Remove(b.dataPath(in.ID)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return catalog.Unavailable("upload storage", err)
	}
	return nil
}

func (b *localBackend) removeInfo(ctx context.Context, id string) error {
	if err := os.Remove(b.infoPath(id)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return catalog.Unavailable("upload storage", err)
	}
	return nil
}

// removeStale deletes temp files of info writes a crash interrupted, and
// data files whose info is gone.
func (b *localBackend) removeStale(ctx context.Context, olderThan time.Duration) (int, error) {
	entries, err := os.ReadDir(b.dir)
	if err != nil {
		return 0, catalog.Unavailable("upload storage", err)
	}
	cutoff := time.Now().Add(-olderThan)
	n := 0
	for _, e := range entries {
		name := e.Name()
		orphan := ValidID(name) && !exists(b.infoPath(name))
		if !orphan && !strings.HasPrefix(name, "tmp-") {
			continue
		}
		if st, err := e.Info(); err != nil || !st.ModTime().Before(cutoff) {
			continue
		}
		if os.Remove(filepath.Join(b.dir, name)) == nil {
			n++
		}
	}
	return n, nil
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
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

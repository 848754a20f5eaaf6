package tusstore

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/tus/tusd/v2/pkg/handler"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/storage/files"
)

// Config tunes a Store. Zero values mean the defaults named on each field.
type Config struct {
	// Idle is how long an upload lives after its last write (24 h).
	Idle time.Duration
	// MaxAge bounds an upload's life from its creation (7 days locally,
	// 23 h on S3, below the file sweep's grace for multipart uploads).
	MaxAge time.Duration
	// PartSize is the S3 part size (files.Options.PartSize, else 8 MiB).
	PartSize int64
	// SpoolDir holds the S3 backend's spool files (<data-dir>/tus-spool,
	// or the system temp directory without a data directory).
	SpoolDir string
	// Now is the clock (tests).
	Now func() time.Time
}

// Store keeps partial uploads. It is safe for concurrent use; writes to
// one upload must be serialised by the caller (tusd's locker does).
type Store struct {
	be    backend
	files catalog.FileStore
	cfg   Config
}

// backend is where the bytes and infos of partial uploads live.
type backend interface {
	load(ctx context.Context, id string) (*Info, error) // errNotFound if absent
	save(ctx context.Context, in *Info) error
	list(ctx context.Context, fn func(id string) error) error
	// write appends c to the upload's data; see chunk for the rules.
	write(ctx context.Context, in *Info, c *chunk) error
	// publish makes the complete data the file-store object in.Key.
	publish(ctx context.Context, in *Info) error
	// discard removes the partial data (not the info, never the object).
	discard(ctx context.Context, in *Info) error
	removeInfo(ctx context.Context, id string) error
	removeStale(ctx context.Context, olderThan time.Duration) (int, error)
}

var errNotFound = errors.New("tusstore: no such upload")

// Open returns the store for the file store that files.Open(ctx,
// storageURL, dataDir, opts) returns; fs must be that store, because
// finished uploads are confirmed through it.
func Open(ctx context.Context, storageURL, dataDir string, opts files.Options, fs catalog.FileStore, cfg Config) (*Store, error) {
	if fs == nil {
		return nil, errors.New("tusstore: no file store")
	}
	if cfg.Idle <= 0 {
		cfg.Idle = 24 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.SpoolDir == "" && dataDir != "" {
		cfg.SpoolDir = filepath.Join(dataDir, "tus-spool")
	}
	s := &Store{files: fs, cfg: cfg}
	var err error
	if strings.TrimSpace(storageURL) == "" {
		if dataDir == "" {
			return nil, errors.New("tusstore: data directory is empty")
		}
		if s.cfg.MaxAge <= 0 {
			s.cfg.MaxAge = 7 * 24 * time.Hour
		}
		s.be, err = openLocal(filepath.Join(dataDir, "files"), fs)
	} else {
		if s.cfg.MaxAge <= 0 {
			s.cfg.MaxAge = 23 * time.Hour
		}
		s.be, err = openS3(ctx, storageURL, opts, fs, s.cfg)
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// ExpiresAt is when an upload created and last written at the given times
// expires.
func (s *Store) ExpiresAt(created, touched time.Time) time.Time {
	e := touched.Add(s.cfg.Idle)
	if limit := created.Add(s.cfg.MaxAge); limit.Before(e) {
		return limit
	}
	return e
}

// OwnerKey is the key of handler.FileInfo.Storage that names the user
// who creates an upload (set by the pre-create hook).
const OwnerKey = "owner"

// NewUpload creates an upload (tusd DataStore).
func (s *Store) NewUpload(ctx context.Context, fi handler.FileInfo) (handler.Upload, error) {
	if fi.SizeIsDeferred || fi.IsPartial || fi.IsFinal {
		return nil, handler.ErrNotImplemented
	}
	owner := fi.Storage[OwnerKey]
	if owner == "" {
		return nil, errors.New("tusstore: upload without owner")
	}
	now := s.cfg.Now().UTC()
	in := &Info{ID: newID(), Size: fi.Size, MetaData: fi.MetaData, Owner: owner, Created: now, Touched: now,
		State: StateReceiving, Key: files.NewKey(), HashState: hashState(sha256.New())}
	in.Expires = s.ExpiresAt(now, now)
	if err := s.be.save(ctx, in); err != nil {
		return nil, err
	}
	return &upload{s: s, in: in}, nil
}

// GetUpload returns a live upload (tusd DataStore); expired, failed and
// unknown ones are not found.
func (s *Store) GetUpload(ctx context.Context, id string) (handler.Upload, error) {
	in, err := s.Info(ctx, id)
	if err != nil {
		if catalog.ErrorCode(err) == catalog.ENOTFOUND {
			return nil, handler.ErrNotFound
		}
		return nil, err
	}
	if in.State == StateFailed {
		return nil, handler.ErrNotFound
	}
	return &upload{s: s, in: in}, nil
}

// AsTerminatableUpload enables DELETE (tusd TerminaterDataStore).
func (s *Store) AsTerminatableUpload(u handler.Upload) handler.TerminatableUpload {
	return u.(*upload)
}

// Info returns an upload's info in any state; an unknown, malformed or
// expired id is ENOTFOUND.
func (s *Store) Info(ctx context.Context, id string) (*Info, error) {
	if !ValidID(id) {
		return nil, catalog.NotFound("Upload")
	}
	in, err := s.be.load(ctx, id)
	if errors.Is(err, errNotFound) || errors.Is(err, errCorruptInfo) {
		// A damaged info cannot steer a write; to the client the upload is
		// gone and it starts anew. Sweep removes it.
		return nil, catalog.NotFound("Upload")
	}
	if err != nil {
		return nil, err
	}
	if in.expired(s.cfg.Now()) {
		return nil, catalog.NotFound("Upload")
	}
	return in, nil
}

// Published returns the object a published upload became.
func (in *Info) Published() (catalog.FileInfo, bool) {
	if in.State != StatePublished {
		return catalog.FileInfo{}, false
	}
	return catalog.FileInfo{Key: in.Key, Size: in.Size, SHA256: in.SHA256, ModTime: in.Touched}, true
}

// Finish records the caller's outcome for a published upload: result on
// success, or the failure message (the caller removed the object then).
// The info stays as a tombstone until it expires.
func (s *Store) Finish(ctx context.Context, id string, result map[string]string, failure string) error {
	in, err := s.be.load(ctx, id)
	if err != nil {
		return err
	}
	in.State, in.Result, in.Error = StateDone, result, ""
	if failure != "" {
		in.State, in.Result, in.Error = StateFailed, nil, failure
	}
	in.Touched = s.cfg.Now().UTC()
	in.Expires = s.ExpiresAt(in.Touched, in.Touched)
	in.HashState = nil
	return s.be.save(ctx, in)
}

// Sweep removes expired uploads with all their partial data, and spool
// files a crash left behind. Published objects are never removed here.
func (s *Store) Sweep(ctx context.Context) (removed int, err error) {
	now := s.cfg.Now()
	var ids []string
	err = s.be.list(ctx, func(id string) error {
		ids = append(ids, id)
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return removed, err
		}
		in, err := s.be.load(ctx, id)
		if errors.Is(err, errNotFound) {
			continue
		}
		if err != nil && !errors.Is(err, errCorruptInfo) {
			return removed, err
		}
		if in != nil && !in.expired(now) {
			continue
		}
		if err := s.remove(ctx, id, in); err != nil {
			return removed, err
		}
		removed++
	}
	n, err := s.be.removeStale(ctx, time.Hour)
	return removed + n, err
}

// SweepEvery runs Sweep every interval until ctx ends, reporting each
// outcome (for the caller's log; the library stays silent).
func (s *Store) SweepEvery(ctx context.Context, interval time.Duration, report func(removed int, err error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			n, err := s.Sweep(ctx)
			if report != nil {
				report(n, err)
			}
		}
	}
}

// remove deletes an upload's partial data and then its info; in is nil
// for an info that could not be read (its data goes by id alone).
func (s *Store) remove(ctx context.Context, id string, in *Info) error {
	if in == nil {
		in = &Info{ID: id, State: StateReceiving}
	}
	if in.State == StateReceiving {
		if err := s.be.discard(ctx, in); err != nil {
			return err
		}
	}
	return s.be.removeInfo(ctx, id)
}

func (s *Store) String() string { return fmt.Sprintf("tusstore(%T)", s.be) }

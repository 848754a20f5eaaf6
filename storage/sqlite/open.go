package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/datenportal/datenportal/catalog"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// busyTimeoutMillis is how long a connection waits for another process's
// write lock before giving up. Admin commands write a handful of rows, so
// ten seconds is generous without hanging a request forever.
const busyTimeoutMillis = 10000

// Store is catalog.Store on SQLite. It is safe for concurrent use.
type Store struct {
	w *sql.DB // exactly one connection: SQLite has one writer
	r *sql.DB // read-only pool

	closed    atomic.Bool
	closeOnce sync.Once
	closeErr  error
}

var _ catalog.Store = (*Store)(nil)

// Open opens the database at path, creating the file and its directory if
// needed, and migrates it to the newest schema.
func Open(ctx context.Context, path string) (*Store, error) {
	w, err := openWriter(path)
	if err != nil {
		return nil, err
	}
	if _, err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	if err := r.PingContext(ctx); err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return &Store{w: w, r: r}, nil
}

// Migrate brings the database at path to the newest schema and returns the
// schema version it is at; it is what `datenportal migrate` runs.
func Migrate(ctx context.Context, path string) (version int, err error) {
	w, err := openWriter(path)
	if err != nil {
		return 0, err
	}
	defer w.Close()
	return migrate(ctx, w)
}

// Migrate applies pending migrations to the open store and returns the
// schema version. Open already migrates; this exists for callers that hold
// a Store and want the version.
func (s *Store) Migrate(ctx context.Context) (version int, err error) {
	if s.closed.Load() {
		return 0, s.fail(ctx, errClosed)
	}
	return migrate(ctx, s.w)
}

func openWriter(path string) (*sql.DB, error) {
	if path == "" {
		return nil, errors.New("sqlite: empty database path")
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("sqlite: create directory: %w", err)
		}
	}
	w, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	// Keep the one connection forever: reopening would re-run the pragmas
	// and drop SQLite's page cache for nothing.
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	return w, nil
}

// dsn builds a URI filename. The path is escaped because SQLite decodes
// %XX in URIs and would otherwise take a '?' or '#' in a directory name for
// the start of the query.
func dsn(path string, writer bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeoutMillis))
	q.Add("_pragma", "foreign_keys(ON)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if writer {
		q.Add("_pragma", "journal_mode(WAL)")
		// BEGIN IMMEDIATE takes the write lock up front, so a transaction
		// that reads before it writes cannot deadlock with another
		// process's writer and fail with SQLITE_BUSY halfway.
		q.Set("_txlock", "immediate")
	} else {
		q.Add("_pragma", "query_only(1)")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if s.closed.Load() {
		return s.fail(ctx, errClosed)
	}
	var one int
	if err := s.r.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return s.fail(ctx, err)
	}
	return nil
}

// Close closes both connection pools; later calls return the first
// result. A nil Store closes as a no-op, so cleanup code need not check.
func (s *Store) Close() error {
	if s == nil {
		return nil
	}
	s.closeOnce.Do(func() {
		s.closed.Store(true)
		s.closeErr = errors.Join(s.r.Close(), s.w.Close())
	})
	return s.closeErr
}

package postgres

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/datenportal/datenportal/catalog"
)

// Options tune Open; zero values mean the defaults named on each field.
type Options struct {
	// MaxConns bounds the connection pool (default max(4, 2×GOMAXPROCS)).
	// Every instance opens up to this many, so instances × MaxConns (plus
	// admin commands) must stay below the server's max_connections.
	MaxConns int
}

// Store is catalog.Store on PostgreSQL. It is safe for concurrent use.
type Store struct {
	pool   *pgxpool.Pool
	schema string // current_schema(), the payload of our notifications

	closed    atomic.Bool
	done      chan struct{} // closed by Close: stops subscribers
	closeOnce sync.Once
}

var _ catalog.Store = (*Store)(nil)

// Open connects to the database at url (postgres://…; search_path and
// other run-time parameters may be given as query parameters), migrates
// it to the newest schema and returns the store. An unreachable server is
// EUNAVAILABLE, so callers can tell "try again" from "wrong URL".
func Open(ctx context.Context, url string, opts Options) (*Store, error) {
	cfg, err := parseConfig(url)
	if err != nil {
		return nil, err
	}
	switch {
	case opts.MaxConns > 0:
		cfg.MaxConns = int32(opts.MaxConns)
	case !strings.Contains(url, "pool_max_conns="): // the URL's own setting wins over the default
		cfg.MaxConns = int32(max(4, 2*runtime.GOMAXPROCS(0)))
	}
	// A connection idle for a while may have been cut by a firewall or a
	// server restart; check it when handing it out rather than failing the
	// request that gets it.
	cfg.MaxConnIdleTime = 5 * time.Minute
	cfg.HealthCheckPeriod = 30 * time.Second
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	s := &Store{pool: pool, done: make(chan struct{})}
	if err := s.init(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// parseConfig parses url without ever echoing it: it may carry a password.
func parseConfig(url string) (*pgxpool.Config, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's message quotes the URL (redacted on a best-effort basis)
		// and the inner error may too; say what is expected instead.
		return nil, errors.New("postgres: invalid database URL; expected postgres://USER[:PASSWORD]@HOST:PORT/DATABASE[?sslmode=…&search_path=…]")
	}
	if _, ok := cfg.ConnConfig.RuntimeParams["application_name"]; !ok {
		cfg.ConnConfig.RuntimeParams["application_name"] = "datenportal"
	}
	return cfg, nil
}

func (s *Store) init(ctx context.Context) error {
	c, err := s.pool.Acquire(ctx)
	if err != nil {
		return s.fail(ctx, err)
	}
	defer c.Release()
	if _, err := migrate(ctx, c.Conn()); err != nil {
		if unavailable(err) {
			return catalog.Unavailable("database", err)
		}
		return err
	}
	var schema *string
	if err := c.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return s.fail(ctx, err)
	}
	if schema == nil {
		return errors.New("postgres: search_path names no existing schema")
	}
	s.schema = *schema
	return nil
}

// Migrate brings the database at url to the newest schema and returns the
// schema version; it is what `datenportal migrate` runs.
func Migrate(ctx context.Context, url string) (version int, err error) {
	cfg, err := parseConfig(url)
	if err != nil {
		return 0, err
	}
	cfg.MaxConns = 1
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return 0, fmt.Errorf("postgres: %w", err)
	}
	defer pool.Close()
	s := &Store{pool: pool}
	c, err := pool.Acquire(ctx)
	if err != nil {
		return 0, s.fail(ctx, err)
	}
	defer c.Release()
	v, err := migrate(ctx, c.Conn())
	if err != nil && unavailable(err) {
		return v, catalog.Unavailable("database", err)
	}
	return v, err
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	return s.read(ctx, func(q querier) error {
		var one int
		return q.QueryRow(ctx, "SELECT 1").Scan(&one)
	})
}

// Close closes the pool and stops subscribers; later calls are no-ops. A
// nil Store closes as a no-op, so cleanup code need not check.
func (s *Store) Close() error {
	if s == nil {
		return nil
	}
	s.closeOnce.Do(func() {
		s.closed.Store(true)
		close(s.done)
		s.pool.Close()
	})
	return nil
}

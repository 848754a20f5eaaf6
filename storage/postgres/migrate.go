package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the embedded files in version order. A file name must
// start with its version number ("0002_harvest.sql"); versions must be
// unique, which the package tests check, so a bad file cannot ship.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	seen := map[int]string{}
	for _, n := range names {
		base := strings.TrimPrefix(n, "migrations/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("postgres: migration %s: name must start with a positive version number", base)
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("postgres: migrations %s and %s share version %d", prev, base, v)
		}
		seen[v] = base
		b, err := migrationFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// lockKey names the advisory lock migrators take: one per schema, so
// instances on one schema migrate one at a time while tests on their own
// schemas do not wait for each other.
const lockKey = "hashtextextended('datenportal.migrate.' || coalesce(current_schema(), ''), 0)"

// migrate applies every pending migration, each in its own transaction so
// that a failing one leaves the database at the previous version rather
// than half-changed (PostgreSQL's DDL is transactional). Several instances
// may start at once: they queue on a session advisory lock and each
// re-reads the version once it holds it, so a migration runs once.
func migrate(ctx context.Context, c *pgx.Conn) (int, error) {
	ms, err := migrations()
	if err != nil {
		return 0, err
	}
	latest := 0
	if len(ms) > 0 {
		latest = ms[len(ms)-1].version
	}
	if _, err := c.Exec(ctx, "SELECT pg_advisory_lock("+lockKey+")"); err != nil {
		return 0, fmt.Errorf("postgres: migration lock: %w", err)
	}
	defer func() {
		// On a broken connection the server has released the lock already.
		if !c.IsClosed() {
			c.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock("+lockKey+")")
		}
	}()
	if _, err := c.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
	)`); err != nil {
		return 0, fmt.Errorf("postgres: create schema_migrations: %w", err)
	}
	var current int
	if err := c.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&current); err != nil {
		return 0, fmt.Errorf("postgres: read schema version: %w", err)
	}
	if current > latest {
		return current, fmt.Errorf("postgres: database schema version %d is newer than this binary supports (%d); upgrade datenportal", current, latest)
	}
	for _, m := range ms {
		if m.version <= current {
			continue
		}
		if err := applyMigration(ctx, c, m); err != nil {
			return current, err
		}
		current = m.version
	}
	return current, nil
}

func applyMigration(ctx context.Context, c *pgx.Conn, m migration) error {
	return pgx.BeginFunc(ctx, c, func(tx pgx.Tx) error {
		// Simple protocol: a migration file holds several statements.
		if _, err := tx.Exec(ctx, m.sql, pgx.QueryExecModeSimpleProtocol); err != nil {
			return fmt.Errorf("postgres: migration %s: %w", m.name, err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", m.version, m.name); err != nil {
			return fmt.Errorf("postgres: migration %s: %w", m.name, err)
		}
		return nil
	})
}

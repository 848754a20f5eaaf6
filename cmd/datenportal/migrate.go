package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/datenportal/datenportal/storage/postgres"
	"github.com/datenportal/datenportal/storage/sqlite"
)

// migrate applies the database migrations and reports the schema version.
func (m *Main) migrate(ctx context.Context, args []string) error {
	cfg, fs, err := m.commandConfig("migrate", nil)
	if err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	var v int
	if cfg.DatabaseURL != "" {
		v, err = postgres.Migrate(ctx, cfg.DatabaseURL)
	} else {
		if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
			return err
		}
		v, err = sqlite.Migrate(ctx, filepath.Join(cfg.DataDir, dbFile))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "database schema at version %d\n", v)
	return nil
}

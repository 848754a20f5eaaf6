package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/schemas"
	"github.com/datenportal/datenportal/search"
	"github.com/datenportal/datenportal/storage/files"
	"github.com/datenportal/datenportal/storage/postgres"
	"github.com/datenportal/datenportal/storage/sqlite"
)

const dbFile = "datenportal.db"

// app holds the opened components of one process.
type app struct {
	cfg     *Config
	log     *slog.Logger
	store   catalog.Store
	files   catalog.FileStore
	index   *search.Index
	indexer *search.Indexer
	svc     *catalog.Service
}

type appOptions struct {
	// withIndex opens the search index. Only serve and reindex do: the
	// index is one process's, and admin commands must work while serve
	// runs; their writes reach the index through the change log.
	withIndex bool
	// search are the index options; the zero value is what serve uses.
	// Benchmarks turn the result cache and page cursors off with it to
	// measure every request's real work.
	search search.Options
}

// openApp opens store, file store and (optionally) the index, and wires
// the Service.
func openApp(ctx context.Context, cfg *Config, log *slog.Logger, opt appOptions) (*app, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	a := &app{cfg: cfg, log: log}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("opening the database: %w", err)
	}
	a.store = st
	fs, err := files.Open(ctx, cfg.StorageURL, cfg.DataDir, cfg.filesOptions())
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("opening the file store: %w", err)
	}
	a.files = fs
	a.svc = catalog.NewService(st)
	a.svc.Files = fs
	a.svc.Validator = schemas.NewValidator()
	a.svc.MaxUploadBytes = cfg.MaxUploadBytes
	if hs, ok := st.(harvest.Store); ok {
		a.svc.HarvestSources = func(ctx context.Context, orgID string) (int, error) {
			srcs, err := hs.Sources(ctx)
			n := 0
			for _, src := range srcs {
				if src.OrganizationID == orgID {
					n++
				}
			}
			return n, err
		}
	}
	if opt.withIndex {
		idx, err := search.Open(filepath.Join(cfg.DataDir, "index"), opt.search)
		if err != nil {
			a.Close()
			return nil, fmt.Errorf("opening the search index: %w", err)
		}
		a.index = idx
		a.indexer = search.NewIndexer(idx, st, search.IndexerOptions{
			OnError: func(err error) { log.Warn("search indexer", "err", err) },
		})
		a.svc.Search = idx
		a.svc.Index = a.indexer
	}
	return a, nil
}

// openStore opens the metadata store the configuration names: SQLite in
// the data directory by default, PostgreSQL for a postgres:// URL.
func openStore(ctx context.Context, cfg *Config) (catalog.Store, error) {
	if cfg.DatabaseURL != "" {
		return postgres.Open(ctx, cfg.DatabaseURL, postgres.Options{MaxConns: cfg.DatabaseMaxConns})
	}
	return sqlite.Open(ctx, filepath.Join(cfg.DataDir, dbFile))
}

// subscriber is implemented by stores that announce commits (PostgreSQL
// LISTEN/NOTIFY), so the indexer of every instance wakes at once instead
// of at its next poll.
type subscriber interface {
	Subscribe(ctx context.Context) <-chan struct{}
}

// Close releases everything in reverse order of opening.
func (a *app) Close() error {
	var errs []error
	if a.index != nil {
		errs = append(errs, a.index.Close())
	}
	if a.store != nil {
		errs = append(errs, a.store.Close())
	}
	return errors.Join(errs...)
}

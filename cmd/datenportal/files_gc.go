package main

import (
	"context"
	"fmt"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/storage/files"
)

// gcGrace protects objects that are being uploaded or were just stored for
// a record whose transaction has not committed yet.
const gcGrace = 24 * time.Hour

// files runs file-store maintenance commands.
func (m *Main) files(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "gc" {
		return fmt.Errorf("files: unknown or missing subcommand (want: gc)")
	}
	cfg, fs, err := m.commandConfig("files gc", nil)
	if err != nil {
		return err
	}
	grace := fs.Duration("grace", gcGrace, "only remove unreferenced objects older than this")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, m.logger(cfg), appOptions{})
	if err != nil {
		return err
	}
	defer a.Close()
	n, err := sweepFiles(ctx, a, *grace)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "removed %d unreferenced file(s)\n", n)
	return nil
}

// sweepFiles removes stored objects that no distribution points to.
func sweepFiles(ctx context.Context, a *app, grace time.Duration) (int, error) {
	keys := map[string]bool{}
	all := catalog.DatasetFilter{
		States:     []string{catalog.StateActive, catalog.StateDraft, catalog.StateDeleted},
		Visibility: catalog.Visibility{AllPrivate: true},
	}
	err := a.store.EachDataset(ctx, all, func(d *catalog.Dataset) error {
		for _, r := range d.Distributions {
			if r.StorageKey != "" {
				keys[r.StorageKey] = true
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return files.Sweep(ctx, a.files, func(key string) (bool, error) { return keys[key], nil }, grace)
}

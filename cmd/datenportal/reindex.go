package main

import (
	"context"
	"fmt"
	"time"
)

// reindex rebuilds the search index from the store.
func (m *Main) reindex(ctx context.Context, args []string) error {
	cfg, fs, err := m.commandConfig("reindex", nil)
	if err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, m.logger(cfg), appOptions{withIndex: true})
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	if err := a.indexer.Rebuild(ctx); err != nil {
		return err
	}
	n, err := a.index.DocCount()
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "reindexed %d datasets in %s\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}

package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/datenportal/datenportal/search"
)

// reindex rebuilds the search index from the store into a new index
// generation beside the live one. It works while serve runs: the server
// notices the new generation, catches it up from the change log and
// switches to it without downtime.
func (m *Main) reindex(ctx context.Context, args []string) error {
	cfg, fs, err := m.commandConfig("reindex", nil)
	if err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, m.logger(cfg), appOptions{})
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	if err := search.Reindex(ctx, filepath.Join(cfg.DataDir, "index"), a.store, search.Options{}); err != nil {
		return err
	}
	n, err := a.store.LastSeq(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "search index rebuilt up to change %d in %s\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}

package files

import (
	"context"
	"errors"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// staleRemover is implemented by stores that can leave debris outside the
// key space after a crash: temporary files (local) or incomplete multipart
// uploads (S3).
type staleRemover interface {
	RemoveStale(ctx context.Context, olderThan time.Duration) (int, error)
}

// Sweep deletes stored objects that no catalogue record points to, and the
// debris of interrupted uploads. Objects younger than olderThan are kept:
// an upload is stored before its distribution record is committed, and
// that window must not look like garbage. referenced is asked once per old
// object; an error from it stops the sweep, because guessing "unreferenced"
// would delete data. removed counts deleted objects and abandoned uploads.
func Sweep(ctx context.Context, store catalog.FileStore, referenced func(key string) (bool, error), olderThan time.Duration) (removed int, err error) {
	if olderThan < 0 {
		return 0, errors.New("files: sweep: negative grace period")
	}
	cutoff := time.Now().Add(-olderThan)
	err = store.Walk(ctx, func(fi catalog.FileInfo) error {
		if !fi.ModTime.Before(cutoff) {
			return nil
		}
		used, err := referenced(fi.Key)
		if err != nil || used {
			return err
		}
		if err := store.Delete(ctx, fi.Key); err != nil {
			return err
		}
		removed++
		return nil
	})
	if err != nil {
		return removed, err
	}
	if sr, ok := store.(staleRemover); ok {
		n, err := sr.RemoveStale(ctx, olderThan)
		removed += n
		if err != nil {
			return removed, err
		}
	}
	return removed, nil
}

// SweepEvery runs Sweep every interval until ctx is done, handing each
// outcome to report (for logging and metrics; libraries stay silent). The
// first sweep runs after one interval, not at start, so that a restart
// loop cannot turn into a sweep loop.
func SweepEvery(ctx context.Context, interval time.Duration, store catalog.FileStore, referenced func(key string) (bool, error), olderThan time.Duration, report func(removed int, err error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			n, err := Sweep(ctx, store, referenced, olderThan)
			if report != nil {
				report(n, err)
			}
		}
	}
}

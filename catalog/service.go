package catalog

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// Service is the one orchestrator of writes and authorised reads. Every
// adapter (CKAN API, DCAT, web UI, harvester, admin CLI) goes through it, so
// authorisation, validation and the store → index order live in one place.
type Service struct {
	Store     Store
	Validator Validator   // nil: no DCAT-AP.de validation (tests only)
	Search    Searcher    // nil: search unavailable
	Index     IndexWaiter // nil: do not wait for the index after writes
	Files     FileStore   // nil: uploads unavailable
	Downloads *DownloadCounter

	// IndexWait bounds how long a write waits for the index to apply it,
	// so a client that creates and then searches finds its dataset. The
	// write has succeeded either way.
	IndexWait time.Duration
	// MaxUploadBytes limits uploaded files (0: unlimited).
	MaxUploadBytes int64

	Now   func() time.Time
	NewID func() string

	orgs orgCache
}

// NewService returns a Service with defaults for clock and ids.
func NewService(store Store) *Service {
	return &Service{
		Store:     store,
		IndexWait: 5 * time.Second,
		Downloads: NewDownloadCounter(),
		Now:       func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) },
		NewID:     func() string { return uuid.NewString() },
	}
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC().Truncate(time.Microsecond)
	}
	return s.Now()
}

func (s *Service) newID() string {
	if s.NewID == nil {
		return uuid.NewString()
	}
	return s.NewID()
}

// waitIndex waits until the index has applied seq, bounded by IndexWait.
func (s *Service) waitIndex(ctx context.Context, seq int64) {
	if s.Index == nil || seq == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.IndexWait)
	defer cancel()
	_ = s.Index.WaitFor(ctx, seq) // a slow index is not the writer's failure
}

// System is the actor of operator commands (admin CLI, demo loader,
// harvester): a sysadmin that is not a stored user.
var System = &Actor{User: &User{ID: "", Name: "system", Sysadmin: true, State: StateActive}}

// IsUUID reports whether s is a canonical UUID.
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}

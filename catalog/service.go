package catalog

import (
	"context"
	"sync/atomic"
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

	// IndexWait bounds how long a search waits for the index to apply
	// the writes committed before it, so a client that creates and then
	// searches finds its dataset (also on another instance).
	IndexWait time.Duration
	// MaxUploadBytes limits uploaded files (0: unlimited).
	MaxUploadBytes int64
	// HarvestSources counts the harvest sources that fill an organisation
	// (nil: none can), so that one is not deleted under them.
	HarvestSources func(ctx context.Context, orgID string) (int, error)

	Now   func() time.Time
	NewID func() string

	orgs         orgCache
	datasets     datasetCache
	indexLagging atomic.Int64 // unix nanos until which searches do not wait
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

// notifyIndex wakes the indexer after a write. Writers do not wait for
// the index: searches do (syncIndex), so a burst of writes is indexed in
// batches while every search still sees every write committed before it.
func (s *Service) notifyIndex(seq int64) {
	if n, ok := s.Index.(interface{ Notify() }); ok && seq > 0 {
		n.Notify()
	}
}

// syncIndex waits until the index has applied every change committed
// before the search began, bounded by IndexWait. If the index fell behind
// (a wait timed out recently), searches answer from the index as it is
// rather than each waiting in turn, until it has caught up.
func (s *Service) syncIndex(ctx context.Context) {
	if s.Index == nil || s.IndexWait <= 0 {
		return
	}
	if until := s.indexLagging.Load(); until != 0 && time.Now().UnixNano() < until {
		return
	}
	seq, err := s.Store.LastSeq(ctx)
	if err != nil || seq == 0 {
		return
	}
	wctx, cancel := context.WithTimeout(ctx, s.IndexWait)
	defer cancel()
	if err := s.Index.WaitFor(wctx, seq); err != nil && ctx.Err() == nil {
		s.indexLagging.Store(time.Now().Add(10 * time.Second).UnixNano())
	}
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

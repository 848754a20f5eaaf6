package search

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/datenportal/datenportal/catalog"
)

// Source is the part of catalog.Store the indexer reads.
type Source interface {
	Changes(ctx context.Context, after int64, limit int) ([]catalog.Change, error)
	LastSeq(ctx context.Context) (int64, error)
	Dataset(ctx context.Context, idOrName string) (*catalog.Dataset, error)
	EachDataset(ctx context.Context, f catalog.DatasetFilter, fn func(*catalog.Dataset) error) error
	Organization(ctx context.Context, idOrName string) (*catalog.Organization, error)
	Organizations(ctx context.Context) ([]*catalog.Organization, error)
}

// IndexerOptions tune an Indexer; zero values mean the defaults.
type IndexerOptions struct {
	BatchSize int           // changes per batch (default 500)
	Poll      time.Duration // how often Run looks for changes unprompted (default 1 s)
	OrgTTL    time.Duration // how often organisations are re-read for renames (default 30 s)
	// OnError receives errors Run recovers from (the store was briefly
	// unreachable, …); the package itself logs nothing.
	OnError func(error)
}

// Indexer keeps an Index in step with the store's change log.
type Indexer struct {
	ix   *Index
	src  Source
	opts IndexerOptions
	orgs *orgCache
	wake chan struct{}

	applyMu   sync.Mutex // one writer: the loop or a rebuild's final catch-up
	rebuildMu sync.Mutex

	mu       sync.Mutex
	applied  int64
	advanced chan struct{} // closed and replaced when applied grows
}

var _ catalog.IndexWaiter = (*Indexer)(nil)

// NewIndexer returns an indexer for ix fed from src. Call CatchUp at
// start-up and Run in a goroutine.
func NewIndexer(ix *Index, src Source, opts IndexerOptions) *Indexer {
	if opts.BatchSize <= 0 {
		opts.BatchSize = 500
	}
	if opts.Poll <= 0 {
		opts.Poll = time.Second
	}
	if opts.OrgTTL <= 0 {
		opts.OrgTTL = 30 * time.Second
	}
	x := &Indexer{ix: ix, src: src, opts: opts, wake: make(chan struct{}, 1), advanced: make(chan struct{})}
	x.orgs = newOrgCache(src, opts.OrgTTL)
	if seq, err := ix.Seq(); err == nil {
		x.applied = seq
	}
	return x
}

// Notify wakes Run: a write was just committed.
func (x *Indexer) Notify() {
	select {
	case x.wake <- struct{}{}:
	default:
	}
}

// Applied is the last sequence visible to searches.
func (x *Indexer) Applied() int64 {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.applied
}

func (x *Indexer) setApplied(seq int64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if seq > x.applied {
		x.applied = seq
		close(x.advanced)
		x.advanced = make(chan struct{})
	}
}

// WaitFor returns once seq is searchable, so that a client that just
// created a dataset finds it. It needs Run to be running.
func (x *Indexer) WaitFor(ctx context.Context, seq int64) error {
	x.Notify()
	for {
		x.mu.Lock()
		done, ch := x.applied >= seq, x.advanced
		x.mu.Unlock()
		if done {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// CatchUp applies every change after the index's sequence; at start-up
// it also rebuilds an index made by an older mapping.
func (x *Indexer) CatchUp(ctx context.Context) error {
	h, err := x.ix.acquire()
	if err != nil {
		return err
	}
	stale := h.stale()
	h.release()
	if stale {
		return x.Rebuild(ctx)
	}
	x.applyMu.Lock()
	defer x.applyMu.Unlock()
	return x.catchUpLive(ctx)
}

// catchUpLive runs with applyMu held.
func (x *Indexer) catchUpLive(ctx context.Context) error {
	h, err := x.ix.acquire()
	if err != nil {
		return err
	}
	defer h.release()
	return x.catchUp(ctx, h, true)
}

// catchUp applies changes to h until the log is exhausted; live says
// whether h is what searches see (and so whether waiters may be told).
func (x *Indexer) catchUp(ctx context.Context, h *handle, live bool) error {
	after, err := h.seq()
	if err != nil {
		return err
	}
	for {
		changes, err := x.src.Changes(ctx, after, x.opts.BatchSize)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			if live {
				x.setApplied(after)
			}
			return nil
		}
		if err := x.apply(ctx, h, changes); err != nil {
			return err
		}
		after = changes[len(changes)-1].Seq
		if live {
			x.setApplied(after)
		}
	}
}

// apply writes one batch: each touched dataset as it is now in the store
// (so replaying a change twice is harmless) and the new sequence, in one
// Bleve batch.
func (x *Indexer) apply(ctx context.Context, h *handle, changes []catalog.Change) error {
	last := map[string]catalog.Change{}
	var order []string
	for _, c := range changes {
		if _, ok := last[c.DatasetID]; !ok {
			order = append(order, c.DatasetID)
		}
		last[c.DatasetID] = c
	}
	b := h.idx.NewBatch()
	for _, id := range order {
		if err := x.addToBatch(ctx, b, id, last[id].Op == catalog.OpPurge); err != nil {
			return err
		}
	}
	b.SetInternal(keySeq, []byte(strconv.FormatInt(changes[len(changes)-1].Seq, 10)))
	return h.batch(b)
}

func (x *Indexer) addToBatch(ctx context.Context, b *bleve.Batch, id string, purged bool) error {
	if purged {
		b.Delete(id)
		return nil
	}
	d, err := x.src.Dataset(ctx, id)
	if catalog.ErrorCode(err) == catalog.ENOTFOUND {
		b.Delete(id)
		return nil
	}
	if err != nil {
		return err
	}
	org, err := x.orgs.get(ctx, d.OrganizationID)
	if err != nil {
		return err
	}
	return b.Index(d.ID, document(d, org))
}

// Run follows the change log until ctx ends: woken by Notify, otherwise
// every Poll. It also adopts an index rebuilt by `datenportal reindex` in
// another process and re-indexes datasets of renamed organisations.
func (x *Indexer) Run(ctx context.Context) error {
	tick := time.NewTicker(x.opts.Poll)
	defer tick.Stop()
	backoff := time.Duration(0)
	for {
		err := x.step(ctx)
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			if x.opts.OnError != nil {
				x.opts.OnError(err)
			}
			backoff = min(max(2*backoff, x.opts.Poll), time.Minute)
		default:
			backoff = 0
		}
		var pause <-chan time.Time
		if backoff > 0 {
			pause = time.After(backoff)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-x.wake:
			if pause != nil {
				<-pause
			}
		case <-tick.C:
		case <-pause:
		}
	}
}

func (x *Indexer) step(ctx context.Context) error {
	if err := x.adoptExternal(ctx); err != nil {
		return err
	}
	x.applyMu.Lock()
	defer x.applyMu.Unlock()
	h, err := x.ix.acquire()
	if err != nil {
		return err
	}
	defer h.release()
	if err := x.catchUp(ctx, h, true); err != nil {
		return err
	}
	renamed, err := x.orgs.refresh(ctx, h)
	if err != nil || renamed == nil && x.orgs.isRecorded() {
		return err
	}
	for _, orgID := range renamed {
		if err := x.reindexOrg(ctx, h, orgID); err != nil {
			return err
		}
	}
	return x.orgs.record(h)
}

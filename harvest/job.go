package harvest

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// run is the state of one job while it runs.
type run struct {
	h      *Harvester
	src    *SourceConfig
	opt    Options
	source Source
	org    *catalog.Organization
	rep    *recorder

	known map[string]*known // by original id
	seen  map[string]bool   // original ids listed (and not skipped)
	// transient counts failures that may pass by themselves (fetch and
	// store errors); while there are any, incremental runs do not move on.
	transient int

	mu  sync.Mutex // guards job against the heartbeat's snapshots
	job *Job
}

func (r *run) snapshot() *Job {
	r.mu.Lock()
	defer r.mu.Unlock()
	j := *r.job
	if r.job.Error != nil {
		m := *r.job.Error
		j.Error = &m
	}
	return &j
}

func (r *run) update(fn func(j *Job)) {
	r.mu.Lock()
	fn(r.job)
	r.mu.Unlock()
}

func (r *run) count(fn func(c *Counts)) { r.update(func(j *Job) { fn(&j.Counts) }) }

func (r *run) srcConfig() json.RawMessage {
	if r.src == nil {
		return nil
	}
	return r.src.Config
}

// setFailure records the job-level error (the first one wins).
func (r *run) setFailure(stage string, err error) {
	m := MessageOf(err)
	r.update(func(j *Job) {
		if j.Error == nil {
			j.Error, j.Stage = &m, stage
		}
	})
	if r.rep != nil {
		r.rep.add(RecordError{Stage: stage, Severity: SeverityError, Message: m})
	}
}

// run executes the stages; it sets the job's final state and counts.
func (r *run) run(parent context.Context) {
	r.rep = newRecorder(r.h.cfg.Store, r.job)
	defer func() {
		if c := context.Cause(parent); errors.Is(c, ErrAbandoned) || errors.Is(c, errLeaseLost) {
			return
		}
		fctx, cancel := context.WithTimeout(context.WithoutCancel(parent), 15*time.Second)
		defer cancel()
		if err := r.rep.flush(fctx); err != nil {
			r.setFailure(StageImport, Wrap(err, "Bericht nicht vollständig gespeichert", "report not fully stored"))
		}
		r.count(func(c *Counts) { c.Warnings, c.WarningsDropped = r.rep.warnings, r.rep.dropped })
	}()
	if err := r.prepare(parent); err != nil {
		r.setFailure(StageGather, err)
		r.finish(JobFailed)
		return
	}
	ctx, cancel := context.WithTimeout(parent, r.opt.MaxDuration.D())
	defer cancel()

	sp, err := newSpool(r.h.cfg.SpoolDir)
	if err != nil {
		r.setFailure(StageGather, err)
		r.finish(JobFailed)
		return
	}
	defer sp.close()
	complete, gerr := r.gather(ctx, sp)
	if r.stopped(parent, ctx) {
		return
	}
	if gerr != nil {
		r.setFailure(StageGather, gerr)
		if r.opt.OnError == OnErrorFail {
			r.finish(JobFailed)
			return
		}
	}
	if err := r.importAll(ctx, sp); err != nil && ctx.Err() == nil {
		r.setFailure(StageImport, err)
		r.finish(JobFailed)
		return
	}
	if r.stopped(parent, ctx) {
		return
	}
	if complete && gerr == nil {
		r.withdraw(ctx)
		if r.stopped(parent, ctx) {
			return
		}
		r.update(func(j *Job) { j.Complete = true })
		if r.transient == 0 {
			if err := r.h.cfg.Store.SetLastComplete(ctx, r.src.ID, r.job.StartedAt); err != nil {
				r.setFailure(StageImport, err)
			}
		}
		r.finish(JobDone)
		return
	}
	r.finish(JobPartial)
}

func (r *run) finish(state string) {
	r.update(func(j *Job) { j.State = state })
}

// stopped reports whether the job must end early: a shutdown (parent
// cancelled) leaves it interrupted, its own deadline failed.
func (r *run) stopped(parent, ctx context.Context) bool {
	if ctx.Err() == nil {
		return false
	}
	if parent.Err() != nil {
		if c := context.Cause(parent); errors.Is(c, ErrAbandoned) || errors.Is(c, errLeaseLost) {
			return true // the caller writes nothing
		}
		r.update(func(j *Job) {
			j.State = JobInterrupted
			j.Error, j.Stage = &Message{DE: "beim Herunterfahren unterbrochen; läuft beim nächsten Start erneut",
				EN: "interrupted by shutdown; runs again on the next start"}, ""
		})
		return true
	}
	r.setFailure(StageGather, Errorf("Zeitlimit des Laufs (max_duration %s) überschritten", "job time limit (max_duration %s) exceeded", r.opt.MaxDuration.D()))
	r.finish(JobFailed)
	return true
}

// prepare loads the source, its options, kind and organisation, and the
// datasets harvested from it before.
func (r *run) prepare(ctx context.Context) error {
	src, err := r.h.cfg.Store.Source(ctx, r.job.SourceID)
	if err != nil {
		return Wrap(err, "Quelle nicht lesbar", "source not readable")
	}
	r.src = src
	if r.source, r.opt, err = r.h.source(src); err != nil {
		return err
	}
	if r.org, err = r.h.cfg.Catalog.Store.Organization(ctx, src.OrganizationID); err != nil {
		return Wrap(err, "Organisation der Quelle nicht lesbar", "organisation of the source not readable")
	}
	return r.loadKnown(ctx)
}

// gather lists the source into the spool, dropping repeated ids.
func (r *run) gather(ctx context.Context, sp *spool) (bool, error) {
	req := &GatherRequest{Known: func(id string) bool { _, ok := r.known[id]; return ok }}
	if !r.opt.ForceAll && !r.src.LastCompleteAt.IsZero() {
		req.Since = r.src.LastCompleteAt.Add(-r.opt.Margin.D())
		r.update(func(j *Job) { j.Incremental = true })
	}
	listed := map[string]bool{}
	emit := func(it Item) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if it.ID == "" {
			r.rep.add(RecordError{Stage: StageGather, Severity: SeverityError,
				Message: Message{DE: "Eintrag ohne Kennung übersprungen", EN: "record without identifier skipped"}})
			r.count(func(c *Counts) { c.Failed++ })
			return nil
		}
		if listed[it.ID] {
			return nil
		}
		if len(listed) >= r.opt.MaxRecords {
			return Errorf("mehr als %d Einträge (max_records); Auflistung abgebrochen", "more than %d records (max_records); listing stopped", r.opt.MaxRecords)
		}
		listed[it.ID] = true
		r.count(func(c *Counts) { c.Listed++ })
		return sp.add(it)
	}
	return r.source.Gather(ctx, req, emit)
}

// importAll runs the fetch and import stages over the spool.
func (r *run) importAll(ctx context.Context, sp *spool) error {
	r.seen = map[string]bool{}
	return sp.each(func(it Item) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		r.importItem(ctx, it)
		return nil
	})
}

func (r *run) importItem(ctx context.Context, it Item) {
	switch {
	case it.Unchanged:
		r.seen[it.ID] = true
		r.count(func(c *Counts) { c.Unchanged++ })
		return
	case it.Err != nil:
		r.seen[it.ID] = true
		r.failed(StageFetch, it.ID, "", *it.Err)
		return
	}
	rec := it.Record
	if rec == nil {
		var err error
		if rec, err = r.source.Fetch(ctx, it.ID); err != nil {
			if ctx.Err() != nil {
				return
			}
			r.seen[it.ID] = true
			r.transient++
			r.failed(StageFetch, it.ID, "", MessageOf(err))
			return
		}
	}
	if rec.Skip != nil {
		r.count(func(c *Counts) { c.Skipped++ })
		return
	}
	r.seen[it.ID] = true
	r.importRecord(ctx, it.ID, rec)
}

// failed counts a failed record and reports why.
func (r *run) failed(stage, originalID, datasetID string, m Message) {
	r.count(func(c *Counts) { c.Failed++ })
	r.rep.add(RecordError{OriginalID: originalID, DatasetID: datasetID, Stage: stage, Severity: SeverityError, Message: m})
}

package harvest

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// ErrAbandoned, as the cause of cancelling a job's context
// (context.WithCancelCause), stops the job like a crash of its instance:
// nothing more is written, the lease is not released, and another
// instance takes the job over once the lease has expired. The harvester
// uses the same path when it finds its lease lost; tests use it to
// simulate a killed instance.
var ErrAbandoned = errors.New("harvest job abandoned")

// errLeaseLost is the cause when another instance took the job over.
var errLeaseLost = errors.New("harvest lease lost")

// execute runs a job claimed by this instance: it renews the lease while
// the job runs, stops the job if the lease is lost, and stores the
// outcome. Cancelling ctx (shutdown) leaves the job interrupted, to run
// again when claimed; the job's own deadline leaves it failed.
func (h *Harvester) execute(ctx context.Context, job *Job) *Job {
	jctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	r := &run{h: h, job: job}
	if job.Attempts > h.cfg.MaxAttempts {
		r.setFailure(StageGather, Errorf("nach %d Versuchen aufgegeben (abgestürzte oder übernommene Läufe)",
			"given up after %d attempts (crashed or taken-over runs)", job.Attempts-1))
		job.State = JobFailed
	} else {
		done := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() { h.heartbeat(jctx, r, cancel, done) })
		r.run(jctx)
		close(done)
		wg.Wait()
		if c := context.Cause(jctx); errors.Is(c, ErrAbandoned) || errors.Is(c, errLeaseLost) {
			return r.snapshot()
		}
	}
	fin := r.snapshot()
	fin.FinishedAt = h.now()
	fctx, fcancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer fcancel()
	if err := h.cfg.Store.FinishJob(fctx, fin); err != nil && catalog.ErrorCode(err) != catalog.ECONFLICT {
		// The outcome could not be stored: the lease expires and another
		// instance runs the job again, which skips what is unchanged.
		return fin
	}
	if opt, err := ParseOptions(r.srcConfig()); err == nil && !Active(fin.State) {
		h.cfg.Store.PruneJobs(fctx, fin.SourceID, opt.KeepJobs)
	}
	return fin
}

// heartbeat renews the lease every third of its duration and stores the
// progress; when the store says another instance owns the job, it
// cancels the run without letting it write more.
func (h *Harvester) heartbeat(ctx context.Context, r *run, cancel context.CancelCauseFunc, done <-chan struct{}) {
	every := h.cfg.Lease / 3
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-ctx.Done():
			return
		case <-t.C:
		}
		snap := r.snapshot()
		hctx, hcancel := context.WithTimeout(ctx, every)
		err := h.cfg.Store.Heartbeat(hctx, snap, h.now().Add(h.cfg.Lease))
		hcancel()
		if catalog.ErrorCode(err) == catalog.ECONFLICT {
			cancel(errLeaseLost)
			return
		}
	}
}

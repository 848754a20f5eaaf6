package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

// maxPortalRuns bounds the harvests "run now" runs in this process at
// once; more are queued for the scheduler.
const maxPortalRuns = 2

// harvestRun starts a job of a source now ("run now"). The request never
// waits for the harvest: with Options.Background the job runs in this
// process in the background, else (or when enough runs are going) it is
// queued, and the harvest scheduler of any instance claims it at its
// next poll. A source with a job already queued or running gets no
// second one.
func (w *Web) harvestRun(c *gin.Context) {
	ctx := c.Request.Context()
	// Source authorises: only sysadmins and admins of the source's
	// organisation get it.
	src, err := w.opt.Harvest.Source(ctx, c.Param("name"))
	if err != nil {
		w.fail(c, err)
		return
	}
	back := "/harvest/" + pathEscape(src.Name) + "?run="
	store := w.opt.Harvester.Store()
	_, err = store.ActiveJob(ctx, src.ID)
	switch catalog.ErrorCode(err) {
	case "":
		c.Redirect(http.StatusSeeOther, back+"active")
		return
	case catalog.ENOTFOUND:
	default:
		w.fail(c, err)
		return
	}
	if w.runs.start(src.ID) {
		c.Redirect(http.StatusSeeOther, back+"started")
		return
	}
	job := &harvest.Job{ID: uuid.NewString(), SourceID: src.ID, State: harvest.JobQueued,
		Trigger: harvest.TriggerManual, CreatedAt: w.opt.Now().UTC().Truncate(time.Microsecond)}
	err = store.EnqueueJob(ctx, job)
	switch catalog.ErrorCode(err) {
	case "":
		c.Redirect(http.StatusSeeOther, back+"queued")
	case catalog.ECONFLICT:
		c.Redirect(http.StatusSeeOther, back+"active")
	default:
		w.fail(c, err)
	}
}

// runner runs harvest jobs started from the portal in the background,
// under the process's background context, at most maxPortalRuns at once.
type runner struct {
	ctx   context.Context // nil: never runs, only queues
	h     HarvestRunner
	log   *slog.Logger
	slots chan struct{}
}

func newRunner(ctx context.Context, h HarvestRunner, log *slog.Logger) *runner {
	return &runner{ctx: ctx, h: h, log: log, slots: make(chan struct{}, maxPortalRuns)}
}

// start runs the source in the background and reports whether it did.
// Run enqueues the job itself, or takes over (or waits for) the active
// one, so a scheduler that claims the job first does not make it run
// twice.
func (r *runner) start(sourceID string) bool {
	if r.ctx == nil || r.h == nil || r.ctx.Err() != nil {
		return false
	}
	select {
	case r.slots <- struct{}{}:
	default:
		return false
	}
	go func() {
		defer func() { <-r.slots }()
		job, err := r.h.Run(r.ctx, sourceID)
		switch {
		case err != nil && r.ctx.Err() == nil:
			r.log.Warn("harvest run started in the portal failed", "source", sourceID, "err", err)
		case err == nil:
			r.log.Info("harvest job finished", "job", job.ID, "source", sourceID, "state", job.State,
				"created", job.Counts.Created, "updated", job.Counts.Updated, "failed", job.Counts.Failed)
		}
	}()
	return true
}

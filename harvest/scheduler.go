package harvest

import (
	"context"
	"sync"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// SchedulerOptions tune a Scheduler.
type SchedulerOptions struct {
	// Poll is how often due sources and claimable jobs are looked for
	// (default 30 s).
	Poll time.Duration
	// Workers is how many jobs this instance runs at once (default 1).
	Workers int
	// OnError receives errors of the loop itself (store unavailable, bad
	// schedule); jobs report their own errors in their reports.
	OnError func(error)
	// OnJob is called after each job this instance ran.
	OnJob func(*Job)
}

// Scheduler queues jobs of due sources and runs claimable jobs: queued
// ones, interrupted ones, and running ones whose instance stopped renewing
// the lease. Any number of schedulers may share one store.
type Scheduler struct {
	h    *Harvester
	opt  SchedulerOptions
	wake chan struct{}
}

// NewScheduler returns a scheduler for this harvester.
func (h *Harvester) NewScheduler(o SchedulerOptions) *Scheduler {
	if o.Poll <= 0 {
		o.Poll = 30 * time.Second
	}
	if o.Workers <= 0 {
		o.Workers = 1
	}
	if o.OnError == nil {
		o.OnError = func(error) {}
	}
	return &Scheduler{h: h, opt: o, wake: make(chan struct{}, 1)}
}

// Run loops until ctx is done, then cancels the running jobs (which end
// interrupted, their leases released) and waits for them.
func (s *Scheduler) Run(ctx context.Context) {
	sem := make(chan struct{}, s.opt.Workers)
	var wg sync.WaitGroup
	defer wg.Wait()
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.wake:
		}
		s.EnqueueDue(ctx)
	claim:
		for {
			select {
			case sem <- struct{}{}:
			default:
				break claim
			}
			job := s.claim(ctx)
			if job == nil {
				<-sem
				break
			}
			wg.Go(func() {
				defer func() { <-sem }()
				fin := s.h.execute(ctx, job)
				if s.opt.OnJob != nil {
					s.opt.OnJob(fin)
				}
				select {
				case s.wake <- struct{}{}:
				default:
				}
			})
		}
		if !t.Stop() {
			select {
			case <-t.C:
			default:
			}
		}
		t.Reset(s.opt.Poll)
	}
}

// EnqueueDue queues a job for every source whose next run is due.
func (s *Scheduler) EnqueueDue(ctx context.Context) {
	srcs, err := s.h.cfg.Store.Sources(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.opt.OnError(err)
		}
		return
	}
	now := s.h.now()
	for _, src := range srcs {
		sched, err := ParseSchedule(src.Schedule)
		if err != nil {
			s.opt.OnError(Wrap(err, "Quelle "+src.Name, "source "+src.Name))
			continue
		}
		if sched.Manual() || src.NextRunAt.IsZero() || src.NextRunAt.After(now) {
			continue
		}
		job := &Job{ID: s.h.cfg.NewID(), SourceID: src.ID, State: JobQueued, Trigger: TriggerSchedule, CreatedAt: now}
		if _, err := s.h.cfg.Store.EnqueueScheduled(ctx, src.ID, src.NextRunAt, sched.Next(now), job); err != nil && ctx.Err() == nil {
			s.opt.OnError(err)
		}
	}
}

// claim takes the oldest claimable job, or returns nil.
func (s *Scheduler) claim(ctx context.Context) *Job {
	now := s.h.now()
	jobs, err := s.h.cfg.Store.ClaimableJobs(ctx, now, 10)
	if err != nil {
		if ctx.Err() == nil {
			s.opt.OnError(err)
		}
		return nil
	}
	for _, j := range jobs {
		claimed, err := s.h.cfg.Store.ClaimJob(ctx, j.ID, s.h.cfg.Instance, now, now.Add(s.h.cfg.Lease))
		if err == nil {
			return claimed
		}
		if catalog.ErrorCode(err) != catalog.ECONFLICT && ctx.Err() == nil {
			s.opt.OnError(err)
		}
	}
	return nil
}

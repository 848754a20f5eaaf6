package main

import (
	"context"
	"fmt"
	"iter"

	"github.com/datenportal/datenportal/harvest"
)

// copyHarvest copies every harvest source with its jobs, their reports
// and its missing-since marks, keeping ids. Jobs go in through
// ImportHarvestJob: harvest.Store lets only a lease holder write a report.
func (c *copyJob) copyHarvest(ctx context.Context) error {
	if c.srcH == nil {
		return nil
	}
	srcs, err := c.srcH.Sources(ctx)
	if err != nil {
		return err
	}
	for _, s := range srcs {
		if err := c.created("harvest sources",
			func() error { return c.pg.CreateSource(ctx, s) },
			func() error { return c.pg.UpdateSource(ctx, s) }); err != nil {
			return fmt.Errorf("harvest source %s: %w", s.Name, err)
		}
		jobs, err := c.srcH.Jobs(ctx, s.ID, 0)
		if err != nil {
			return err
		}
		for _, j := range jobs {
			var entries int
			if err := c.pg.ImportHarvestJob(ctx, j, c.report(ctx, j.ID, &entries)); err != nil {
				return fmt.Errorf("harvest job %s of %s: %w", j.ID, s.Name, err)
			}
			c.n["harvest jobs"]++
			c.n["report entries"] += entries
		}
		marks, err := c.srcH.Missing(ctx, s.ID)
		if err != nil {
			return err
		}
		ids := make([]string, 0, len(marks))
		for id := range marks {
			ids = append(ids, id)
		}
		// A mark keeps its first time; with --force the source's time
		// must win over one already in the target.
		if err := c.pg.ClearMissing(ctx, s.ID, ids); err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := c.pg.MarkMissing(ctx, s.ID, id, marks[id]); err != nil {
				return fmt.Errorf("missing mark of %s in %s: %w", id, s.Name, err)
			}
			c.n["missing marks"]++
		}
	}
	return nil
}

// reportPage is how many report entries are read and written at once.
const reportPage = 1000

// report yields a source job's report page by page and counts it in n;
// ranging over it again (a retried write) starts afresh.
func (c *copyJob) report(ctx context.Context, jobID string, n *int) iter.Seq2[[]harvest.RecordError, error] {
	return func(yield func([]harvest.RecordError, error) bool) {
		*n = 0
		for off := 0; ; off += reportPage {
			page, err := c.srcH.RecordErrors(ctx, jobID, off, reportPage)
			if err != nil {
				yield(nil, err)
				return
			}
			*n += len(page)
			if len(page) > 0 && !yield(page, nil) || len(page) < reportPage {
				return
			}
		}
	}
}

// verifyHarvest compares every harvest source, job, report entry and
// missing mark of the source with the target.
func (c *copyJob) verifyHarvest(ctx context.Context, bad func(string, ...any)) error {
	if c.srcH == nil {
		return nil
	}
	srcs, err := c.srcH.Sources(ctx)
	if err != nil {
		return err
	}
	for _, s := range srcs {
		if got, err := c.pg.Source(ctx, s.ID); err != nil || !sameJSON(got, s) {
			bad("harvest source %s differs in the target (%v)", s.Name, err)
		}
		jobs, err := c.srcH.Jobs(ctx, s.ID, 0)
		if err != nil {
			return err
		}
		for _, j := range jobs {
			if got, err := c.pg.Job(ctx, j.ID); err != nil || !sameJSON(got, j) {
				bad("harvest job %s differs in the target (%v)", j.ID, err)
				continue
			}
			for off := 0; ; off += reportPage {
				a, err := c.srcH.RecordErrors(ctx, j.ID, off, reportPage)
				if err != nil {
					return err
				}
				b, err := c.pg.RecordErrors(ctx, j.ID, off, reportPage)
				if err != nil {
					return err
				}
				if !sameJSON(a, b) {
					bad("report of harvest job %s differs in the target from entry %d on", j.ID, off)
					break
				}
				if len(a) < reportPage {
					break
				}
			}
		}
		want, err := c.srcH.Missing(ctx, s.ID)
		if err != nil {
			return err
		}
		got, err := c.pg.Missing(ctx, s.ID)
		if err != nil {
			return err
		}
		for id, since := range want {
			if !got[id].Equal(since) {
				bad("missing mark of %s in harvest source %s: %s in the target, %s in the source", id, s.Name, got[id], since)
			}
		}
	}
	return nil
}

package harvest

import (
	"context"
	"sort"

	"github.com/datenportal/datenportal/catalog"
)

// withdraw handles datasets harvested before but not listed now. It runs
// only after a complete, error-free listing. Withdrawing is a soft delete
// through the Service: the record stays (state deleted), disappears from
// lists, search and DCAT, and the change feed reports the deletion to
// whoever harvests us; if the record comes back, the next import revives
// the same dataset.
func (r *run) withdraw(ctx context.Context) {
	marks, err := r.h.cfg.Store.Missing(ctx, r.src.ID)
	if err != nil {
		r.setFailure(StageWithdraw, err)
		return
	}
	var back []string
	var gone []*known
	origOf := map[string]string{}
	for orig, k := range r.known {
		origOf[k.id] = orig
		if r.seen[orig] {
			if _, ok := marks[k.id]; ok {
				back = append(back, k.id)
			}
			continue
		}
		if k.state == catalog.StateDeleted {
			continue
		}
		gone = append(gone, k)
	}
	if len(back) > 0 {
		if err := r.h.cfg.Store.ClearMissing(ctx, r.src.ID, back); err != nil {
			r.setFailure(StageWithdraw, err)
		}
	}
	if len(gone) == 0 {
		return
	}
	// A source that suddenly lists nothing is far more likely broken than
	// emptied (an error page parsed as an empty catalogue); withdrawing
	// everything would be the worst mistake a harvester can make.
	if len(r.seen) == 0 {
		r.rep.add(RecordError{Stage: StageWithdraw, Severity: SeverityWarning, Message: Message{
			DE: "die Quelle listet keinen Datensatz; zur Sicherheit wurde nichts zurückgezogen",
			EN: "the source lists no dataset; as a precaution nothing was withdrawn"}})
		return
	}
	sort.Slice(gone, func(i, j int) bool { return gone[i].name < gone[j].name })
	now := r.h.now()
	sys := catalog.WithActor(ctx, catalog.System)
	for _, k := range gone {
		if ctx.Err() != nil {
			return
		}
		orig := origOf[k.id]
		if r.opt.Withdraw == WithdrawMark {
			since, err := r.h.cfg.Store.MarkMissing(ctx, r.src.ID, k.id, now)
			if err != nil {
				r.failed(StageWithdraw, orig, k.id, MessageOf(err))
				continue
			}
			if due := since.Add(r.opt.Grace.D()); now.Before(due) {
				r.count(func(c *Counts) { c.Missing++ })
				r.rep.add(RecordError{OriginalID: orig, DatasetID: k.id, Stage: StageWithdraw, Severity: SeverityWarning, Message: Message{
					DE: "nicht mehr in der Quelle (seit " + since.Format("2006-01-02 15:04") + " UTC); wird ab " + due.Format("2006-01-02 15:04") + " UTC zurückgezogen",
					EN: "no longer in the source (since " + since.Format("2006-01-02 15:04") + " UTC); withdrawn from " + due.Format("2006-01-02 15:04") + " UTC"}})
				continue
			}
		}
		if err := r.h.cfg.Catalog.DeleteDataset(sys, k.id); err != nil && catalog.ErrorCode(err) != catalog.ENOTFOUND {
			r.failed(StageWithdraw, orig, k.id, MessageOf(err))
			continue
		}
		k.state = catalog.StateDeleted
		r.count(func(c *Counts) { c.Withdrawn++ })
		r.rep.add(RecordError{OriginalID: orig, DatasetID: k.id, Stage: StageWithdraw, Severity: SeverityWarning, Message: Message{
			DE: "nicht mehr in der Quelle: zurückgezogen", EN: "no longer in the source: withdrawn"}})
		if r.opt.Withdraw == WithdrawMark {
			if err := r.h.cfg.Store.ClearMissing(ctx, r.src.ID, []string{k.id}); err != nil {
				r.setFailure(StageWithdraw, err)
			}
		}
	}
}

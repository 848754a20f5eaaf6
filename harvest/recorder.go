package harvest

import (
	"context"
	"time"
)

// MaxWarnings bounds the warnings stored per job: errors are all kept
// (publishers need every one), warnings about repaired values of a large
// catalogue would otherwise outgrow the catalogue itself.
const MaxWarnings = 10_000

// recorder buffers report entries and writes them in batches.
type recorder struct {
	store    Store
	job      *Job // id and lease owner
	buf      []RecordError
	seq      int
	warnings int
	dropped  int
	err      error
}

func newRecorder(s Store, job *Job) *recorder {
	return &recorder{store: s, job: &Job{ID: job.ID, SourceID: job.SourceID, LeaseOwner: job.LeaseOwner}}
}

func (rc *recorder) add(e RecordError) {
	if e.Severity == SeverityWarning {
		if rc.warnings >= MaxWarnings {
			rc.dropped++
			return
		}
		rc.warnings++
	}
	rc.seq++
	e.JobID, e.Seq = rc.job.ID, rc.seq
	e.Message = clipMessage(e.Message)
	e.Field = clip(e.Field, 200)
	e.OriginalID = clip(e.OriginalID, 2000)
	rc.buf = append(rc.buf, e)
	if len(rc.buf) >= 200 {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		rc.flush(ctx)
		cancel()
	}
}

// flush writes the buffer; a failure is remembered and returned by every
// later flush, and the entries are dropped so memory stays bounded.
func (rc *recorder) flush(ctx context.Context) error {
	if len(rc.buf) > 0 {
		if err := rc.store.AddRecordErrors(ctx, rc.job, rc.buf); err != nil && rc.err == nil {
			rc.err = err
		}
		rc.buf = rc.buf[:0]
	}
	return rc.err
}
